import type { Response } from 'playwright-core';
import type { TestPage } from './harness/browser';
import { browserSuite } from './harness/suite';

const keyhold = browserSuite();
let t: TestPage;

function collectAssets(page: TestPage['page']): Response[] {
  const seen: Response[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/admin/assets/')) seen.push(r);
  });
  return seen;
}

describe('download', () => {
  it('sends scripts and styles precompressed, and the editor only to the explorer', async () => {
    t = await keyhold.open({ signedIn: true });
    const { page } = t;
    const assets = collectAssets(page);
    await page.goto('/admin/api-keys');

    await page.getByText('No API keys yet').waitFor();

    const sent: string[] = [];
    for (const r of assets) {
      const headers = await r.allHeaders();
      if (!/\.(js|css)$/.test(new URL(r.url()).pathname)) continue;
      // Files under 1 KB are not worth compressing and have no variants.
      const size = Number(headers['content-length'] ?? 0);
      if (!headers['content-encoding'] && size <= 1024) continue;
      sent.push(`${r.url()} ${headers['content-encoding']} ${headers.vary}`);
    }
    expect(sent.length).toBeGreaterThan(3);
    for (const line of sent) expect(line).toMatch(/ (br|gzip) Accept-Encoding$/);
    expect(assets.some((r) => r.url().includes('monaco'))).toBe(false);

    await page.goto('/admin/explorer');
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor();
    const monaco = assets.find((r) => /monaco-editor-.*\.js$/.test(r.url()));
    expect(monaco).toBeDefined();
    expect((await monaco!.allHeaders())['content-encoding']).toMatch(/^(br|gzip)$/);
  });
});
