import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printKeyholdSchema } from '../../src/schema';

describe('server/schema.graphql', () => {
  it('is what the code produces (run `pnpm --filter @keyhold/server build` to refresh it)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8');
    expect(committed).toBe(printKeyholdSchema());
  });

  it('names the date scalar DateTime, as the contract does', () => {
    expect(printKeyholdSchema()).toContain('scalar DateTime');
    expect(printKeyholdSchema()).not.toContain('DateTimeISO');
  });
});
