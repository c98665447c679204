// `pnpm start`: build what changed (shared -> server -> web), then serve. Migrations run at start.
import { spawn } from 'node:child_process';
import { build } from './build.mjs';
import { installUnlessPnpmDid, root } from './env.mjs';

if (!installUnlessPnpmDid() || !build()) process.exit(1);

const server = spawn(process.execPath, ['server/dist/main.js'], { cwd: root, stdio: 'inherit' });

// Ctrl-C in a terminal (or a service manager stopping the group) signals the server too; a
// signal sent to this process alone is passed on. Either way the server drains, flushes usage
// and exits, and this process exits with its code, so pnpm has no failure to report.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (server.exitCode === null) server.kill(signal);
  });
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
