// `pnpm test`: build, then every check and every suite. A failing step does not hide the others:
// all of them run, then the list of failures is printed and the exit code is 1.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from './build.mjs';
import { installUnlessPnpmDid, root, run } from './env.mjs';

if (!installUnlessPnpmDid()) process.exit(1);
console.log('\n▶ build');
if (!build()) process.exit(1);

const failures = [];
const step = (name, cmd, args) => {
  if (!run(cmd, args)) failures.push(name);
};

step('typecheck', 'pnpm', ['run', 'typecheck']);
step('lint', 'pnpm', ['run', 'lint']);
step('format', 'pnpm', ['run', 'format:check']);
step('shared unit tests', 'pnpm', ['--filter', '@keyhold/shared', 'test']);
step('server tests (SQLite)', 'pnpm', ['--filter', '@keyhold/server', 'test']);
if (process.env.TEST_MYSQL_URL) {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  step('server integration tests (MySQL)', 'pnpm', ['--filter', '@keyhold/server', 'test:mysql']);
} else {
  console.warn('\n⚠ TEST_MYSQL_URL is not set: the MySQL/MariaDB integration suite did not run.');
}
step('web unit tests', 'pnpm', ['--filter', '@keyhold/web', 'test']);

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(chromium)) {
  step('browser tests', 'pnpm', ['--filter', '@keyhold/web', 'e2e']);
} else if (process.env.REQUIRE_E2E) {
  console.error(`✖ browser tests required but ${chromium} does not exist`);
  failures.push('browser tests (no Chromium)');
} else {
  console.warn(`\n⚠ ${chromium} not found: browser tests did not run (apt-get install chromium).`);
}

if (failures.length) {
  console.error(`\n✖ ${failures.length} failed: ${failures.join(', ')}`);
  process.exit(1);
}
console.log('\n✓ every check and suite passed');
