// Prints the gzip weight of what a browser downloads to show /admin/api-keys, and of each
// lazy chunk, from the Vite manifest of web/dist. `--build` builds the web app first.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 250;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'web', 'dist');
const manifestPath = join(dist, '.vite', 'manifest.json');

if (process.argv.includes('--build')) {
  execFileSync('pnpm', ['--filter', '@keyhold/web', 'build'], { cwd: root, stdio: 'inherit' });
}
if (!existsSync(manifestPath)) {
  console.error(
    `✖ ${manifestPath} is missing: run "pnpm build" (or this script with --build) first`,
  );
  process.exit(1);
}

const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const gzipKb = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1024;

/** Files loaded with a chunk: itself, its CSS and, recursively, its static imports. */
function closure(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const css of chunk.css ?? []) seen.add(css);
  for (const dep of chunk.imports ?? []) closure(dep, seen);
  return seen;
}

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const listKey = Object.keys(manifest).find((k) =>
  k.endsWith('modules/api-keys/pages/ApiKeysPage.tsx'),
);
if (!entryKey || !listKey) {
  console.error('✖ the manifest has no entry or no ApiKeysPage chunk');
  process.exit(1);
}

const initialFiles = closure(listKey, closure(entryKey));
const sum = (files) => [...files].reduce((n, f) => n + gzipKb(f), 0);
const initial = sum(initialFiles);
const js = sum([...initialFiles].filter((f) => f.endsWith('.js')));

console.log(
  `Initial load of /admin/api-keys: ${initial.toFixed(1)} KB gzip (JS ${js.toFixed(1)} KB + CSS ${(initial - js).toFixed(1)} KB) in ${initialFiles.size} files; budget ${BUDGET_KB} KB`,
);
console.log('\nLazy chunks (extra gzip KB beyond the initial load, with their own imports):');
const rows = Object.keys(manifest)
  .filter((k) => manifest[k].isDynamicEntry && k !== listKey)
  .map((k) => {
    const extra = [...closure(k)].filter((f) => !initialFiles.has(f));
    return { chunk: k.replace(/^.*\/src\//, 'src/'), kb: sum(extra) };
  })
  .sort((a, b) => b.kb - a.kb);
for (const r of rows) console.log(`  ${r.kb.toFixed(1).padStart(8)}  ${r.chunk}`);
const workers = Object.values(manifest)
  .flatMap((c) => c.assets ?? [])
  .filter((f) => f.includes('worker'));
if (workers.length > 0) {
  console.log(
    `\nEditor workers (fetched by the explorer only): ${workers.map((f) => `${f.split('/').pop()} ${gzipKb(f).toFixed(1)} KB`).join(', ')}`,
  );
}

if (initial > BUDGET_KB) {
  console.error(`\n✖ over budget by ${(initial - BUDGET_KB).toFixed(1)} KB`);
  process.exit(1);
}
