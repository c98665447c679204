import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printKeyholdSchema } from '../schema';

const target = join(__dirname, '..', '..', 'schema.graphql');
writeFileSync(target, printKeyholdSchema());
console.log(`wrote ${target}`);
