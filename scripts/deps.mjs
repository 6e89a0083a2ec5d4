#!/usr/bin/env node
// The dependency rules of DESIGN.md (.dependency-cruiser.cjs), plus one dependency-cruiser
// cannot express: no cycle between the folders of runbooks/lib (a → b → a through
// different files is a cycle of ideas even when no module imports itself).
//   node scripts/deps.mjs [--root <dir>]     (the root holds runbooks/, src/; default: the repository)
import { cruise } from 'dependency-cruiser';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const i = process.argv.indexOf('--root');
const root = i > 0 ? resolve(process.argv[i + 1]) : REPO;
const require = createRequire(import.meta.url);
const config = require(join(REPO, '.dependency-cruiser.cjs'));

process.chdir(root);
const targets = ['runbooks', 'src'].filter((d) => existsSync(d));
const result = await cruise(targets, {
  ...config.options,
  tsConfig: existsSync('tsconfig.json') ? { fileName: 'tsconfig.json' } : undefined,
  validate: true,
  ruleSet: { forbidden: config.forbidden },
  outputType: 'json',
});
const out = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;

const problems = out.summary.violations
  .filter((v) => v.rule.severity === 'error')
  .map(
    (v) =>
      `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle: ${v.cycle.map((c) => c.name ?? c).join(' → ')})` : ''}`,
  );

// Folder cycles: the graph of runbooks/lib/<folder> → runbooks/lib/<folder>, then Tarjan.
const folderOf = (p) => /^runbooks\/lib\/([^/]+)\//.exec(p)?.[1];
const edges = new Map();
const via = new Map();
for (const m of out.modules) {
  const a = folderOf(m.source);
  if (!a) continue;
  for (const d of m.dependencies) {
    const b = folderOf(d.resolved);
    if (!b || b === a) continue;
    if (!edges.has(a)) edges.set(a, new Set());
    edges.get(a).add(b);
    if (!via.has(`${a}>${b}`)) via.set(`${a}>${b}`, `${m.source} → ${d.resolved}`);
  }
}
let index = 0;
const idx = new Map();
const low = new Map();
const stack = [];
const on = new Set();
const sccs = [];
function strong(v) {
  idx.set(v, index);
  low.set(v, index++);
  stack.push(v);
  on.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!idx.has(w)) {
      strong(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const c = [];
    let w;
    do {
      w = stack.pop();
      on.delete(w);
      c.push(w);
    } while (w !== v);
    if (c.length > 1) sccs.push(c);
  }
}
for (const v of edges.keys()) if (!idx.has(v)) strong(v);
for (const c of sccs) {
  const links = c.flatMap((a) =>
    c.filter((b) => edges.get(a)?.has(b)).map((b) => `    ${a} → ${b}: ${via.get(`${a}>${b}`)}`),
  );
  problems.push(
    `no-folder-cycles: runbooks/lib/{${c.sort().join(', ')}} import each other:\n${links.join('\n')}`,
  );
}

if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`\n${problems.length} dependency problem(s). The rules and why: .dependency-cruiser.cjs`);
  process.exit(1);
}
console.log(`deps: ${out.summary.totalCruised} modules, no forbidden dependency, no folder cycle`);
