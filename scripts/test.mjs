#!/usr/bin/env node
// The whole test suite, as `npm test` and CI run it: build the site (the e2e tests drive
// the built site in a real browser), then every test file under tests/ in node's runner,
// whose closing "ℹ pass N / ℹ fail N" lines are the summary CI reads.
//   node scripts/test.mjs [unit|integration|e2e ...] [--no-build]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const noBuild = args.includes('--no-build') || process.env.SKIP_BUILD === '1';
const kinds = args.filter((a) => !a.startsWith('--'));
const suites = kinds.length ? kinds : ['unit', 'integration', 'e2e'];

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') return [];
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}

const files = suites.flatMap((s) => walk(join('tests', s))).sort();
if (!files.length) {
  console.error(`No test files found for ${suites.join(', ')}.`);
  process.exit(1);
}

if (suites.includes('e2e') && !noBuild) {
  console.log('› building the site for the browser tests …');
  const b = spawnSync('npx', ['docusaurus', 'build'], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } });
  if (b.status !== 0) {
    console.error('The site build failed; the browser tests cannot run. Fix the build first.');
    process.exit(b.status ?? 1);
  }
}

const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`, ...files],
  { stdio: 'inherit', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
);
process.exit(r.status ?? 1);
