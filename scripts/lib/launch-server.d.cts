import type { ChildProcess } from 'node:child_process';

export const REPO: string;
export const SERVER_MAIN: string;
export const SERVER_CLI: string;
export function requireBuild(main?: string): void;
export function freePort(): Promise<number>;
export function tempSqlite(prefix?: string): { url: string; dir: string };

export interface LaunchOptions {
  env?: Record<string, string>;
  inheritEnv?: boolean;
  main?: string;
  nodeArgs?: string[];
  cwd?: string;
  readyTimeoutMs?: number;
}

export interface LaunchedServer {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  databaseUrl: string;
  output: () => string;
  /** Resolves with the exit code once the process closed (all output read). */
  exit: Promise<number | null>;
  /** SIGTERM by PID, then SIGKILL after `graceMs`; removes the temp database. */
  stop: (graceMs?: number) => Promise<number | null>;
}

export function launchServer(options?: LaunchOptions): Promise<LaunchedServer>;
