// The incident model, the review and the triage, as pure functions over fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../runbooks/lib/config/load';
import { foldIncidents, parseSince, pickIncident, statusOf } from '../../runbooks/lib/incident/model';
import type { IncidentRecord } from '../../runbooks/lib/incident/log';
import { commandsBetween } from '../../runbooks/lib/incident/commands';
import { buildReview } from '../../runbooks/lib/incident/review';
import { triage, triageExitCode } from '../../runbooks/lib/incident/triage';
import type { Evidence } from '../../runbooks/lib/incident/evidence';
import { firstUpdate, rolesView } from '../../runbooks/lib/incident/briefing';
import { slackFor } from '../../runbooks/lib/incident/actions';
import { parseDuration } from '../../runbooks/lib/units';
import { validateReport } from '../../runbooks/lib/report/schema';
import type { LedgerRecord } from '../../runbooks/lib/ledger/index';

const config = await loadConfig();
const T = (m: number) => new Date(Date.UTC(2026, 11, 3, 14, m)).toISOString();
const rec = (m: number, body: Record<string, unknown>, incident = 'inc-1'): IncidentRecord =>
  ({ at: T(m), kind: 'incident', incident, operator: 'ic', ...body }) as IncidentRecord;
const LOG = [
  rec(5, {
    event: 'open',
    title: 'Fallback plans',
    severity: 'P2',
    env: 'production',
    drill: false,
    beganAt: T(0),
  }),
  rec(6, { event: 'note', text: 'users report generic plans' }),
  rec(7, { event: 'severity', severity: 'P1', text: 'everyone affected' }),
  rec(8, { event: 'action', action: '', text: 'alert on fallbacks' }),
  rec(9, { event: 'action', action: '', text: 'rotate the key' }),
  rec(10, { event: 'done', action: 'a2', text: '' }),
  rec(20, { event: 'update', text: 'working on it' }),
  rec(30, { event: 'mitigated', text: 'rolled back' }),
  rec(40, { event: 'resolve', summary: 'bad release' }),
  rec(41, { event: 'note', text: 'after the end: ignored' }),
];

test('the log folds into incidents: severity changes, numbered actions, mitigation and resolution', () => {
  const [inc] = foldIncidents(LOG);
  assert.equal(inc!.severity, 'P1');
  assert.deepEqual(inc!.severityChanges, [{ at: T(7), from: 'P2', to: 'P1' }]);
  assert.deepEqual(
    inc!.actions.map((a) => [a.id, a.done]),
    [
      ['A1', false],
      ['A2', true],
    ],
  );
  assert.equal(inc!.mitigatedAt, T(30));
  assert.equal(inc!.resolvedAt, T(40));
  assert.equal(inc!.notes.length, 1, 'nothing is added after resolution');
});

test('pickIncident: by id, the open one, the latest of several (said so); none open is a usage error', () => {
  const open = [
    rec(1, { event: 'open', title: 'a', severity: 'P3', env: 'local', drill: false, beganAt: T(1) }, 'a'),
    rec(2, { event: 'open', title: 'b', severity: 'P3', env: 'local', drill: true, beganAt: T(2) }, 'b'),
  ];
  const list = foldIncidents(open);
  const p = pickIncident(list, undefined, 'note');
  assert.equal(p.incident.id, 'b');
  assert.deepEqual(
    p.ambiguous.map((i) => i.id),
    ['a'],
  );
  assert.equal(pickIncident(list, 'a', 'note').incident.id, 'a');
  assert.throws(() => pickIncident(foldIncidents(LOG), undefined, 'note'), /No incident is open/);
  assert.throws(() => pickIncident(foldIncidents(LOG), 'inc-1', 'note'), /was resolved/);
});

test('status: elapsed against the target, the first response, the update cadence from the last update', () => {
  const inc = foldIncidents(LOG.slice(0, 7))[0]!;
  const st = statusOf(inc, config, Date.parse(T(25)), T(6));
  assert.equal(st.elapsedMs, 25 * 60_000);
  assert.equal(st.targetMs, config.incident.severities.P1.resolveWithinMs);
  assert.equal(st.nextUpdateAt, new Date(Date.parse(T(20)) + config.incident.updateEveryMs).toISOString());
  assert.deepEqual(
    st.openActions.map((a) => a.id),
    ['A1'],
  );
  const p3 = statusOf({ ...inc, severity: 'P3' }, config, Date.parse(T(25)), null);
  assert.equal(p3.nextUpdateAt, null, 'no cadence below P1');
});

