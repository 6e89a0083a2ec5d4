// The scorecard's rules: sandbox evidence never counts for production, stale evidence is
// not measured, a verdict the data cannot support is not measured (never kept), the four
// keys from a ledger with deploys and one rolled back, and uptime from platform events and
// from published monitor runs with their coverage. Inputs are the committed example
// reports, retargeted where a rule needs it, and tests/fixtures/scorecard/ledger.jsonl.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/root';
import { loadConfig } from '../../runbooks/lib/config/load';
import type { Config } from '../../runbooks/lib/config/schema';
import type { LedgerRecord } from '../../runbooks/lib/ledger/index';
import { validateReport, type Report } from '../../runbooks/lib/report/schema';
import type { PromiseRow } from '../../runbooks/lib/report/scorecard';
import {
  buildScorecardReport,
  deliveryKeys,
  deploysFromLedger,
  deploysFromRender,
  downtimeFromEvents,
  promiseRows,
  readPublishedReports,
  summaryLine,
  uptimeFromMonitorRuns,
  uptimePct,
  type DeploySet,
  type PublishedReport,
  type ScorecardInputs,
} from '../../runbooks/lib/scorecard/index';

const config = await loadConfig(join(ROOT, 'runbooks.config.ts'));
const AS_OF = Date.parse('2026-12-07T12:00:00Z');
const DAY = 86_400_000;
const examples = readPublishedReports(join(ROOT, 'static/reports')).reports;
const ledger = readFileSync(join(ROOT, 'tests/fixtures/scorecard/ledger.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as LedgerRecord);

const noDeploys: DeploySet = { source: 'ledger', facts: [], statuses: [] };
const inputs = (o: Partial<ScorecardInputs> = {}): ScorecardInputs => ({
  config,
  environment: 'production',
  asOf: AS_OF,
  reports: examples,
  deploys: noDeploys,
  platform: null,
  statuses: [],
  ...o,
});
const row = (i: ScorecardInputs, id: PromiseRow['id']) => promiseRows(i).rows.find((r) => r.id === id)!;

/** An example report moved to another environment, time, or off the sandbox. */
function retarget(
  file: string,
  o: { environment?: string; sandbox?: boolean; startedAt?: string; mutate?: (r: Report) => void },
): PublishedReport {
  const p = examples.find((e) => e.file === file)!;
  const r = structuredClone(p.report);
  r.target.environment = o.environment ?? r.target.environment;
  r.target.sandbox = o.sandbox ?? r.target.sandbox;
  if (o.startedAt) r.startedAt = o.startedAt;
  o.mutate?.(r);
  return { file: p.file, report: r, example: false };
}
const LOAD_15 = 'load/2026-11-28T06-25-17Z-local.json';
const LOAD_5 = 'load/2026-12-03T13-22-45Z-local.json';
const COST = 'cost/2026-11-28T06-01-24Z-local.json';
const passing15 = (o: Parameters<typeof retarget>[1]) =>
  retarget(LOAD_15, {
    ...o,
    mutate: (r) => {
      r.verdict = { ...r.verdict, status: 'pass', failures: [] };
      o.mutate?.(r);
    },
  });

test('the committed examples are all sandbox runs: for production every report-based promise is not measured, each piece of evidence labelled sandbox and not counted', () => {
  const { rows } = promiseRows(inputs());
  assert.equal(rows.length, 11);
  for (const r of rows) assert.notEqual(r.verdict, 'kept', `${r.id} kept on sandbox evidence`);
  for (const id of [
    'load-10-users',
    'capacity-15-users',
    'p95-latency',
    'cost-per-user',
    'baselines',
  ] as const) {
    const r = row(inputs(), id);
    assert.equal(r.verdict, 'not-measured', id);
    assert.match(r.reason, /sandbox, which says nothing about production/, id);
    assert.ok(r.evidence.length && r.evidence.every((e) => e.sandbox && !e.counted), id);
  }
  // What the sandbox measured is shown, labelled, not hidden.
  assert.match(row(inputs(), 'cost-per-user').measured!.text, /\(sandbox, not counted\)$/);
});

test('the same sandbox evidence counts for the local environment, where the sandbox is the target', () => {
  const i = inputs({
    environment: 'local',
    reports: [...examples.filter((e) => e.file !== LOAD_15), passing15({})],
  });
  assert.equal(row(i, 'capacity-15-users').verdict, 'kept');
  assert.equal(row(i, 'cost-per-user').verdict, 'kept');
  assert.equal(row(i, 'p95-latency').verdict, 'kept');
});

test('a sandbox run labelled production still does not count for production; a real production run does', () => {
  const fake = passing15({ environment: 'production', sandbox: true, startedAt: '2026-12-06T10:00:00.000Z' });
  assert.equal(row(inputs({ reports: [fake] }), 'capacity-15-users').verdict, 'not-measured');
  const real = passing15({
    environment: 'production',
    sandbox: false,
    startedAt: '2026-12-06T10:00:00.000Z',
  });
  const r = row(inputs({ reports: [fake, real] }), 'capacity-15-users');
  assert.equal(r.verdict, 'kept');
  assert.equal(r.evidence[0]!.counted, true);
  assert.equal(r.evidence[0]!.environment, 'production');
  assert.equal(r.evidence[0]!.ageDays, 1.1);
  // Staging evidence is staging's: it says nothing about production.
  const staging = passing15({
    environment: 'staging',
    sandbox: false,
    startedAt: '2026-12-06T10:00:00.000Z',
  });
  assert.match(
    row(inputs({ reports: [staging] }), 'capacity-15-users').reason,
    /measured on staging, not production/,
  );
});

test('evidence older than scorecard.evidenceMaxAgeDays is not measured, however good it was', () => {
  const old = new Date(AS_OF - (config.scorecard.evidenceMaxAgeDays + 1) * DAY).toISOString();
  const r = row(
    inputs({ reports: [passing15({ environment: 'production', sandbox: false, startedAt: old })] }),
    'capacity-15-users',
  );
  assert.equal(r.verdict, 'not-measured');
  assert.match(r.reason, /older than scorecard\.evidenceMaxAgeDays \(30\)/);
  assert.equal(r.evidence[0]!.counted, false);
  // A day younger, it counts.
  const fresh = new Date(AS_OF - (config.scorecard.evidenceMaxAgeDays - 1) * DAY).toISOString();
  assert.equal(
    row(
      inputs({ reports: [passing15({ environment: 'production', sandbox: false, startedAt: fresh })] }),
      'capacity-15-users',
    ).verdict,
    'kept',
  );
});

test('a verdict the data cannot support is not measured: too few users, a projection without accounting, a partial run', () => {
  const local = (reports: PublishedReport[]) => inputs({ environment: 'local', reports });
  // Five users prove nothing about ten.
  const five = row(local([retarget(LOAD_5, {})]), 'load-10-users');
  assert.equal(five.verdict, 'not-measured');
  assert.match(five.reason, /ran 5 users, fewer than 10/);
  // A cost report whose validation accounted nothing: the config's projection is not a measurement.
  const projected = retarget(COST, {
    mutate: (r) => {
      if (r.kind === 'cost') r.cost.validation = null;
    },
  });
  const cost = row(local([projected]), 'cost-per-user');
  assert.equal(cost.verdict, 'not-measured');
  assert.match(cost.reason, /a projection from the config is not a measurement/);
  assert.equal(row(local([projected]), 'cost-accuracy').verdict, 'not-measured');
  // A run cut short does not count.
  const partial = passing15({ mutate: (r) => void (r.partial = true) });
  assert.match(row(local([partial]), 'capacity-15-users').reason, /a partial run/);
  // Nothing at all: not measured, and it says what is missing.
  assert.match(row(local([]), 'p95-latency').reason, /no published load report/);
});

test('a load run of enough users that failed its SLOs misses the capacity promise', () => {
  const r = row(inputs({ environment: 'local', reports: [retarget(LOAD_15, {})] }), 'capacity-15-users');
  assert.equal(r.verdict, 'missed');
  assert.match(r.reason, /failed: threshold breached/);
});

test('the four keys from the ledger fixture: deploys that went live, one rolled back, a failed build, a refused run', () => {
  const facts = deploysFromLedger(ledger, 'production');
  assert.deepEqual(
    facts.map((f) => [f.id, f.outcome]),
    [
      ['dep-prod-0001', 'live'],
      ['dep-prod-0002', 'live'],
      ['dep-prod-0004', 'rolled-back'],
      ['dep-prod-0005', 'live'],
      ['dep-prod-0006', 'not-live'],
    ],
  );
  const d = deliveryKeys(inputs({ deploys: { source: 'ledger', facts, statuses: [] } }));
  assert.equal(d.deploymentFrequency.basis, 4);
  assert.equal(d.deploymentFrequency.value, Math.round((4 / 30) * 100) / 100);
  assert.equal(d.deploymentFrequency.source, 'ledger');
  assert.equal(d.changeFailureRate.value, 25);
  assert.equal(d.changeFailureRate.text, '25% (1 of 4)');
  assert.equal(d.changeFailureRate.source, 'ledger');
  // Restored when the rollback ended: live after checklist, record-live, trigger and follow; restored at finishedAt.
  const liveAt = Date.parse('2026-11-27T10:00:00.000Z') + 2000 + 300 + 700 + 240_000;
  assert.equal(d.timeToRestore.value, Date.parse('2026-11-27T10:07:33.000Z') - liveAt);
  assert.equal(d.timeToRestore.source, 'ledger');
  // The fixture's commits are unknown to git: no lead time, and it says why.
  assert.equal(d.leadTime.value, null);
  assert.match(d.leadTime.detail, /commit time of none of the 4 live deploys is known/);
  // A staging deploy never counts for production.
  assert.ok(!facts.some((f) => f.id === 'dep-stag-0003'));

  const rows = promiseRows(inputs({ deploys: { source: 'ledger', facts, statuses: [] } })).rows;
  const consistent = rows.find((r) => r.id === 'consistent-releases')!;
  assert.equal(consistent.verdict, 'missed', '25 % is above the 15 % ceiling');
  assert.equal(consistent.source, 'ledger');
});

test('lead time from commit times (git or Render), and a later rollback.ts run marks the deploy it rolled back from', () => {
  const commitTime = (sha: string) =>
    sha.startsWith('1111')
      ? '2026-11-20T06:00:00.000Z'
      : sha.startsWith('2222')
        ? '2026-11-23T10:00:00.000Z'
        : null;
  const rollback: LedgerRecord = {
    kind: 'rollback',
    at: '2026-12-01T11:00:00.000Z',
    env: 'production',
    action: 'rollback',
    from: 'dep-prod-0005',
    to: 'dep-prod-0002',
    outcome: 'rolled-back',
  };
  const facts = deploysFromLedger([...ledger, rollback], 'production', commitTime);
  assert.equal(facts.find((f) => f.id === 'dep-prod-0005')!.outcome, 'rolled-back');
  const d = deliveryKeys(inputs({ deploys: { source: 'ledger', facts, statuses: [] } }));
  assert.equal(d.changeFailureRate.value, 50);
  // Two known commits: 4 h 4 min and 24 h 4 min to live; the median is their mean.
  const live1 = Date.parse('2026-11-20T10:04:03.000Z') - Date.parse('2026-11-20T06:00:00.000Z');
  const live2 = Date.parse('2026-11-24T10:04:03.000Z') - Date.parse('2026-11-23T10:00:00.000Z');
  assert.equal(d.leadTime.value, (live1 + live2) / 2);
  assert.match(d.leadTime.detail, /from git/);
  const daily = promiseRows(inputs({ deploys: { source: 'ledger', facts, statuses: [] } })).rows.find(
    (r) => r.id === 'daily-deploys',
  )!;
  assert.equal(daily.verdict, 'kept', 'a 14 h median is within a day');
});

test("Render's deploy list: a rollback deploy marks the one before it and is not a change; commit times are Render's", () => {
  const facts = deploysFromRender([
    {
      id: 'dep-a',
      status: 'deactivated',
      trigger: 'new_commit',
      createdAt: '2026-12-01T10:00:00Z',
      finishedAt: '2026-12-01T10:05:00Z',
      commit: { id: 'a', createdAt: '2026-12-01T09:00:00Z' },
    },
    {
      id: 'dep-b',
      status: 'deactivated',
      trigger: 'new_commit',
      createdAt: '2026-12-02T10:00:00Z',
      finishedAt: '2026-12-02T10:05:00Z',
      commit: { id: 'b', createdAt: '2026-12-02T08:00:00Z' },
    },
    {
      id: 'dep-c',
      status: 'live',
      trigger: 'rollback',
      createdAt: '2026-12-02T11:00:00Z',
      finishedAt: '2026-12-02T11:03:00Z',
      commit: { id: 'a', createdAt: '2026-12-01T09:00:00Z' },
    },
    {
      id: 'dep-d',
      status: 'build_failed',
      trigger: 'new_commit',
      createdAt: '2026-12-03T10:00:00Z',
      finishedAt: '2026-12-03T10:02:00Z',
      commit: { id: 'd', createdAt: '2026-12-03T09:00:00Z' },
    },
    {
      id: 'dep-e',
      status: 'build_in_progress',
      trigger: 'new_commit',
      createdAt: '2026-12-07T11:59:00Z',
      finishedAt: null,
      commit: { id: 'e', createdAt: null },
    },
  ]);
  assert.deepEqual(
    facts.map((f) => [f.id, f.outcome]),
    [
      ['dep-a', 'live'],
      ['dep-b', 'rolled-back'],
      ['dep-d', 'not-live'],
    ],
  );
  const d = deliveryKeys(inputs({ deploys: { source: 'render', facts, statuses: [] } }));
  assert.equal(d.changeFailureRate.value, 50);
  assert.equal(d.leadTime.value, ((65 + 125) / 2) * 60_000);
  assert.match(d.leadTime.detail, /from render/);
  assert.equal(d.timeToRestore.value, 58 * 60_000);
  assert.equal(d.deploymentFrequency.source, 'render');
});

test('uptime from platform events: failures and suspensions until their recovery, one still open at the end, a recovery first in the window', () => {
  const from = Date.parse('2026-12-01T00:00:00Z');
  const to = Date.parse('2026-12-02T00:00:00Z');
  const ev = (type: string, at: string) => ({ type, at, details: {} });
  const down = downtimeFromEvents(
    [
      ev('server_available', '2026-12-01T00:10:00Z'), // down since before the window: counts from its start
      ev('deploy_started', '2026-12-01T02:00:00Z'),
      ev('server_failed', '2026-12-01T03:00:00Z'),
      ev('server_failed', '2026-12-01T03:01:00Z'),
      ev('server_available', '2026-12-01T03:30:00Z'),
      ev('service_suspended', '2026-12-01T10:00:00Z'),
      ev('server_available', '2026-12-01T10:05:00Z'), // does not end a suspension
      ev('service_resumed', '2026-12-01T11:00:00Z'),
      ev('server_failed', '2026-12-01T23:00:00Z'), // still down at the end
      ev('server_failed', '2026-11-30T12:00:00Z'), // before the window: ignored
    ],
    from,
    to,
  );
  assert.deepEqual(
    down.map((d) => [d.from.slice(11, 16), d.to.slice(0, 16), d.cause]),
    [
      ['00:00', '2026-12-01T00:10', 'server_failed'],
      ['03:00', '2026-12-01T03:30', 'server_failed'],
      ['10:00', '2026-12-01T11:00', 'service_suspended'],
      ['23:00', '2026-12-02T00:00', 'server_failed'],
    ],
  );
  // 10 + 30 + 60 + 60 = 160 minutes down of 1440.
  assert.equal(uptimePct(down, from, to), Math.round((1 - 160 / 1440) * 100_000) / 1000);
  assert.equal(uptimePct([], from, to), 100);

  const platform = (events: { type: string; at: string; details: object }[]) =>
    inputs({
      platform: { events: events as never, sandbox: false, describes: 'Render service srv-x' },
    });
  const up = row(
    platform([ev('server_failed', '2026-12-05T10:00:00Z'), ev('server_available', '2026-12-05T10:30:00Z')]),
    'uptime',
  );
  assert.equal(up.verdict, 'kept', '30 min of 30 days is 99.93 %');
  assert.equal(up.source, 'platform');
  const bad = row(
    platform([ev('server_failed', '2026-12-05T10:00:00Z'), ev('server_available', '2026-12-06T10:00:00Z')]),
    'uptime',
  );
  assert.equal(bad.verdict, 'missed', 'a day down of 30 is 96.7 %');
  // The platform's sandbox model is labelled and never counts for production.
  const model = row(
    inputs({ platform: { events: [], sandbox: true, describes: 'the platform sandbox' } }),
    'uptime',
  );
  assert.equal(model.verdict, 'not-measured');
  assert.match(model.reason, /sandbox/);
});

test('uptime from published monitor runs: samples up over samples, the window coverage stated, and too little coverage is not measured', () => {
  const base = examples.find((e) => e.report.kind === 'monitor');
  assert.ok(base, 'a committed example monitor run');
  const run = (start: string, minutes: number, samples: number, up: number): PublishedReport => {
    const r = structuredClone(base.report);
    if (r.kind !== 'monitor') throw new Error('not a monitor report');
    r.target.environment = 'production';
    r.target.sandbox = false;
    r.startedAt = start;
    r.endedAt = new Date(Date.parse(start) + minutes * 60_000).toISOString();
    r.monitor.samples = samples;
    r.monitor.upSamples = up;
    return { file: `monitor/${start}.json`, report: r, example: false };
  };
  const from = AS_OF - 30 * DAY;
  // Overlapping runs count their shared time once.
  const u = uptimeFromMonitorRuns(
    [run('2026-12-01T00:00:00.000Z', 60, 60, 60), run('2026-12-01T00:30:00.000Z', 60, 60, 57)].map(
      (p) => p.report as never,
    ),
    from,
    AS_OF,
  );
  assert.equal(u.samples, 120);
  assert.equal(u.uptimePct, 97.5);
  assert.equal(u.coveragePct, Math.round(((90 * 60_000) / (30 * DAY)) * 100_000) / 1000);

  const few = row(inputs({ reports: [run('2026-12-05T00:00:00.000Z', 60, 60, 60)] }), 'uptime');
  assert.equal(few.verdict, 'not-measured');
  assert.match(few.reason, /cover 0\.14% of the window, less than scorecard\.uptimeMinCoveragePct \(50%\)/);
  assert.match(few.measured!.text, /^100% of 60 samples in 1 monitor run, covering 0\.14% of 30 days$/);
  // Twenty days of continuous watching is enough coverage to judge.
  const long = [run(new Date(AS_OF - 20 * DAY).toISOString(), 20 * 24 * 60, 28_800, 28_790)];
  const judged = row(inputs({ reports: long }), 'uptime');
  assert.equal(judged.verdict, 'kept');
  assert.equal(judged.source, 'monitor-runs');
  const down = [run(new Date(AS_OF - 20 * DAY).toISOString(), 20 * 24 * 60, 28_800, 28_000)];
  assert.equal(row(inputs({ reports: down }), 'uptime').verdict, 'missed');
});

test('P0 resolution from real P0 reviews only, and the 50 % promise from incidents before and after the first drill', () => {
  const incident = examples.find((e) => e.report.kind === 'incident')!;
  const review = (began: string, restoreMin: number, severity: 'P0' | 'P1' = 'P1'): PublishedReport => {
    const r = structuredClone(incident.report);
    if (r.kind !== 'incident') throw new Error('not an incident');
    r.target = { ...r.target, environment: 'production', sandbox: false };
    r.startedAt = began;
    r.incident.beganAt = began;
    r.incident.severity = severity;
    r.incident.durations.mitigate.ms = restoreMin * 60_000;
    r.incident.durations.resolve.ms = restoreMin * 60_000 + 60_000;
    return { file: `incident/${began}.json`, report: r, example: false };
  };
  // The first drill of the examples is 2026-12-03.
  const before = [review('2026-10-01T10:00:00.000Z', 120), review('2026-10-20T10:00:00.000Z', 80)];
  const after = [review('2026-12-05T10:00:00.000Z', 40)];
  const r = row(inputs({ reports: [...examples, ...before, ...after] }), 'resolution-halved');
  assert.equal(r.verdict, 'kept', 'median 100 min → 40 min is −60 %');
  assert.equal(r.measured!.value, 60);
  assert.equal(r.source, 'incident-reviews');
  const slow = row(
    inputs({ reports: [...examples, ...before, review('2026-12-05T10:00:00.000Z', 70)] }),
    'resolution-halved',
  );
  assert.equal(slow.verdict, 'missed');
  // Only drills for production: shown, not counted.
  const drillsOnly = row(inputs(), 'resolution-halved');
  assert.equal(drillsOnly.verdict, 'not-measured');

  assert.equal(
    row(inputs({ reports: [review('2026-12-05T10:00:00.000Z', 40, 'P0')] }), 'p0-resolution').verdict,
    'kept',
  );
  const late = row(inputs({ reports: [review('2026-12-05T10:00:00.000Z', 90, 'P0')] }), 'p0-resolution');
  assert.equal(late.verdict, 'missed');
  assert.match(late.reason, /1 of 1 P0 incidents took longer than 1 h/);
  assert.equal(row(inputs(), 'p0-resolution').verdict, 'not-measured');
});

test('drills of one scenario at one time scale compare first against latest, for the local environment', () => {
  const drill = examples.find((e) => e.file === 'drill/2026-12-03-crash-loop-local.json')!;
  const again = structuredClone(drill.report);
  if (again.kind !== 'drill') throw new Error('not a drill');
  again.startedAt = '2026-12-06T10:00:00.000Z';
  again.drill.remedy.time.ms = Math.round(
    drill.report.kind === 'drill' ? drill.report.drill.remedy.time.ms! * 0.4 : 0,
  );
  const i = inputs({
    environment: 'local',
    reports: [...examples, { file: 'drill/again.json', report: again, example: false }],
  });
  const r = row(i, 'resolution-halved');
  assert.equal(r.verdict, 'kept');
  assert.equal(r.source, 'drills');
  assert.match(r.measured!.text, /−60% over 1 drill scenario/);
});

test('the summary line, the verdict (missed fails; not measured fails only with --strict) and the schema', () => {
  assert.equal(
    summaryLine([
      ...Array<{ verdict: 'kept' }>(7).fill({ verdict: 'kept' }),
      { verdict: 'missed' },
      { verdict: 'missed' },
      { verdict: 'not-measured' },
      { verdict: 'not-measured' },
    ]).line,
    '7 of 11 promises kept, 2 missed, 2 not measured',
  );
  const base = {
    runId: 'scorecard-test',
    tool: { name: 'holisticos-ops-handbook', version: '0.0.0', script: 'scorecard' },
    git: { sha: null, dirty: null },
    host: { node: process.version, platform: 'test', cpus: 1 },
    target: { url: '', environment: 'production', loopback: false, protected: true },
    startedAt: '2026-12-07T12:00:00.000Z',
    endedAt: '2026-12-07T12:00:01.000Z',
    config: {},
  };
  const facts = deploysFromLedger(ledger, 'production');
  const withLedger = inputs({ deploys: { source: 'ledger', facts, statuses: [] } });
  const report = buildScorecardReport(withLedger, base);
  const v = validateReport(JSON.parse(JSON.stringify(report)));
  assert.ok(v.ok, v.ok ? '' : v.errors.join('\n'));
  assert.equal(report.verdict.status, 'fail', 'consistent releases were missed');
  assert.ok(report.verdict.failures.some((f) => f.startsWith('missed: The deployment runbook')));
  const quiet = buildScorecardReport(inputs(), base);
  assert.equal(quiet.verdict.status, 'pass', 'nothing missed, only not measured');
  assert.equal(buildScorecardReport(inputs(), base, { strict: true }).verdict.status, 'fail');
  assert.equal(report.target.sandbox, false);
  assert.equal(buildScorecardReport(inputs({ environment: 'local' }), base).target.sandbox, true);
});

test('the config holds every target the scorecard names', () => {
  const c: Config = config;
  const { rows } = promiseRows(inputs());
  for (const r of rows) {
    const path = r.target.source.split('.');
    let v: unknown = c;
    for (const k of path) v = (v as Record<string, unknown>)[k];
    assert.equal(typeof v, 'number', `${r.id}: ${r.target.source} is a number in the config`);
  }
});
