// `pnpm test`: install, build, typecheck, lint, every package's tests, then the browser tests.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { install, root, run } from './env.mjs';

install();
run('pnpm', ['run', 'build']);
run('pnpm', ['run', 'typecheck']);
run('pnpm', ['run', 'lint']);
run('pnpm', ['run', 'format:check']);
run('pnpm', ['--filter', '@keyhold/shared', 'test']);
run('pnpm', ['--filter', '@keyhold/server', 'test']);
if (process.env.TEST_MYSQL_URL) {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  run('pnpm', ['--filter', '@keyhold/server', 'test:mysql']);
} else {
  console.warn('\n⚠ TEST_MYSQL_URL is not set: the MySQL/MariaDB integration suite did not run.');
}
run('pnpm', ['--filter', '@keyhold/web', 'test']);

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(chromium)) {
  run('pnpm', ['--filter', '@keyhold/web', 'e2e']);
} else if (process.env.REQUIRE_E2E) {
  console.error(`✖ browser tests required but ${chromium} does not exist`);
  process.exit(1);
} else {
  console.warn(`\n⚠ ${chromium} not found: browser tests did not run (apt-get install chromium).`);
}
