#!/usr/bin/env zx
/**
 * `npm run bench:startup`: what a runbook costs before it reads its first flag, as a ratio
 * of CPU time (user + system, the process and its children) against `npx zx --version` —
 * the floor every `npx zx runbooks/<name>.ts` pays — measured in pairs, round by round, so
 * a busy machine bends both sides alike. Every script and every test that spawns one pays
 * this, so the shells import their library only after the flags are parsed (runScript's
 * header says how). Target: median ratio ≤ 1.2 for `--help`.
 * Not a test: a ratio to read.
 *   npm run bench:startup [-- --rounds 5 --only health,load]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const ROUNDS = Math.min(Math.max(Number(arg('rounds') ?? 5) || 5, 1), 20);
const TARGET = 1.2;
const all = readdirSync(join(ROOT, 'runbooks'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));
const only = arg('only')?.split(',');
const scripts = only ? all.filter((s) => only.includes(s)) : all;
if (!scripts.length) {
  console.error(`no runbook matches --only ${only?.join(',')}; runbooks: ${all.join(', ')}`);
  process.exit(2);
}

/** CPU seconds (user + sys) of one command and its children, through bash's `time`. */
function cpuSeconds(command: string): number {
  const r = spawnSync('bash', ['-c', `TIMEFORMAT='%3U %3S'; time (${command} >/dev/null 2>&1)`], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  const m = /([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  if (!m) throw new Error(`could not time \`${command}\`: ${r.stderr.slice(-300)}`);
  return Number(m[1]) + Number(m[2]);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

// One warm-up of each, so tsx's transform cache is filled as on any second run.
cpuSeconds('npx zx --version');
for (const s of scripts) cpuSeconds(`npx zx runbooks/${s}.ts --help`);

const floor: number[] = [];
const per = new Map<string, number[]>(scripts.map((s) => [s, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const s of scripts) {
    const base = cpuSeconds('npx zx --version');
    const help = cpuSeconds(`npx zx runbooks/${s}.ts --help`);
    floor.push(base);
    per.get(s)!.push(help / base);
  }
}

const rows = scripts.map((s) => ({ script: s, ratio: median(per.get(s)!) }));
const overall = median(rows.map((r) => r.ratio));
console.log(
  `npx zx --version: ${median(floor).toFixed(2)} s CPU (median of ${floor.length}); ${ROUNDS} paired rounds per script\n`,
);
console.log('script        --help CPU ÷ npx zx --version');
for (const r of rows)
  console.log(`${r.script.padEnd(13)} ${r.ratio.toFixed(2)}×${r.ratio > TARGET ? '  (over target)' : ''}`);
console.log(`\nmedian over scripts: ${overall.toFixed(2)}× (target ≤ ${TARGET}×)`);
