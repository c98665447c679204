// Proves the boundary rule bites: the repository's own ESLint config must refuse an import that
// skips a module's public file, and accept the same import through it. Run by `pnpm lint`.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(file, code) {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'keyhold/module-boundaries');
}

test('a module importing another module’s internals fails lint', async () => {
  const errors = await boundaryErrors(
    'server/src/modules/auth/example.ts',
    "import { ApiKeyRepository } from '../api-keys/api-key.repository';\nexport const r = ApiKeyRepository;\n",
  );
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /reaches inside module 'api-keys'/);
});

test('re-exporting another module’s internals fails lint', async () => {
  const errors = await boundaryErrors(
    'server/src/modules/webhooks/index.ts',
    "export { UsageService } from '../usage/usage.service';\n",
  );
  assert.equal(errors.length, 1);
});

test('services.ts and http/ reaching into a module fail lint', async () => {
  for (const [file, source] of [
    ['server/src/services.ts', './modules/usage/usage.service'],
    ['server/src/http/example.ts', '../modules/auth/session-cookie'],
    ['server/src/database/example.ts', '../modules/api-keys/api-key.entity'],
  ]) {
    const errors = await boundaryErrors(file, `import * as m from '${source}';\nexport { m };\n`);
    assert.equal(errors.length, 1, `${file} -> ${source}`);
  }
});

test('common/ importing a module or services.ts fails lint, even through its index', async () => {
  for (const source of ['../modules/auth', '../modules/auth/admin.service', '../services']) {
    const errors = await boundaryErrors(
      'server/src/common/example.ts',
      `import type * as m from '${source}';\nexport type M = typeof m;\n`,
    );
    assert.equal(errors.length, 1, source);
    assert.match(errors[0].message, /common\/ must not import/);
  }
});

test('imports through the public file, and within a module, pass', async () => {
  assert.deepEqual(
    await boundaryErrors(
      'server/src/modules/auth/example.ts',
      "import { ApiKey } from '../api-keys';\nimport { present } from '../api-keys/index';\nimport { x } from './verification-cache';\nexport { ApiKey, present, x };\n",
    ),
    [],
  );
  assert.deepEqual(
    await boundaryErrors(
      'server/src/services.ts',
      "import { UsageService } from './modules/usage';\nexport { UsageService };\n",
    ),
    [],
  );
});
