import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, type TestPage } from './browser';
import { startKeyhold, type Keyhold } from './server';

export interface BrowserSuite {
  /** The server's address; read it in hooks and tests, once the suite has started. */
  readonly baseUrl: string;
  /**
   * A fresh page (see `openPage`). After the test every page it opened is closed, and the test
   * fails if any of them logged a console error or threw.
   */
  open: (options?: Parameters<typeof openPage>[2]) => Promise<TestPage>;
}

/**
 * The Jest hooks of a browser test file: before all, Keyhold (`startKeyhold`, with `env`) and
 * Chromium; after each test, its pages closed and checked for errors; after all, both stopped.
 * Call it at the top of the file, before the file's own hooks, which then find it started.
 */
export function browserSuite({ env }: { env?: Record<string, string> } = {}): BrowserSuite {
  let keyhold: Keyhold | undefined;
  let browser: Browser | undefined;
  let opened: TestPage[] = [];

  beforeAll(async () => {
    keyhold = await startKeyhold({ env });
    browser = await launchBrowser();
  });

  afterEach(async () => {
    const pages = opened;
    opened = [];
    for (const p of pages) await p.context.close();
    expect(pages.flatMap((p) => p.errors)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await keyhold?.stop();
  });

  const started = () => {
    if (!keyhold || !browser) throw new Error('browserSuite: Keyhold has not started (yet)');
    return { keyhold, browser };
  };
  return {
    get baseUrl() {
      return started().keyhold.baseUrl;
    },
    open: async (options) => {
      const { keyhold, browser } = started();
      const t = await openPage(browser, keyhold.baseUrl, options);
      opened.push(t);
      return t;
    },
  };
}
