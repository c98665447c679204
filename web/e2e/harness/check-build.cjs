// The browser tests run what `pnpm build` produced; they never build it themselves.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

module.exports = async () => {
  const root = join(__dirname, '..', '..', '..');
  const missing = ['server/dist/main.js', 'web/dist/index.html'].filter(
    (f) => !existsSync(join(root, f)),
  );
  if (missing.length > 0) {
    throw new Error(
      `Browser tests need a build: ${missing.join(' and ')} missing. Run "pnpm build" at the repository root first.`,
    );
  }
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium))
    throw new Error(`Browser tests need Chromium at ${chromium} (apt-get install chromium).`);
};
