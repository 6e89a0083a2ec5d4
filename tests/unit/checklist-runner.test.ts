import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureConfig } from '../helpers/fixture-config';
import { registry } from '../../runbooks/lib/registry/index';
import { parseChecklists, loadChecklist } from '../../runbooks/lib/pages/page';
import { runChecklist, formatSummary, type RunDeps } from '../../runbooks/lib/checklist/run';
import { resolveCheck, checkArgv } from '../../runbooks/lib/pages/bindings';
import { checkLoadReportFresh } from '../../runbooks/lib/checklist/report-fresh';
import { isRunbookError } from '../../runbooks/lib/errors';
import { ROOT } from '../helpers/run';

const FIX = join(ROOT, 'tests/fixtures/remark');
const config = await fixtureConfig();
const DOCS = join(FIX, '_pages');

function fakeDeps(
  codes: Record<string, number>,
  answers: ('yes' | 'no' | 'skip')[] | undefined,
  calls: string[][],
): RunDeps {
  let t = 0;
  return {
    now: () => (t += 10),
    reportFresh: () => ({ ok: true, detail: 'fresh' }),
    ask: answers ? async () => answers.shift() ?? 'skip' : undefined,
    spawn: async (argv) => {
      calls.push(argv);
      return { code: codes[argv[2] ?? ''] ?? 0 };
    },
  };
}

const opts = (over: Partial<Parameters<typeof runChecklist>[1]> = {}) => ({
  ref: 'ops/drill/steps',
  env: 'staging',
  registry,
  itemTimeoutMs: 1000,
  dryRun: false,
  confirmProduction: false,
  signal: new AbortController().signal,
  ...over,
});

test('the runner reads the page with the same items, order and config values as the site', () => {
  const [steps, manual] = parseChecklists(readFileSync(join(DOCS, 'ops/drill.mdx'), 'utf8'), config);
  assert.equal(steps!.id, 'steps');
  assert.deepEqual(
    steps!.items.map((i) => i.bind?.check ?? 'manual'),
    ['env-check', 'manual', 'health', 'manual'],
  );
  assert.equal(steps!.items[3]!.text, 'Memory is under 450 MB');
  assert.equal(steps!.items[0]!.line, 8, 'front matter keeps line numbers');
  assert.deepEqual(steps!.items[2]!.bind!.flags, ['--retries', '0']);
  assert.equal(manual!.items.length, 1);
});

test('bound items run in page order with the checklist env; a failing one fails the run', async () => {
  const list = loadChecklist(DOCS, 'ops/drill/steps', config).checklist;
  const calls: string[][] = [];
  const rec = await runChecklist(list, opts(), fakeDeps({ 'runbooks/health.ts': 3 }, undefined, calls));
  assert.deepEqual(calls, [
    ['npx', 'zx', 'runbooks/env-check.ts', '--env', 'staging'],
    ['npx', 'zx', 'runbooks/health.ts', '--env', 'staging', '--retries', '0'],
  ]);
  assert.deepEqual(
    rec.items.map((i) => i.outcome),
    ['passed', 'unverified', 'failed', 'unverified'],
  );
  assert.equal(rec.ok, false);
  assert.equal(rec.items[2]!.exitCode, 3);
  assert.match(
    formatSummary(rec),
    /Unverified \(check these by hand\):\n {4}- Someone is watching the channel/,
  );
});

test('manual items are asked when a terminal is there; "no" fails the run', async () => {
  const list = loadChecklist(DOCS, 'ops/drill/steps', config).checklist;
  const ok = await runChecklist(list, opts(), fakeDeps({}, ['yes', 'yes'], []));
  assert.deepEqual(
    ok.items.map((i) => i.outcome),
    ['passed', 'confirmed', 'passed', 'confirmed'],
  );
  assert.equal(ok.ok, true);
  const declined = await runChecklist(list, opts(), fakeDeps({}, ['no', 'skip'], []));
  assert.deepEqual(
    declined.items.map((i) => i.outcome),
    ['passed', 'declined', 'passed', 'unverified'],
  );
  assert.equal(declined.ok, false);
});

