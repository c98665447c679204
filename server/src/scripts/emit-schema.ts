import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printKeyholdSchema } from '../schema';

// With SCHEMA_CHECK=1 (CI) the committed file must already be current: a build that would
// change it fails instead, so a schema change never lands without its artefact.
const target = join(__dirname, '..', '..', 'schema.graphql');
const schema = printKeyholdSchema();
const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
if (process.env.SCHEMA_CHECK === '1') {
  if (current !== schema) {
    console.error(
      `${target} is out of date: run \`pnpm --filter @keyhold/server build\` and commit it`,
    );
    process.exit(1);
  }
  console.log(`${target} is current`);
} else if (current !== schema) {
  writeFileSync(target, schema);
  console.log(`wrote ${target}`);
}
