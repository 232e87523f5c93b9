// Summarises a V8 CPU profile (node --cpu-prof): the top functions by self time and the top
// files by self time, with their shares of the sampled time, and the top functions by total
// (inclusive) time. `node src/profile/summarize-cpuprofile.mjs FILE.cpuprofile [--top N]`.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { top: { type: 'string', default: '20' } },
  allowPositionals: true,
});
const top = Number(values.top);
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const intervals = profile.timeDeltas;
for (let k = 0; k < profile.samples.length; k++) {
  const id = profile.samples[k];
  self.set(id, (self.get(id) ?? 0) + (intervals[k] ?? 0));
}
const total = [...self.values()].reduce((sum, t) => sum + t, 0);

const shortUrl = (url) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/^.*\/packages\//, 'packages/')
    .replace(/^.*\/tooling\//, 'tooling/') || '(native)';
const label = (frame) =>
  `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;

// Inclusive time: each node's self time added to every distinct function on its stack.
const parent = new Map();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parent.set(child, node.id);
const byFunctionSelf = new Map();
const byFile = new Map();
const byFunctionTotal = new Map();
for (const [id, time] of self) {
  const frame = nodes.get(id).callFrame;
  const key = label(frame);
  byFunctionSelf.set(key, (byFunctionSelf.get(key) ?? 0) + time);
  const file = shortUrl(frame.url);
  byFile.set(file, (byFile.get(file) ?? 0) + time);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const name = label(nodes.get(at).callFrame);
    if (seen.has(name)) continue;
    seen.add(name);
    byFunctionTotal.set(name, (byFunctionTotal.get(name) ?? 0) + time);
  }
}

const print = (title, map) => {
  console.log(`\n${title}`);
  for (const [key, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(
      `  ${((100 * time) / total).toFixed(1).padStart(5)}%  ${(time / 1000).toFixed(0).padStart(6)} ms  ${key}`,
    );
};
console.log(`sampled ${(total / 1000).toFixed(0)} ms`);
print('self time by function', byFunctionSelf);
print('self time by file', byFile);
print('total (inclusive) time by function', byFunctionTotal);