test('--since: how long ago, a UTC clock time (yesterday when later than now), an ISO time; junk and the future are refused', () => {
  const now = Date.parse(T(30));
  assert.equal(parseSince('20m', now, parseDuration), T(10));
  assert.equal(parseSince('14:05', now, parseDuration), T(5));
  assert.equal(
    parseSince('15:00', now, parseDuration),
    new Date(Date.parse(T(60)) - 86_400_000).toISOString(),
  );
  assert.equal(parseSince(T(1), now, parseDuration), T(1));
  assert.throws(() => parseSince('soon', now, parseDuration), /not a time/);
  assert.throws(() => parseSince('2099-01-01T00:00:00Z', now, parseDuration), /in the future/);
});

const cmd = (
  m: number,
  kind: 'command' | 'command-start',
  script: string,
  args: string[],
  extra: Record<string, unknown> = {},
): LedgerRecord => ({
  at: T(m + (kind === 'command' ? 1 : 0)),
  kind,
  script,
  args,
  env: 'production',
  url: null,
  startedAt: T(m),
  pid: 100 + m,
  operator: 'ic',
  ...extra,
});

test('commands from the ledger: a start and an end are one command; one still running has no exit code', () => {
  const cs = commandsBetween(
    [
      cmd(12, 'command-start', 'monitor', ['--duration', '30m']),
      cmd(11, 'command-start', 'health', []),
      cmd(11, 'command', 'health', [], { exitCode: 1 }),
      cmd(50, 'command', 'smoke', [], { exitCode: 0 }),
    ],
    Date.parse(T(5)),
    Date.parse(T(40)),
  );
  assert.deepEqual(
    cs.map((c) => [c.script, c.exitCode]),
    [
      ['health', 1],
      ['monitor', null],
    ],
  );
});

test('the review: durations against the targets, the timeline in time order, commands listed; it validates', () => {
  const inc = foldIncidents(LOG)[0]!;
  const records = [
    ...LOG,
    cmd(11, 'command-start', 'health', []),
    cmd(11, 'command', 'health', [], { exitCode: 1 }),
  ];
  const r = buildReview(config, inc, records, {
    prov: { tool: { name: 't', version: '0' }, git: { sha: null, dirty: null } },
    target: { url: 'https://x.invalid', loopback: false, protected: true, sandbox: false },
  });
  assert.ok(validateReport(r).ok);
  const d = r.incident.durations;
  assert.deepEqual(
    [d.detect.ms, d.firstAssessment.ms, d.mitigate.ms, d.resolve.ms],
    [5, 6, 30, 40].map((m) => m * 60_000),
  );
  assert.equal(d.firstAssessment.status, 'met');
  assert.equal(d.resolve.status, 'met');
  const times = r.incident.timeline.map((e) => Date.parse(e.at));
  assert.deepEqual(
    times,
    [...times].sort((a, b) => a - b),
  );
  assert.equal(r.incident.timeline[0]!.kind, 'began');
  assert.ok(r.incident.timeline.some((e) => e.kind === 'command' && e.text === 'health (exit 1)'));
  assert.deepEqual(r.incident.updates, {
    sent: 1,
    required: true,
    everyMs: config.incident.updateEveryMs,
    longestGapMs: 20 * 60_000,
  });
  const late = buildReview(
    config,
    { ...inc, resolvedAt: new Date(Date.parse(T(0)) + 5 * 3_600_000).toISOString() },
    records,
    {
      prov: { tool: { name: 't', version: '0' }, git: { sha: null, dirty: null } },
      target: { url: '', loopback: false, protected: false, sandbox: false },
    },
  );
  assert.equal(late.verdict.status, 'fail', 'a P1 resolved after 5 h missed its 4 h target');
  assert.match(late.verdict.failures.join(), /time to resolve/);
});

const evidence = (over: Partial<Evidence> = {}): Evidence => ({
  baseUrl: 'http://127.0.0.1:8001',
  at: T(30),
  sandbox: true,
  liveness: { ok: true, status: 200, error: null },
  health: {
    reading: {
      status: 'healthy',
      shape: 'full',
      services: [{ name: 'openai', status: 'healthy', responseTimeMs: 1, message: 'ok' }],
      causes: [],
      processMemoryMb: 120,
    },
    error: null,
  },
  stats: { uptimeS: 3_600, totalRequests: 100, errorRate: 0, alerts: null },
  metrics: { memoryMb: 120, generateCalls: 100, generateErrors: 1, generateMeanMs: 12_000, error: null },
  cost: { todayUsd: 2, tracked: true, topUsers: [{ userId: 'u1', usd: 1 }], error: null },
  deploys: [],
  notes: [],
  ...over,
});

