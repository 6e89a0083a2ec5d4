#!/usr/bin/env node
// The whole suite, as `npm test` and CI run it:
//   0. the checks: `npm run typecheck` and `npm run lint`, at once. A type error or a lint
//      failure stops the run here (exit 1), before any test: nothing lands that fails them.
//      The site build for the browser tests starts beside them, in the background.
//   1. the unit tests (tests/unit: pure, in one process), then the integration tests
//      (tests/integration: real processes, servers on loopback) in node's test runner, four
//      files at a time, the longest files first so no long one starts last;
//   2. the measuring tests (tests/measure): runs whose verdict rests on latency measured
//      against a time-scaled sandbox (stress's knee, nine drills at once, the load engine's
//      self-monitor, memory over time). They run after the others, one file at a time, so
//      the CPU other tests use does not bend what they measure;
//   3. the browser tests (tests/e2e) in Playwright Test against that build
//      (playwright.config.ts: desktop on every page, mobile and dark on a representative set).
// The closing summary has one line for each, and the exit code is non-zero if any failed.
//
//   node scripts/test.mjs                     everything, as above (npm test)
//   node scripts/test.mjs quick               lint and the unit tests, at once (npm run test:quick)
//   node scripts/test.mjs [checks|unit|integration|measure|e2e ...] [--no-build] [-- <playwright args>]
import { spawn } from 'node:child_process';
import { readdirSync, statSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildRunbookBundles } from './runbook-bundles.mjs';
import { failedLines, nodeFailureCollector, playwrightFailures } from './test-summary.mjs';

const argv = process.argv.slice(2);
const dashdash = argv.indexOf('--');
const args = dashdash >= 0 ? argv.slice(0, dashdash) : argv;
const playwrightArgs = dashdash >= 0 ? argv.slice(dashdash + 1) : [];
const noBuild = args.includes('--no-build') || process.env.SKIP_BUILD === '1';
const kinds = args.filter((a) => !a.startsWith('--'));
const quick = kinds.includes('quick');
const suites = quick
  ? ['lint', 'unit']
  : kinds.length
    ? kinds
    : ['checks', 'unit', 'integration', 'measure', 'e2e'];
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', NO_UPDATE_NOTIFIER: '1' };
// npm puts the project's loader (.npmrc: --import tsx/esm) in NODE_OPTIONS for everything it
// runs, so every node process of the suite (tsc, ESLint, the site build, Playwright and its
// workers, each runbook) would load it: a third of a second each. The processes that run
// TypeScript ask for it themselves (node --import tsx, runbookArgv), and npm and npx put it
// back for what they run (the onboarding test's `npx zx …` and `npm start`).
delete env.NODE_OPTIONS;

/**
 * Files whose one or two tests run longest (real time: a whole `npm start` and the
 * onboarding page, Artillery's install and run, a second site build, deploys with their
 * watch). Started first, they overlap the many short files instead of running alone at the end.
 */
const LONGEST_FIRST = [
  'tests/integration/onboarding.test.ts',
  'tests/integration/artillery-journey.test.ts',
  'tests/integration/site-build.test.ts',
  'tests/integration/deploy-render.test.ts',
  'tests/integration/deploy-local.test.ts',
  'tests/integration/load-cli.test.ts',
  'tests/integration/incident-flow.test.ts',
];

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') return [];
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}
const rank = (f) => {
  const i = LONGEST_FIRST.indexOf(f.replaceAll('\\', '/'));
  return i < 0 ? LONGEST_FIRST.length : i;
};
const filesOf = (names) =>
  names
    .flatMap((s) => walk(join('tests', s)))
    .sort()
    .sort((a, b) => rank(a) - rank(b));

/**
 * Runs a command, its output passed through (or kept, with `quiet`, and printed only if it
 * fails), keeping the `ℹ <name> <n>` totals of node's spec reporter as they pass (the
 * failures it lists after them can be long).
 */
const live = new Set();
function run(cmd, cmdArgs, { quiet = false } = {}) {
  return new Promise((done) => {
    const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'], env });
    live.add(child);
    const totals = {};
    const failing = nodeFailureCollector();
    let partial = '';
    let log = '';
    child.stdout.on('data', (d) => {
      if (quiet) log += d;
      else process.stdout.write(d);
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) {
        const m = /^ℹ (\w+) (\d+)$/.exec(l);
        if (m) totals[m[1]] = m[2];
        failing.line(l); // the failed tests' names, for the summary
      }
    });
    child.stderr?.on('data', (d) => (log += d));
    child.on('close', (code) => {
      live.delete(child);
      done({ code: code ?? 1, totals, failures: failing.failures, log: log.trim(), at: Date.now() });
    });
  });
}

