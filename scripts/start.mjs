// `pnpm start`: install, build shared -> server -> web, then serve (migrations run at start).
import { spawn } from 'node:child_process';
import { buildEnv, install, root, run } from './env.mjs';

install();
run('pnpm', ['run', 'build']);

const server = spawn(process.execPath, ['server/dist/main.js'], {
  cwd: root,
  stdio: 'inherit',
  env: buildEnv(),
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