test('dry run and interruption run nothing further', async () => {
  const list = loadChecklist(DOCS, 'ops/drill/steps', config).checklist;
  const calls: string[][] = [];
  const dry = await runChecklist(list, opts({ dryRun: true }), fakeDeps({}, undefined, calls));
  assert.equal(calls.length, 0);
  assert.ok(dry.items.every((i) => i.outcome === 'not-run'));
  const ac = new AbortController();
  const deps = fakeDeps({}, undefined, calls);
  const spawn = deps.spawn;
  deps.spawn = async (argv, o) => {
    ac.abort();
    return spawn(argv, o);
  };
  const rec = await runChecklist(list, opts({ signal: ac.signal }), deps);
  assert.equal(rec.partial, true);
  assert.deepEqual(
    rec.items.map((i) => i.outcome),
    ['interrupted', 'not-run', 'not-run', 'not-run'],
  );
});

test('the confirmation is never added to a command; the runner passes on only what the operator typed', async () => {
  const load = resolveCheck({ check: 'load', flags: ['--users', '5'] }, registry);
  assert.ok(
    !checkArgv(load, 'production')!.includes('--confirm-production'),
    'a shown or copied command never carries it',
  );
  const list = {
    id: 'prod',
    title: 'Production',
    items: [
      { id: 'a', text: 'load', bind: { check: 'load', flags: ['--users', '5'] } },
      { id: 'b', text: 'health', bind: { check: 'health', flags: [] } },
    ],
  };
  const typed: string[][] = [];
  await runChecklist(
    list,
    opts({ env: 'production', confirmProduction: true }),
    fakeDeps({}, undefined, typed),
  );
  assert.deepEqual(
    typed.map((a) => a.at(-1)),
    ['--confirm-production', 'production'],
    'only scripts that take the flag get it',
  );
  const untyped: string[][] = [];
  await runChecklist(list, opts({ env: 'production' }), fakeDeps({}, undefined, untyped));
  assert.ok(
    untyped.every((a) => !a.includes('--confirm-production')),
    'not typed, not passed',
  );
});

test('unknown pages, checklists and checks are usage errors naming what exists', () => {
  const err = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      assert.ok(isRunbookError(e));
      return `${e.message} ${e.hint ?? ''}`;
    }
    assert.fail('expected an error');
  };
  assert.match(
    err(() => loadChecklist(DOCS, 'ops/nope/steps', config)),
    /No page "ops\/nope".*ops\/drill/,
  );
  assert.match(
    err(() => loadChecklist(DOCS, 'ops/drill/nope', config)),
    /no checklist "nope".*ops\/drill\/steps, ops\/drill\/only-manual/,
  );
  assert.match(
    err(() => resolveCheck({ check: 'vibes', flags: [] }, registry)),
    /names no check; known checks: .*load-report-fresh/,
  );
  assert.match(
    err(() => resolveCheck({ check: 'sandbox', flags: [] }, registry)),
    /takes no environment/,
  );
  assert.match(
    err(() => resolveCheck({ check: 'health', flags: ['--bogus'] }, registry)),
    /Unknown flag --bogus/,
  );
});

