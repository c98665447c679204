// Shared by the root scripts.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a command in the repository root with inherited output; returns whether it passed. */
export function run(cmd, args, options = {}) {
  const label = [cmd, ...args].join(' ');
  console.log(`\n▶ ${label}`);
  const result = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...options.env },
  });
  if (result.status !== 0)
    console.error(`✖ ${label} failed (exit ${result.status ?? result.signal})`);
  return result.status === 0;
}

/**
 * pnpm 12 installs the workspace before it runs a root script, so `pnpm start` and `pnpm test`
 * arrive here installed. Started some other way (`node scripts/start.mjs`), install first.
 */
export function installUnlessPnpmDid() {
  if (process.env.npm_lifecycle_event) return true;
  return run('pnpm', ['install', '--prefer-offline']);
}