test('triage by symptom: each symptom judged from the evidence, suspects first, each with its page section', () => {
  const ok = triage(config, evidence());
  // Everything fine, except what the release is known to break (insights), named as known.
  assert.ok(
    ok.every((r) => r.verdict === 'ok' || r.verdict === 'known'),
    JSON.stringify(ok.filter((r) => r.verdict !== 'ok')),
  );
  assert.deepEqual(
    ok.filter((r) => r.verdict === 'known').map((r) => r.symptom),
    ['insights broken in this release (known)'],
  );
  assert.equal(triageExitCode(evidence(), ok), 0);
  const bad = triage(
    config,
    evidence({
      health: {
        reading: {
          status: 'degraded',
          shape: 'full',
          services: [
            { name: 'openai', status: 'degraded', responseTimeMs: -1, message: 'Connection error.' },
          ],
          causes: ['openai: Connection error.'],
          processMemoryMb: 470,
        },
        error: null,
      },
      metrics: { memoryMb: 470, generateCalls: 10, generateErrors: 6, generateMeanMs: 90_000, error: null },
      cost: { todayUsd: 80, tracked: true, topUsers: [{ userId: 'runaway', usd: 70 }], error: null },
      deploys: [
        {
          at: T(29),
          source: 'sandbox',
          kind: 'deploy',
          what: 'initial',
          status: 'live',
          live: true,
          initial: true,
        },
        { at: T(20), source: 'render', kind: 'deploy', what: 'api dep-1', status: 'live', live: true },
      ],
    }),
  );
  const by = Object.fromEntries(bad.filter((r) => r.verdict !== 'known').map((r) => [r.section.id, r]));
  for (const id of ['fallback', 'memory', 'errors', 'slow', 'cost', 'bad-release'])
    assert.equal(by[id]!.verdict, 'suspect', id);
  assert.equal(by.health!.verdict, 'watch');
  assert.match(by.cost!.evidence, /top user runaway \$70/);
  assert.match(by['bad-release']!.evidence, /api dep-1/);
  assert.equal(bad[0]!.verdict, 'suspect');
  assert.equal(triageExitCode(evidence(), bad), 1);
  const down = evidence({
    liveness: { ok: false, status: null, error: { code: 'RB_REFUSED', message: 'refused', hint: null } },
    health: { reading: null, error: { code: 'RB_REFUSED', message: 'refused', hint: null } },
  });
  assert.equal(triageExitCode(down, triage(config, down)), 3);
});

test('roles and the first update come from the config: an unset name reads "not configured"', () => {
  assert.deepEqual(
    rolesView(config).map((r) => [r.key, r.name, r.link]),
    [
      ['commander', 'not configured', 'not configured'],
      ['scribe', 'not configured', 'not configured'],
      ['communications', 'not configured', 'not configured'],
    ],
  );
  const named = {
    ...config,
    incident: {
      ...config.incident,
      roles: {
        ...config.incident.roles,
        commander: { ...config.incident.roles.commander, name: 'Ada (on call)' },
      },
    },
  };
  const inc = foldIncidents(LOG)[0]!;
  assert.match(firstUpdate(named, inc), /Incident commander: Ada \(on call\)\. Started 14:00 UTC/);
  assert.match(firstUpdate(config, inc), /Incident commander: not configured/);
});

test('every Slack notice of an incident names its page section, absolute under handbook.url', () => {
  const inc = foldIncidents(LOG)[0]!;
  for (const body of [
    { event: 'open' },
    { event: 'update', text: 'x' },
    { event: 'severity', severity: 'P0', text: '' },
    { event: 'mitigated', text: '' },
    { event: 'resolve', summary: 's' },
  ] as const) {
    const m = slackFor(config, inc, body as never)!;
    assert.ok(m.link!.url.startsWith(`${config.handbook.url}/docs/`), `${body.event}: ${m.link!.url}`);
    assert.match(m.link!.url, /\/docs\/[a-z-]+\/#[a-z0-9-]+$/, body.event);
  }
});
