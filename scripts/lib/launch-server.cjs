// The one way to run the built server for a test, a browser test or a benchmark: spawn
// `node server/dist/main.js` on a free port (on a temp SQLite file unless DATABASE_URL is given),
// wait for /readyz, keep its output, and stop it by its PID. CommonJS so that Jest (server and web
// suites, without ESM support) and the benchmarks' ES modules can all load it.
'use strict';
const { spawn } = require('node:child_process');
const { existsSync, mkdtempSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const REPO = resolve(__dirname, '..', '..');
const SERVER_MAIN = join(REPO, 'server', 'dist', 'main.js');
const SERVER_CLI = join(REPO, 'server', 'dist', 'cli.js');

/** The built server is what users run: fail clearly when it was not built. */
function requireBuild(main = SERVER_MAIN) {
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`pnpm run build\` first`);
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

/** A SQLite URL in a new temp directory, and the directory (to remove when done). */
function tempSqlite(prefix = 'keyhold-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { url: `sqlite:${join(dir, 'keyhold.sqlite')}`, dir };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * MySQL requires SECRET_ENCRYPTION_KEY. Servers launched for tests and benchmarks on one MySQL
 * database must share it, so they get this fixed test key unless the caller gives one.
 */
const TEST_SECRET_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

/**
 * Starts the built server and resolves once /readyz answers 200.
 * options: env (added last; DATABASE_URL there wins over the temp SQLite file), inheritEnv (pass
 * this process's environment through; otherwise the child sees only PATH and what is given),
 * main (another build's main.js), nodeArgs, cwd, readyTimeoutMs.
 */
async function launchServer(options = {}) {
  const {
    env = {},
    inheritEnv = false,
    main = SERVER_MAIN,
    nodeArgs = [],
    cwd = REPO,
    readyTimeoutMs = 30_000,
  } = options;
  requireBuild(main);
  const port = await freePort();
  const temp = env.DATABASE_URL ? null : tempSqlite();
  const child = spawn(process.execPath, [...nodeArgs, main], {
    cwd,
    env: {
      ...(inheritEnv ? process.env : { PATH: process.env.PATH ?? '' }),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      ...(temp ? { DATABASE_URL: temp.url } : {}),
      ...(String(env.DATABASE_URL ?? '').startsWith('mysql:') &&
      !env.SECRET_ENCRYPTION_KEY &&
      !(inheritEnv && process.env.SECRET_ENCRYPTION_KEY)
        ? { SECRET_ENCRYPTION_KEY: TEST_SECRET_ENCRYPTION_KEY }
        : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  // 'close', not 'exit': only then has all of the child's output been read.
  const exit = new Promise((res) => child.once('close', (code) => res(code)));
  const url = `http://127.0.0.1:${port}`;

  /** SIGTERM by PID, SIGKILL if it has not exited within `graceMs`; resolves to the exit code. */
  async function stop(graceMs = 10_000) {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGTERM');
      let timer;
      const late = new Promise((r) => (timer = setTimeout(() => r('late'), graceMs)));
      if ((await Promise.race([exit, late])) === 'late') process.kill(child.pid, 'SIGKILL');
      clearTimeout(timer);
    }
    const code = await exit;
    if (temp) rmSync(temp.dir, { recursive: true, force: true });
    return code;
  }

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`server exited (${child.exitCode}) before it was ready:\n${output}`);
    }
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop(0);
      throw new Error(`server not ready after ${readyTimeoutMs} ms:\n${output}`);
    }
    await sleep(100);
  }
  return {
    url,
    port,
    pid: child.pid,
    child,
    databaseUrl: temp ? temp.url : env.DATABASE_URL,
    output: () => output,
    exit,
    stop,
  };
}

module.exports = {
  REPO,
  SERVER_CLI,
  SERVER_MAIN,
  freePort,
  launchServer,
  requireBuild,
  tempSqlite,
};
