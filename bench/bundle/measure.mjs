// Prints what a browser downloads to show /admin/api-keys, and each lazy chunk, from the Vite
// manifest of web/dist: the transfer sizes of the brotli and gzip files the build wrote and
// the server sends (uncompressed size for files too small to have them). `--build` builds
// the web app first.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
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
/** Bytes on the wire for a browser that accepts `suffix` (.br or .gz), in KB. */
const sentKb = (file, suffix) => {
  const path = join(dist, file);
  return (existsSync(path + suffix) ? statSync(path + suffix).size : statSync(path).size) / 1024;
};

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

const sent = (files, suffix) => [...files].reduce((n, f) => n + sentKb(f, suffix), 0);
const raw = [...initialFiles].reduce((n, f) => n + statSync(join(dist, f)).size / 1024, 0);
// The build skips files under 1 KB: compressing them saves nothing.
const missing = [...initialFiles].filter(
  (f) => statSync(join(dist, f)).size >= 1024 && !existsSync(join(dist, f + '.br')),
);
console.log(
  `Initial load of /admin/api-keys: ${initial.toFixed(1)} KB gzip (JS ${js.toFixed(1)} KB + CSS ${(initial - js).toFixed(1)} KB) in ${initialFiles.size} files; budget ${BUDGET_KB} KB`,
);
console.log(
  `Transfer as served: ${sent(initialFiles, '.br').toFixed(1)} KB brotli, ${sent(initialFiles, '.gz').toFixed(1)} KB gzip, ${raw.toFixed(1)} KB uncompressed${missing.length ? ` (no precompressed file for ${missing.length}: rebuild)` : ''}`,
);
console.log(
  '\nLazy chunks (extra KB beyond the initial load, with their own imports: brotli / gzip as served):',
);
const rows = Object.keys(manifest)
  .filter((k) => manifest[k].isDynamicEntry && k !== listKey)
  .map((k) => {
    const extra = [...closure(k)].filter((f) => !initialFiles.has(f));
    return {
      chunk: k.replace(/^.*\/src\//, 'src/'),
      kb: sent(extra, '.br'),
      gz: sent(extra, '.gz'),
    };
  })
  .sort((a, b) => b.kb - a.kb);
for (const r of rows) {
  console.log(`  ${r.kb.toFixed(1).padStart(8)} / ${r.gz.toFixed(1).padStart(8)}  ${r.chunk}`);
}
const workers = Object.values(manifest)
  .flatMap((c) => c.assets ?? [])
  .filter((f) => f.includes('worker'));
if (workers.length > 0) {
  console.log(
    `\nEditor workers (fetched by the explorer only): ${workers.map((f) => `${f.split('/').pop()} ${sentKb(f, '.br').toFixed(1)} KB brotli`).join(', ')}`,
  );
}

if (initial > BUDGET_KB) {
  console.error(`\n✖ over budget by ${(initial - BUDGET_KB).toFixed(1)} KB`);
  process.exit(1);
}
