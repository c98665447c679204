// Compares server/schema.graphql with the contract's SDL: any breaking change fails.
// The contract lives beside the repository (../shared/product/contract.md), not in it.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './env.mjs';

const require = createRequire(join(root, 'server', 'package.json'));
const { buildSchema, findBreakingChanges, findDangerousChanges } = require('graphql');

const candidates = [
  process.env.KEYHOLD_CONTRACT,
  join(root, '..', 'shared', 'product', 'contract.md'),
  '/work/shared/product/contract.md',
].filter(Boolean);
const contractPath = candidates.find((p) => existsSync(p));
if (!contractPath) {
  console.error(`✖ contract not found (looked in: ${candidates.join(', ')}); set KEYHOLD_CONTRACT`);
  process.exit(1);
}
const block = /```graphql\n([\s\S]*?)```/.exec(readFileSync(contractPath, 'utf8'));
if (!block) {
  console.error(`✖ no graphql block in ${contractPath}`);
  process.exit(1);
}
const contract = buildSchema(block[1]);
const ours = buildSchema(readFileSync(join(root, 'server', 'schema.graphql'), 'utf8'));
const breaking = findBreakingChanges(contract, ours);
for (const change of findDangerousChanges(contract, ours))
  console.warn(`⚠ ${change.type}: ${change.description}`);
if (breaking.length) {
  for (const change of breaking) console.error(`✖ ${change.type}: ${change.description}`);
  process.exit(1);
}
console.log(`✓ server/schema.graphql keeps every promise of ${contractPath}`);
