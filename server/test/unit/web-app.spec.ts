import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import express from 'express';
import { acceptsEncoding, createWebApp } from '../../src/http/web-app';

describe('acceptsEncoding', () => {
  it('reads tokens, wildcards and q=0', () => {
    expect(acceptsEncoding('gzip, deflate, br', 'br')).toBe(true);
    expect(acceptsEncoding('gzip;q=1.0, br;q=0', 'br')).toBe(false);
    expect(acceptsEncoding('*', 'gzip')).toBe(true);
    expect(acceptsEncoding(undefined, 'gzip')).toBe(false);
    expect(acceptsEncoding('identity', 'gzip')).toBe(false);
  });
});

describe('precompressed assets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyhold-web-'));
  const script = 'console.log("keyhold");'.repeat(100);
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>k</title>');
  writeFileSync(join(dir, 'assets', 'main-abc.js'), script);
  writeFileSync(join(dir, 'assets', 'main-abc.js.gz'), gzipSync(script));
  writeFileSync(join(dir, 'assets', 'main-abc.js.br'), brotliCompressSync(script));
  writeFileSync(join(dir, 'assets', 'tiny.js'), '1');

  let base = '';
  let close: () => void = () => undefined;
  beforeAll(async () => {
    const app = express();
    app.use('/admin', createWebApp(dir).router);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  const get = (path: string, encoding: string) =>
    fetch(`${base}${path}`, { headers: { 'accept-encoding': encoding } });

  it('sends brotli, then gzip, then identity, with the JavaScript type and Vary', async () => {
    const br = await get('/admin/assets/main-abc.js', 'gzip, br');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toContain('javascript');
    expect(br.headers.get('vary')).toContain('Accept-Encoding');
    expect(br.headers.get('cache-control')).toContain('immutable');
    expect(await br.text()).toBe(script);

    const gz = await get('/admin/assets/main-abc.js', 'gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(await gz.text()).toBe(script);

    const plain = await get('/admin/assets/main-abc.js', 'identity');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toContain('Accept-Encoding');
    expect(await plain.text()).toBe(script);
  });

  it('leaves files without variants and unknown files alone', async () => {
    const tiny = await get('/admin/assets/tiny.js', 'br');
    expect(tiny.headers.get('content-encoding')).toBeNull();
    expect(await tiny.text()).toBe('1');
    expect((await get('/admin/assets/missing.js', 'br')).status).toBe(404);
    expect([403, 404]).toContain((await get('/admin/assets/..%2f..%2fetc%2fpasswd', 'br')).status);
  });
});
