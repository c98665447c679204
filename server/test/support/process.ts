import { spawn } from 'node:child_process';
import {
  freePort,
  launchServer,
  requireBuild,
  SERVER_CLI,
  SERVER_MAIN,
  tempSqlite,
  type LaunchedServer,
} from '../../../scripts/lib/launch-server.cjs';

// The launcher shared with the browser tests and the benchmarks; `pnpm test` builds first.
export { freePort, requireBuild };
export const MAIN = SERVER_MAIN;
export const CLI = SERVER_CLI;

export function tempSqliteUrl(): string {
  return tempSqlite('keyhold-proc-').url;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a built entry point to completion (or until `timeoutMs`), with only the given env. */
export function runNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  input?: string,
  timeoutMs = 20_000,
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin.end(input);
  });
}

export type RunningServer = LaunchedServer;

/** Starts the built server with only the given env (and PATH), and waits until /readyz is 200. */
export function startServer(env: Record<string, string>): Promise<RunningServer> {
  return launchServer({ env, readyTimeoutMs: 60_000 });
}
