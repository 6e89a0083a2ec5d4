// The scorecard's evidence rules: sandbox evidence never counts for production, stale
// evidence is not measured, a verdict the data cannot support is not measured (never kept);
// the incident promises; the summary, the verdict and the schema. Inputs are the committed
// example reports, retargeted where a rule needs it (scorecard-delivery.test.ts has the four
// keys and uptime).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Config } from '../../runbooks/lib/config/schema';
import { validateReport, type Report } from '../../runbooks/lib/report/schema';
import {
  buildScorecardReport,
  deploysFromLedger,
  promiseRows,
  summaryLine,
  type PublishedReport,
} from '../../runbooks/lib/scorecard/index';
import { AS_OF, DAY, config, examples, inputs, ledger, row } from '../helpers/scorecard';

/** After the example drills (2026-12-07 evening) and the reviews these tests add after them. */
const LATER = Date.parse('2026-12-10T12:00:00Z');

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
  // The first drill of the examples is 2026-12-07 (after AS_OF's noon): the comparison is made
  // two days later, as of LATER.
  const before = [review('2026-10-01T10:00:00.000Z', 120), review('2026-10-20T10:00:00.000Z', 80)];
  const after = [review('2026-12-09T10:00:00.000Z', 40)];
  const r = row(inputs({ asOf: LATER, reports: [...examples, ...before, ...after] }), 'resolution-halved');
  assert.equal(r.verdict, 'kept', 'median 100 min → 40 min is −60 %');
  assert.equal(r.measured!.value, 60);
  assert.equal(r.source, 'incident-reviews');
  const slow = row(
    inputs({ asOf: LATER, reports: [...examples, ...before, review('2026-12-09T10:00:00.000Z', 70)] }),
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
  const drill = examples.find((e) => e.file === 'drill/2026-12-07-crash-loop-local.json')!;
  const again = structuredClone(drill.report);
  if (again.kind !== 'drill') throw new Error('not a drill');
  again.startedAt = '2026-12-09T10:00:00.000Z';
  again.drill.remedy.time.ms = Math.round(
    drill.report.kind === 'drill' ? drill.report.drill.remedy.time.ms! * 0.4 : 0,
  );
  const i = inputs({
    environment: 'local',
    asOf: LATER,
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
