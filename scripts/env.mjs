// Shared by the root scripts: run commands with the environment a fresh machine needs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function buildEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  // better-sqlite3 has no downloadable prebuilt binary here; node-gyp compiles it against
  // the system's Node headers, which pnpm does not pick up from .npmrc.
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) {
    env.npm_config_nodedir = '/usr';
  }
  return env;
}

export function run(cmd, args, options = {}) {
  const label = [cmd, ...args].join(' ');
  console.log(`\n▶ ${label}`);
  const result = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: buildEnv(options.env),
  });
  if (result.status !== 0) {
    console.error(`✖ ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

export function install() {
  run('pnpm', ['install', '--prefer-offline']);
}