test('load-report-fresh: missing, stale, partial, failed and fresh reports', async () => {
  const { mkdtempSync, writeFileSync, mkdirSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'reports-'));
  const now = Date.parse('2026-01-10T12:00:00Z');
  assert.match(
    checkLoadReportFresh(dir, 'staging', 3_600_000, now).detail,
    /no load report of yours for staging/,
  );
  mkdirSync(join(dir, 'a'));
  const write = (name: string, r: object) => writeFileSync(join(dir, 'a', name), JSON.stringify(r));
  write('old.json', { environment: 'staging', finishedAt: '2026-01-01T00:00:00Z' });
  assert.match(checkLoadReportFresh(dir, 'staging', 3_600_000, now).detail, /h old/);
  write('partial.json', { environment: 'staging', finishedAt: '2026-01-10T11:30:00Z', partial: true });
  assert.match(checkLoadReportFresh(dir, 'staging', 3_600_000, now).detail, /partial/);
  write('failed.json', {
    environment: 'staging',
    finishedAt: '2026-01-10T11:40:00Z',
    verdicts: [{ name: 'p95', pass: false }],
  });
  assert.match(checkLoadReportFresh(dir, 'staging', 3_600_000, now).detail, /missed its SLOs: p95/);
  write('good.json', {
    environment: 'staging',
    finishedAt: '2026-01-10T11:50:00Z',
    verdicts: [{ name: 'p95', pass: true }],
  });
  assert.equal(checkLoadReportFresh(dir, 'staging', 3_600_000, now).ok, true);
  assert.equal(
    checkLoadReportFresh(dir, 'production', 3_600_000, now).ok,
    false,
    'another environment’s report does not count',
  );
  // The load engine's own report shape: target.environment, endedAt, verdict.status.
  write('zz-engine.json', {
    target: { environment: 'staging' },
    endedAt: '2026-01-10T11:55:00Z',
    partial: false,
    invalid: false,
    verdict: { status: 'fail', failures: [{ name: 'errors: pct<1' }] },
  });
  assert.match(
    checkLoadReportFresh([dir], 'staging', 3_600_000, now).detail,
    /missed its SLOs: errors: pct<1/,
  );
  write('zz-engine2.json', {
    target: { environment: 'staging' },
    endedAt: '2026-01-10T11:58:00Z',
    partial: false,
    invalid: false,
    verdict: { status: 'pass', failures: [] },
  });
  assert.equal(checkLoadReportFresh([dir, join(dir, 'missing')], 'staging', 3_600_000, now).ok, true);
});

test('the handbook’s own tests run hermetic: the shipped config, whatever RUNBOOKS_CONFIG the operator set', async () => {
  const c = resolveCheck({ check: 'tests', flags: [] }, registry);
  assert.ok(c.kind === 'command' && c.hermetic);
  const seen: { argv: string[]; hermetic: boolean }[] = [];
  const list = {
    id: 'x',
    title: 'X',
    items: [
      { id: 't', text: 'tests pass', bind: { check: 'tests', flags: [] } },
      { id: 'h', text: 'health', bind: { check: 'health', flags: [] } },
    ],
  };
  await runChecklist(
    list,
    {
      ref: 'p/x',
      env: 'local',
      registry,
      itemTimeoutMs: 1000,
      dryRun: false,
      confirmProduction: false,
      signal: new AbortController().signal,
    },
    {
      spawn: async (argv, o) => (seen.push({ argv, hermetic: o.hermetic }), { code: 0 }),
      reportFresh: () => ({ ok: true, detail: '' }),
      now: Date.now,
    },
  );
  assert.deepEqual(
    seen.map((x) => x.hermetic),
    [true, false],
  );
});

test('a check scoped to some environments is "not applicable" elsewhere; load-report-fresh --env reads that environment', async () => {
  const page = [
    ':::checklist{#gate title="Gate"}',
    '- [ ] Staging was load-tested :check[load-report-fresh]{flags="--env staging" envs="staging,production"}',
    '- [ ] Health :check[health]',
    ':::',
  ].join('\n');
  const [list] = parseChecklists(page, config);
  assert.deepEqual(list!.items[0]!.bind, {
    check: 'load-report-fresh',
    flags: ['--env', 'staging'],
    envs: ['staging', 'production'],
  });
  const asked: string[] = [];
  const deps = {
    ...fakeDeps({}, undefined, []),
    reportFresh: (env: string) => (asked.push(env), { ok: false, detail: 'no report' }),
  };
  const local = await runChecklist(list!, opts({ ref: 'x/gate', env: 'local' }), deps);
  assert.deepEqual(
    local.items.map((i) => i.outcome),
    ['not-applicable', 'passed'],
  );
  assert.equal(local.ok, true, 'not applicable is not a failure');
  assert.match(formatSummary(local), /1 not applicable to local/);
  const prod = await runChecklist(list!, opts({ ref: 'x/gate', env: 'production' }), deps);
  assert.deepEqual(
    prod.items.map((i) => i.outcome),
    ['failed', 'passed'],
  );
  assert.deepEqual(asked, ['staging'], 'production asks for staging’s report');
  assert.throws(
    () => parseChecklists(page.replace('staging,production', 'qa'), config),
    /envs="qa" must list environments among local, staging, production/,
  );
});