const summary = [];
let failed = false;
const started = Date.now();
const secs = (t0) => `${Math.round((Date.now() - t0) / 1000)} s`;
const npmRun = (script) => run('npm', ['run', '-s', script], { quiet: true });

/** The site build, output kept (and printed only if it fails). */
const building =
  suites.includes('e2e') && !noBuild
    ? (console.log('› building the site for the browser tests, in the background …'),
      run('npx', ['docusaurus', 'build'], { quiet: true }))
    : null;

/** One check (npm run typecheck / lint): its output only when it fails. */
async function check(name) {
  const t0 = Date.now();
  const r = await npmRun(name);
  summary.push(`${name}: ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`} in ${secs(t0)}`);
  if (r.code !== 0) console.log(`\n── npm run ${name} failed ──\n${r.log}\n`);
  else console.log(`› ${name} passed (${secs(t0)})`);
  return r.code === 0;
}

/**
 * One node test run over `files`, `concurrency` files at a time, each file in a process of its
 * own; with `concurrency` 0, every file in one process (the unit tests: pure, sharing nothing,
 * and a process per file cost a start of the TypeScript loader each, about 40 s of CPU for
 * the lot against 6 s in one). Its summary line is added.
 */
async function nodeTests(label, files, concurrency) {
  const t0 = Date.now();
  const importAll = `for (const f of ${JSON.stringify(files.map((f) => pathToFileURL(resolve(f)).href))}) await import(f);`;
  const r = await run(
    process.execPath,
    concurrency === 0
      ? ['--import', 'tsx', '--test-reporter=spec', '--input-type=module', '-e', importAll]
      : ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...files],
  );
  const count = (k) => r.totals[k] ?? '?';
  summary.push(
    `${label} (${files.length} files): pass ${count('pass')}, fail ${count('fail')} in ${secs(t0)}${r.code ? ` — exit ${r.code}` : ''}`,
    ...failedLines(r.failures),
  );
  failed ||= r.code !== 0;
}

function finish() {
  for (const child of live) child.kill('SIGTERM'); // a build no test will use
  console.log(`\n── summary (${secs(started)}) ──\n${summary.join('\n')}`);
  process.exit(failed ? 1 : 0);
}

const units = suites.includes('unit') ? filesOf(['unit']) : [];
const integration = suites.includes('integration') ? filesOf(['integration']) : [];
const measuring = suites.includes('measure') ? filesOf(['measure']) : [];

if (quick) {
  // The inner loop: lint and the unit tests side by side.
  const [lintOk] = await Promise.all([check('lint'), nodeTests('unit (one process)', units, 0)]);
  failed ||= !lintOk;
  finish();
}

if (suites.includes('checks')) {
  const results = await Promise.all([check('typecheck'), check('lint')]);
  if (results.includes(false)) {
    failed = true;
    summary.push('No test ran: fix the checks above first (npm run format fixes the layout).');
    finish();
  }
}

if (integration.length || measuring.length) {
  // The runbooks the node tests start, compiled once for the run (scripts/runbook-bundles.mjs).
  const t0 = Date.now();
  env.RUNBOOKS_BUNDLE = await buildRunbookBundles();
  console.log(`› the runbooks were compiled for the tests in ${secs(t0)}`);
}
if (units.length) await nodeTests('unit (one process)', units, 0);
if (integration.length)
  await nodeTests('integration', integration, Number(process.env.TEST_CONCURRENCY ?? 4));
if (measuring.length) {
  // Alone means after the site build too (the browser tests wait for it anyway).
  if (building) await building;
  await nodeTests('measure (one file at a time)', measuring, 1);
}
const nodeKinds = suites.filter((s) => s === 'unit' || s === 'integration' || s === 'measure');
if (nodeKinds.length && !units.length && !integration.length && !measuring.length) {
  summary.push(`No test files found for ${nodeKinds.join(', ')}.`);
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
    const report = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) : undefined;
    const stats = report?.stats;
    summary.push(
      stats
        ? `e2e (playwright test): ${stats.expected} passed, ${stats.unexpected} failed, ${stats.flaky} flaky, ${stats.skipped} skipped in ${secs(t0)}${r.code ? ` — exit ${r.code}` : ''}`
        : `e2e (playwright test): exit ${r.code}, no results file (see the output above)`,
      ...(report ? failedLines(playwrightFailures(report)) : []),
    );
    failed ||= r.code !== 0;
  } else failed = true;
}

finish();
