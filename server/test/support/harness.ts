import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createConnection } from 'mysql2/promise';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import type { Clock } from '../../src/common/clock';

export { TestClock } from './clock';

export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'correct horse battery staple';

export const usingMysql = process.env.KEYHOLD_TEST_DB === 'mysql';

/** MySQL requires SECRET_ENCRYPTION_KEY; test apps on one database share this one. */
export const TEST_SECRET_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  text: string;
  body: {
    data?: T | null;
    errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  };
}

export interface RequestOptions {
  headers?: Record<string, string>;
  cookie?: string;
  /** Connect to this loopback address instead of the listen address ('127.0.0.1' or '::1'), to pick the socket peer. */
  via?: string;
}

/** A database of its own for one test app: a temp SQLite file, or a fresh MySQL database. */
export async function createTestDatabase(): Promise<{
  url: string;
  drop: () => Promise<void>;
  dir?: string;
}> {
  if (!usingMysql) {
    const dir = mkdtempSync(join(tmpdir(), 'keyhold-test-'));
    return {
      url: `sqlite:${join(dir, 'keyhold.sqlite')}`,
      dir,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const base = process.env.TEST_MYSQL_URL;
  if (!base)
    throw new Error('KEYHOLD_TEST_DB=mysql needs TEST_MYSQL_URL (mysql://root@127.0.0.1:3306)');
  const name = `keyhold_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = await createConnection(base);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const conn = await createConnection(base);
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

export class TestApp {
  private constructor(
    readonly app: App,
    readonly url: string,
    readonly databaseUrl: string,
    readonly logs: string[],
    private readonly dropDatabase?: () => Promise<void>,
  ) {}

  /** Starts the real app over HTTP on its own database (or on `databaseUrl`, to share one). */
  static async start(
    env: Record<string, string> = {},
    shared?: { databaseUrl: string },
    options: { clock?: Clock } = {},
  ): Promise<TestApp> {
    const database = shared ? undefined : await createTestDatabase();
    const databaseUrl = shared?.databaseUrl ?? database!.url;
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      LOG_LEVEL: 'debug',
      USAGE_FLUSH_SECONDS: '3600',
      ...(databaseUrl.startsWith('mysql:')
        ? { SECRET_ENCRYPTION_KEY: TEST_SECRET_ENCRYPTION_KEY }
        : {}),
      ...env,
    });
    const logs: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    const app = await createApp(config, {
      logger: pino({ level: config.logLevel }, sink),
      clock: options.clock,
    });
    const url = await app.listen();
    return new TestApp(app, url, databaseUrl, logs, database?.drop);
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.dropDatabase?.();
  }

  async request<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    options: RequestOptions = {},
  ): Promise<GqlResponse<T>> {
    const response = await fetch(`${options.via ? this.urlOn(options.via) : this.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
  }

  /** The server's URL reached through another local address (the app must listen on it, e.g. HOST '::'). */
  urlOn(host: string): string {
    const { port } = this.app.server.address() as AddressInfo;
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  /** Signs in as the configured admin; returns the Cookie header value. */
  async adminCookie(email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<string> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { kind } }',
        variables: { e: email, p: password },
      }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (!setCookie) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    return setCookie.split(';')[0]!;
  }

  async admin<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GqlResponse<T>> {
    this.cookie ??= await this.adminCookie();
    return this.request<T>(query, variables, { cookie: this.cookie });
  }

  private cookie?: string;

  /** Signs in again on the next `admin` call: after the test clock moved past the session. */
  newSession(): void {
    this.cookie = undefined;
  }

  /** Creates a key as the admin and returns what an integrator is handed. */
  async createKey(input: Record<string, unknown> = {}): Promise<CreatedKey> {
    const response = await this.admin<{
      createApiKey: { secret: string; apiKey: { id: string; key: string } };
    }>(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id key } } }`,
      { input },
    );
    const payload = response.body.data?.createApiKey;
    if (!payload) throw new Error(`createApiKey failed: ${response.text}`);
    return { id: payload.apiKey.id, key: payload.apiKey.key, secret: payload.secret };
  }
}

export interface CreatedKey {
  id: string;
  key: string;
  secret: string;
}

export function basic(key: string, secret: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` };
}

export function apiKeyHeaders(key: string, secret: string): Record<string, string> {
  return { 'x-api-key': key, 'x-api-secret': secret };
}

export const ALL_SCOPES = ['api_keys:read', 'api_keys:write', 'api_keys:verify', 'webhooks:manage'];

export function errorOf(response: GqlResponse): Record<string, unknown> & { message: string } {
  const error = response.body.errors?.[0];
  if (!error) throw new Error(`expected an error, got ${response.text}`);
  return { message: error.message, ...error.extensions };
}
