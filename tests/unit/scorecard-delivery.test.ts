// The scorecard's delivery keys and uptime: the four keys from the ledger fixture (deploys,
// one rolled back, a failed build, a refused run) and from Render's deploy list; uptime from
// the platform's events and from published monitor runs with their coverage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LedgerRecord } from '../../runbooks/lib/ledger/index';
import {
  deliveryKeys,
  deploysFromLedger,
  deploysFromRender,
  downtimeFromEvents,
  promiseRows,
  uptimeFromMonitorRuns,
  uptimePct,
  type PublishedReport,
} from '../../runbooks/lib/scorecard/index';
import { AS_OF, DAY, examples, inputs, ledger, row } from '../helpers/scorecard';

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

  const platform = (events: { type: string; at: string; details: object }[], since: number | null = null) =>
    inputs({
      platform: { events: events as never, sandbox: false, describes: 'Render service srv-x', since },
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
    inputs({ platform: { events: [], sandbox: true, describes: 'the platform sandbox', since: null } }),
    'uptime',
  );
  assert.equal(model.verdict, 'not-measured');
  assert.match(model.reason, /sandbox/);

  // The platform speaks only from the service's creation on: a service created minutes before
  // the scorecard has no month without an outage (a sandbox just started read "100 % over 30 days").
  const fresh = row(platform([], AS_OF - 4 * 60_000), 'uptime');
  assert.equal(fresh.verdict, 'not-measured');
  assert.match(fresh.measured!.text, /over 4m/);
  assert.match(fresh.reason, /cover 0\.01% of the 30-day window .*less than scorecard\.uptimeMinCoveragePct/);
  // Created 20 days ago: two thirds of the window, judged over those 20 days (a day down of 20 is 95 %).
  const young = row(
    platform(
      [ev('server_failed', '2026-12-05T10:00:00Z'), ev('server_available', '2026-12-06T10:00:00Z')],
      AS_OF - 20 * DAY,
    ),
    'uptime',
  );
  assert.equal(young.verdict, 'missed');
  assert.equal(young.measured!.value, 95);
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
