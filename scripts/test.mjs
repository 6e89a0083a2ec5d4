#!/usr/bin/env node
// The whole suite, as `npm test` and CI run it:
//   1. unit and integration tests (tests/unit, tests/integration) in node's test runner, four
//      files at a time, while the site builds in the background (the integration tests mostly
//      wait on real time, so the build costs little wall time there);
//   2. the measuring tests (tests/measure): runs whose verdict rests on latency measured
//      against a time-scaled sandbox (stress's knee, nine drills at once, the load engine's
//      self-monitor, memory over time). They run after the others, one file at a time, so
//      the CPU other tests use does not bend what they measure;
//   3. the browser tests (tests/e2e) in Playwright Test against that build
//      (playwright.config.ts: desktop, mobile and dark projects).
// All always run; the closing summary has one line for each, and the exit code is non-zero
// if any failed.
//   node scripts/test.mjs [unit|integration|measure|e2e ...] [--no-build] [-- <playwright args>]
import { spawn } from 'node:child_process';
import { readdirSync, statSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const dashdash = argv.indexOf('--');
const args = dashdash >= 0 ? argv.slice(0, dashdash) : argv;
const playwrightArgs = dashdash >= 0 ? argv.slice(dashdash + 1) : [];
const noBuild = args.includes('--no-build') || process.env.SKIP_BUILD === '1';
const kinds = args.filter((a) => !a.startsWith('--'));
const suites = kinds.length ? kinds : ['unit', 'integration', 'measure', 'e2e'];
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', NO_UPDATE_NOTIFIER: '1' };

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') return [];
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}

/**
 * Runs a command with its output passed through, keeping the `ℹ <name> <n>` totals of node's
 * spec reporter as they pass (the failures it lists after them can be long).
 */
function run(cmd, cmdArgs) {
  return new Promise((done) => {
    const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'inherit'], env });
    const totals = {};
    let partial = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) {
        const m = /^ℹ (\w+) (\d+)$/.exec(l);
        if (m) totals[m[1]] = m[2];
      }
    });
    child.on('close', (code) => done({ code: code ?? 1, totals }));
  });
}

const summary = [];
let failed = false;
const started = Date.now();
const secs = (t0) => `${Math.round((Date.now() - t0) / 1000)} s`;

/** The site build, output kept (and printed only if it fails). */
function buildSite() {
  console.log('› building the site for the browser tests, in the background …');
  return new Promise((done) => {
    const child = spawn('npx', ['docusaurus', 'build'], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('close', (code) => done({ code: code ?? 1, log, at: Date.now() }));
  });
}
const building = suites.includes('e2e') && !noBuild ? buildSite() : null;

/** One node --test run over `files`, `concurrency` files at a time; its summary line added. */
async function nodeTests(label, files, concurrency) {
  const t0 = Date.now();
  const r = await run(process.execPath, [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    `--test-concurrency=${concurrency}`,
    ...files,
  ]);
  const count = (k) => r.totals[k] ?? '?';
  summary.push(
    `${label} (node --test, ${files.length} files): pass ${count('pass')}, fail ${count('fail')} in ${secs(t0)}${r.code ? ` — exit ${r.code}` : ''}`,
  );
  failed ||= r.code !== 0;
}

const filesOf = (names) => names.flatMap((s) => walk(join('tests', s))).sort();
const parallel = filesOf(suites.filter((s) => s === 'unit' || s === 'integration'));
const measuring = suites.includes('measure') ? filesOf(['measure']) : [];
if (parallel.length)
  await nodeTests(
    suites.filter((s) => s === 'unit' || s === 'integration').join(' + '),
    parallel,
    process.env.TEST_CONCURRENCY ?? 4,
  );
if (measuring.length) {
  // Alone means after the site build too (the browser tests wait for it anyway).
  if (building) await building;
  await nodeTests('measure (one file at a time)', measuring, 1);
}
if (suites.some((s) => s !== 'e2e') && !parallel.length && !measuring.length) {
  summary.push(`No test files found for ${suites.filter((s) => s !== 'e2e').join(', ')}.`);
  failed = true;
}

if (suites.includes('e2e')) {
  const t0 = Date.now();
  let built = true;
  if (building) {
    const b = await building;
    built = b.code === 0;
    console.log(
      built
        ? `› the site was built ${secs(b.at)} ago`
        : `${b.log.slice(-6000)}\n› the site build failed (exit ${b.code})`,
    );
    if (!built)
      summary.push('e2e: the site build failed, so the browser tests did not run. Fix the build first.');
  }
  if (built) {
    const r = await run(process.execPath, [
      join('node_modules', '@playwright', 'test', 'cli.js'),
      'test',
      ...playwrightArgs,
    ]);
    const results = join('test-results', 'e2e-results.json');
    const stats = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')).stats : undefined;
    summary.push(
      stats
        ? `e2e (playwright test): ${stats.expected} passed, ${stats.unexpected} failed, ${stats.flaky} flaky, ${stats.skipped} skipped in ${secs(t0)}${r.code ? ` — exit ${r.code}` : ''}`
        : `e2e (playwright test): exit ${r.code}, no results file (see the output above)`,
    );
    failed ||= r.code !== 0;
  } else failed = true;
}

console.log(`\n── summary (${secs(started)}) ──\n${summary.join('\n')}`);
process.exit(failed ? 1 : 0);
