// `pnpm build`: shared -> server -> web, each skipped when none of its inputs changed since its
// last successful build (a content hash kept in its dist folder). Quiet unless a step fails or
// --verbose is given: the full output of a failed step is printed, nothing else.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './env.mjs';

const SKIP_DIRS = new Set(['node_modules', 'dist', 'test', 'e2e', 'coverage', '.artifacts']);
const STAMP = '.build-inputs';

/** What each package's build reads besides its own folder, and what it writes (not an input). */
const packages = [
  { name: 'shared', extra: ['tsconfig.base.json', 'pnpm-lock.yaml'], generated: [] },
  {
    name: 'server',
    needs: ['shared'],
    extra: ['tsconfig.base.json', 'pnpm-lock.yaml'],
    generated: ['server/schema.graphql'],
  },
  {
    name: 'web',
    needs: ['shared'],
    extra: ['tsconfig.base.json', 'pnpm-lock.yaml', 'server/schema.graphql'],
    generated: ['web/src/gql'],
  },
];

function filesUnder(dir, generated, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const rel = relative(root, path);
    if (generated.includes(rel)) continue;
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) filesUnder(path, generated, out);
    } else if (entry.isFile()) {
      out.push(path);
    }
  }
  return out;
}

function inputHash(pkg, hashes) {
  const hash = createHash('sha256');
  for (const need of pkg.needs ?? []) hash.update(`${need}:${hashes.get(need)}\n`);
  const files = [
    ...filesUnder(join(root, pkg.name), pkg.generated),
    ...pkg.extra.map((f) => join(root, f)),
  ].sort();
  for (const file of files) {
    hash.update(`${relative(root, file)}\n`);
    if (existsSync(file)) hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

export function build({ verbose = false, force = false } = {}) {
  const hashes = new Map();
  for (const pkg of packages) {
    const stampPath = join(root, pkg.name, 'dist', STAMP);
    const hash = inputHash(pkg, hashes);
    hashes.set(pkg.name, hash);
    if (!force && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === hash) {
      console.log(`✓ ${pkg.name}: up to date`);
      continue;
    }
    const started = Date.now();
    const result = spawnSync('pnpm', ['--filter', `@keyhold/${pkg.name}`, 'run', 'build'], {
      cwd: root,
      stdio: verbose ? 'inherit' : 'pipe',
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      if (!verbose) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
      console.error(`✖ ${pkg.name}: build failed (exit ${result.status ?? result.signal})`);
      return false;
    }
    // The server's build rewrites schema.graphql, which the web's hash reads: hash after building.
    writeFileSync(stampPath, hash);
    console.log(`✓ ${pkg.name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ok = build({
    verbose: process.argv.includes('--verbose'),
    force: process.argv.includes('--force'),
  });
  process.exit(ok ? 0 : 1);
}
