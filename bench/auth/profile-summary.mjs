#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof): top self time, and inclusive time of the
// functions on Keyhold's request path, as a share of the samples where the process was busy.
import { readFileSync } from 'node:fs';
import { table } from '../lib/server.mjs';

const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);

function where(frame) {
  return frame.url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/.*\/server\/dist\//, 'server/dist/');
}

export function summarise(
  profile,
  {
    top = 20,
    requests = 0,
    match = /server\/dist\/|typeorm\/(driver|query-builder|entity-manager)|better-sqlite3|mysql2|@apollo\/server|type-graphql|graphql\/(execution|validation|language)/,
  } = {},
) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const counts = new Map();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const label = (n) =>
    `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame)}:${n.callFrame.lineNumber + 1}`;
  let busy = 0;
  let busyMicros = 0;
  profile.samples.forEach((id, i) => {
    const fn = byId.get(id).callFrame.functionName;
    if (fn !== '(idle)' && fn !== '(program)') busyMicros += profile.timeDeltas[i] ?? 0;
  });
  const self = new Map();
  const inclusive = new Map();
  for (const [id, count] of counts) {
    const node = byId.get(id);
    if (IDLE.has(node.callFrame.functionName) && !node.callFrame.url) {
      if (node.callFrame.functionName !== '(garbage collector)') continue;
    }
    busy += count;
    self.set(label(node), (self.get(label(node)) ?? 0) + count);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      const l = label(n);
      if (seen.has(l) || !match.test(where(n.callFrame))) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + count);
    }
  }
  const pct = (c) => `${((c / busy) * 100).toFixed(1)} %`;
  const sorted = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `busy samples: ${busy} of ${profile.samples.length} (${((busy / profile.samples.length) * 100).toFixed(0)} %), ` +
      `busy CPU ${(busyMicros / 1e6).toFixed(2)} s` +
      (requests
        ? `, ${(busyMicros / requests).toFixed(0)} µs of server CPU per request (${requests} requests)`
        : ''),
    'top self time (share of busy samples):',
    table([['self', 'function'], ...sorted(self).map(([l, c]) => [pct(c), l])]),
    'inclusive time of request-path functions (share of busy samples):',
    table([['incl.', 'function'], ...sorted(inclusive).map(([l, c]) => [pct(c), l])]),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node auth/profile-summary.mjs <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(
    summarise(JSON.parse(readFileSync(file, 'utf8')), { top: Number(process.argv[3] ?? 25) }),
  );
}
