import { gzipSync } from 'node:zlib';
import { TestApp } from '../support/harness';

let t: TestApp;
beforeAll(async () => {
  t = await TestApp.start();
});
afterAll(() => t.stop());

async function call(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; headers: Headers; code?: string; message?: string }> {
  const res = await fetch(`${t.url}${path}`, init);
  const text = await res.text();
  let error: { message?: string; extensions?: { code?: string } } | undefined;
  try {
    error = (JSON.parse(text) as { errors?: (typeof error)[] }).errors?.[0];
  } catch {
    error = undefined;
  }
  return {
    status: res.status,
    headers: res.headers,
    code: error?.extensions?.code,
    message: error?.message,
  };
}

const json = { 'content-type': 'application/json' };

describe('a wrong HTTP request is told what is wrong with it', () => {
  it.each<[string, string, RequestInit, number, string, RegExp]>([
    [
      'bad JSON',
      '/graphql',
      { method: 'POST', headers: json, body: '{"query": ' },
      400,
      'BAD_REQUEST',
      /not valid JSON/,
    ],
    [
      'no body',
      '/graphql',
      { method: 'POST', headers: json },
      400,
      'BAD_REQUEST',
      /body is missing/,
    ],
    [
      'a text body',
      '/graphql',
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{ viewer { kind } }' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /application\/json/,
    ],
    [
      'a form body',
      '/graphql',
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'query=x',
      },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /application\/json/,
    ],
    [
      'a Latin-1 body',
      '/graphql',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=latin1' },
        body: '{}',
      },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /charset/,
    ],
    [
      'an unknown encoding',
      '/graphql',
      { method: 'POST', headers: { ...json, 'content-encoding': 'zstd' }, body: '{}' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /Content-Encoding/,
    ],
    [
      'a body over the limit',
      '/graphql',
      {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ query: `{ viewer { kind } } # ${'x'.repeat(110_000)}` }),
      },
      413,
      'PAYLOAD_TOO_LARGE',
      /too large \(limit 100kb\)/,
    ],
    [
      'PUT /graphql',
      '/graphql',
      { method: 'PUT', headers: json, body: '{}' },
      405,
      'METHOD_NOT_ALLOWED',
      /use GET or POST/,
    ],
    [
      'DELETE /graphql',
      '/graphql',
      { method: 'DELETE' },
      405,
      'METHOD_NOT_ALLOWED',
      /use GET or POST/,
    ],
    ['POST /healthz', '/healthz', { method: 'POST' }, 405, 'METHOD_NOT_ALLOWED', /use GET or HEAD/],
    ['POST /readyz', '/readyz', { method: 'POST' }, 405, 'METHOD_NOT_ALLOWED', /use GET or HEAD/],
    [
      'POST /admin/api-keys',
      '/admin/api-keys',
      { method: 'POST' },
      405,
      'METHOD_NOT_ALLOWED',
      /use GET or HEAD/,
    ],
    [
      'POST to an asset',
      '/admin/assets/index.js',
      { method: 'POST' },
      405,
      'METHOD_NOT_ALLOWED',
      /use GET or HEAD/,
    ],
    ['a missing asset', '/admin/assets/missing-0000.js', {}, 404, 'NOT_FOUND', /Not found/i],
    ['an unknown route', '/nowhere', {}, 404, 'NOT_FOUND', /Not found/],
    [
      'a path out of the assets',
      '/admin/assets/..%2f..%2fpackage.json',
      {},
      403,
      'FORBIDDEN',
      /Forbidden/,
    ],
    [
      'an asset path that is not UTF-8',
      '/admin/assets/%E0%A4%A',
      {},
      400,
      'BAD_REQUEST',
      /Bad Request/,
    ],
    [
      'a path below /graphql',
      '/graphql/extra',
      { method: 'POST', headers: json, body: '{"query":"{ viewer { kind } }"}' },
      404,
      'NOT_FOUND',
      /Not found/,
    ],
    [
      'GET /graphql accepting only text',
      `/graphql?query=${encodeURIComponent('{ viewer { kind } }')}`,
      { headers: { accept: 'text/plain' } },
      406,
      'NOT_ACCEPTABLE',
      /application\/json/,
    ],
  ])('%s', async (_name, path, init, status, code, message) => {
    const res = await call(path, init);
    expect({ status: res.status, code: res.code }).toEqual({ status, code });
    expect(res.message).toMatch(message);
    if (status !== 400) expect(res.message).not.toMatch(/Malformed request body/);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    if (status === 405) expect(res.headers.get('allow')).toMatch(/GET/);
  });

  // Found by the fuzz test: each answered 500 before.
  it.each<[string, object, RegExp, string?]>([
    [
      'a subscription',
      { query: 'subscription { viewer { kind } }' },
      /Subscriptions are not supported/,
    ],
    [
      'an operationName that the document lacks',
      { query: '{ viewer { kind } }', operationName: 'x' },
      /Unknown operation named "x"/,
      'OPERATION_RESOLUTION_FAILURE',
    ],
    [
      'a persisted-query hash that does not match',
      {
        query: '{ viewer { kind } }',
        extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } },
      },
      /sha does not match/,
    ],
    [
      'an unsupported persisted-query version',
      { extensions: { persistedQuery: { version: 'x', sha256Hash: {} } } },
      /Unsupported persisted query version/,
    ],
  ])('%s is a 400', async (_name, body, message, code = 'BAD_REQUEST') => {
    const res = await call('/graphql', {
      method: 'POST',
      headers: json,
      body: JSON.stringify(body),
    });
    expect({ status: res.status, code: res.code }).toEqual({ status: 400, code });
    expect(res.message).toMatch(message);
  });

  // The GraphQL route reads UTF-8 JSON itself and hands anything else to body-parser.
  it.each<[string, RequestInit, number, RegExp]>([
    [
      'a JSON string instead of an object',
      { body: '"{ viewer { kind } }"' },
      400,
      /not valid JSON/,
    ],
    ['a JSON number', { body: ' 42' }, 400, /not valid JSON/],
    [
      'a gzip body over the limit once inflated',
      {
        body: gzipSync(JSON.stringify({ query: `{ viewer { kind } } # ${'x'.repeat(110_000)}` })),
        headers: { ...json, 'content-encoding': 'gzip' },
      },
      413,
      /too large \(limit 100kb\)/,
    ],
  ])('%s', async (_name, init, status, message) => {
    const res = await call('/graphql', { method: 'POST', headers: json, ...init });
    expect(res.status).toBe(status);
    expect(res.message).toMatch(message);
  });

  it('reads gzip and UTF-16 bodies too, and no answer may be stored by a cache', async () => {
    const body = JSON.stringify({ query: '{ viewer { kind } }' });
    for (const init of [
      { headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync(body) },
      {
        headers: { 'content-type': 'application/json; charset=utf-16le' },
        body: Buffer.from(body, 'utf16le'),
      },
      { headers: { 'content-type': 'application/json; charset=UTF-8' }, body },
    ]) {
      const res = await fetch(`${t.url}/graphql`, { method: 'POST', ...init });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({ data: { viewer: { kind: 'ANONYMOUS' } } });
    }
  });

  it('still serves what is right: GET and POST GraphQL, graphql-response+json, HEAD /healthz', async () => {
    const query = encodeURIComponent('{ viewer { kind } }');
    const get = await fetch(`${t.url}/graphql?query=${query}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(get.status).toBe(200);
    const post = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ query: '{ viewer { kind } }' }),
    });
    expect(await post.json()).toEqual({ data: { viewer: { kind: 'ANONYMOUS' } } });
    expect((await fetch(`${t.url}/healthz`, { method: 'HEAD' })).status).toBe(200);
  });
});
