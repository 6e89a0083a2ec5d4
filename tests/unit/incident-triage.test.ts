// H13: the quick assessment claims only what it checked, counts deploys as deploys, and
// weighs evidence by when it happened against the incident's start; the briefing's times
// carry their date when it is not today; the target is labelled by what it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../runbooks/lib/config/load';
import { assessmentText, triage, type TriageRow } from '../../runbooks/lib/incident/triage';
import { judgeRelease, deploysToCount } from '../../runbooks/lib/incident/triage-release';
import { ledgerDeploys, type DeployView } from '../../runbooks/lib/incident/deploys';
import type { Evidence } from '../../runbooks/lib/incident/evidence';
import { formatOpen, utcClock, whereText } from '../../runbooks/lib/incident/briefing';
import {
  foldIncidents,
  incidentForTarget,
  incidentLabel,
  type Incident,
} from '../../runbooks/lib/incident/model';
import { sameOrigin } from '../../runbooks/lib/incident/commands';
import type { IncidentRecord } from '../../runbooks/lib/incident/log';
import type { LedgerRecord } from '../../runbooks/lib/ledger/index';
import { targetFlags } from '../../runbooks/lib/target/flags';

const config = await loadConfig();
const T = (m: number) => new Date(Date.UTC(2026, 11, 3, 14, 0) + m * 60_000).toISOString();

const evidence = (over: Partial<Evidence> = {}): Evidence => ({
  baseUrl: 'http://10.0.0.5:8002',
  at: T(30),
  sandbox: false,
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
  metrics: { memoryMb: 120, generateCalls: 100, generateErrors: 1, generateMeanMs: 1_000, error: null },
  cost: { todayUsd: 2, tracked: true, topUsers: [], error: null },
  deploys: [],
  notes: [],
  ...over,
});

test('the assessment never claims a generate call it did not send: the fallback row says to run smoke, with the command for the same target', () => {
  const rows = triage(
    config,
    evidence({
      health: {
        reading: {
          status: 'critical',
          shape: 'full',
          services: [
            { name: 'database', status: 'critical', responseTimeMs: -1, message: 'Database error' },
            {
              name: 'openai',
              status: 'degraded',
              responseTimeMs: -1,
              message: 'OpenAI error: Connection error.',
            },
          ],
          causes: ['database: Database error', 'openai: OpenAI error: Connection error.'],
          processMemoryMb: 110,
        },
        error: null,
      },
    }),
    { beganAt: null, targetFlags: '--url http://10.0.0.5:8002' },
  );
  const fallback = rows.find((r) => r.section.id === 'fallback')!;
  assert.equal(fallback.verdict, 'suspect');
  assert.doesNotMatch(fallback.evidence, /smoke confirms/);
  assert.match(fallback.evidence, /not checked here \(no generate call sent\)/);
  assert.match(
    fallback.evidence,
    /run smoke to confirm: npx zx runbooks\/smoke\.ts --url http:\/\/10\.0\.0\.5:8002 --only routine,nutrition$/,
  );
  // insights, broken in this release, is named as known: its 500 is not this incident.
  const known = rows.filter((r) => r.verdict === 'known');
  assert.equal(known.length, 1);
  assert.match(known[0]!.evidence, /POST \/api\/user\/\{user_id\}\/insights\/generate fails on every call/);
});

test('cost: an answer that is not a success reads as unreadable, and "tracked" is true only with a figure', () => {
  const err = triage(
    config,
    evidence({
      cost: {
        todayUsd: null,
        tracked: null,
        topUsers: [],
        error: {
          code: 'RB_BAD_RESPONSE',
          message: 'GET /api/admin/rate-limits answered status "error"',
          hint: null,
        },
      },
    }),
  ).find((r) => r.section.id === 'cost')!;
  assert.equal(err.verdict, 'unknown');
  assert.match(err.evidence, /rate-limits unreadable: GET \/api\/admin\/rate-limits answered status "error"/);
  const untracked = triage(
    config,
    evidence({ cost: { todayUsd: 0, tracked: false, topUsers: [], error: null } }),
  );
  assert.match(untracked.find((r) => r.section.id === 'cost')!.evidence, /cost is not tracked/);
});

// One deploy of a broken release and its automatic rollback, as deploy.ts writes them: a
// start, a record per step, the result; the sandbox lists the deploy and the rollback.
const runRecords = (runId: string, m: number, outcome: string): LedgerRecord[] => [
  { at: T(m), kind: 'deploy-start', runId, env: 'local', release: 'broken-routine' },
  ...['checklist', 'record', 'trigger', 'follow', 'verify', 'rollback'].map((step, i): LedgerRecord => ({
    at: T(m + i * 0.1),
    kind: 'deploy-step',
    runId,
    env: 'local',
    step,
  })),
  {
    at: T(m + 1),
    kind: 'deploy',
    runId,
    env: 'local',
    release: 'broken-routine',
    outcome,
    deployId: 'dep-2',
    finishedAt: T(m + 1),
  },
  { at: T(m + 1), kind: 'command', script: 'deploy', args: [], env: 'local', exitCode: 1, pid: 1 },
];
const sandboxList: DeployView[] = [
  {
    at: T(-9),
    source: 'sandbox',
    kind: 'rollback',
    what: 'rollback of release good (dep-3)',
    status: 'live',
    live: true,
  },
  {
    at: T(-10),
    source: 'sandbox',
    kind: 'deploy',
    what: 'api of release broken-routine (dep-2)',
    status: 'deactivated',
    live: false,
  },
  {
    at: T(-60),
    source: 'sandbox',
    kind: 'deploy',
    what: 'initial of release good (dep-1)',
    status: 'deactivated',
    live: false,
    initial: true,
  },
];

test('deploys are counted as deploys, not ledger records: one run is one deploy', () => {
  const records = runRecords('run-1', -10, 'rolled-back');
  assert.equal(records.length, 9, 'nine ledger records');
  const views = ledgerDeploys(records, Date.parse(T(-120)));
  assert.equal(views.length, 1, 'one deploy');
  assert.equal(views[0]!.live, false, 'rolled back: it does not serve');
  assert.match(views[0]!.what, /broken-routine/);
  // With the platform's list at hand, it is what counts (the ledger would count the same deploy twice).
  assert.deepEqual(
    deploysToCount([...views, ...sandboxList]).map((d) => d.source),
    ['sandbox', 'sandbox'],
  );
  const f = judgeRelease([...views, ...sandboxList], Date.parse(T(30)), Date.parse(T(0)));
  assert.match(f.evidence, /^1 deploy and 1 rollback in the 2 h before the incident began/);
});

test('a release rolled back before the incident began is not its suspect; one that went live before it and still serves is', () => {
  const began = Date.parse(T(0));
  const undone = judgeRelease(sandboxList, Date.parse(T(30)), began);
  assert.equal(undone.verdict, 'ok');
  assert.match(undone.evidence, /9 min before the incident began; not what serves now/);
  const serving: DeployView[] = [
    { at: T(-5), source: 'render', kind: 'deploy', what: 'api dep-9 abc123', status: 'live', live: true },
  ];
  const bad = judgeRelease(serving, Date.parse(T(30)), began);
  assert.equal(bad.verdict, 'suspect');
  assert.match(bad.evidence, /went live \d\d:\d\d UTC \(5 min before the incident began\) and still serves/);
  // The ledger alone: a deploy run that ended "deployed" serves until something is deployed after it.
  const deployed = ledgerDeploys(runRecords('run-2', -20, 'deployed'), Date.parse(T(-120)));
  assert.equal(judgeRelease(deployed, Date.parse(T(30)), began).verdict, 'suspect');
  assert.equal(
    judgeRelease(deployed, Date.parse(T(30)), Date.parse(T(300))).verdict,
    'ok',
    'long before the incident',
  );
});

test('evidence is weighed by when it happened: the memory leak now ranks above a leftover error rate and an old deploy', () => {
  const e = evidence({
    // The process started two hours before the incident: its error counters are partly from before it.
    stats: { uptimeS: 2.5 * 3_600, totalRequests: 100, errorRate: 0.3, alerts: null },
    metrics: { memoryMb: 470, generateCalls: 20, generateErrors: 8, generateMeanMs: 1_000, error: null },
    deploys: sandboxList,
  });
  const rows = triage(config, e, { beganAt: T(0), targetFlags: '--env local' });
  assert.equal(rows[0]!.section.id, 'memory', 'a reading taken now comes first');
  assert.equal(rows[0]!.verdict, 'suspect');
  const errors = rows.find((r) => r.section.id === 'errors' && r.verdict !== 'known')!;
  assert.equal(errors.verdict, 'watch', 'a rate counted mostly before the incident is a lead, not a suspect');
  assert.match(
    errors.evidence,
    /since the process started at \d\d:\d\d UTC, 2 h before the incident began: partly from before it/,
  );
  assert.equal(rows.find((r) => r.section.id === 'bad-release')!.verdict, 'ok');
  assert.deepEqual(
    rows.filter((r) => r.verdict === 'suspect').map((r) => r.section.id),
    ['memory'],
  );
  // Without an incident (nothing to weigh against), the same rate is a suspect.
  const alone = triage(config, e).find((r) => r.section.id === 'errors' && r.verdict !== 'known')!;
  assert.equal(alone.verdict, 'suspect');
});

test('a UTC time carries its date when it is not the reference day; a P2 opened now is due tomorrow, said with the date', () => {
  const ref = Date.parse('2026-12-03T06:14:00.000Z');
  assert.equal(utcClock('2026-12-03T23:59:00.000Z', ref), '23:59');
  assert.equal(utcClock('2026-12-04T06:14:00.000Z', ref), '2026-12-04 06:14');
  const rec = (body: Record<string, unknown>) =>
    ({
      at: '2026-12-03T06:14:00.000Z',
      kind: 'incident',
      incident: 'inc-x',
      operator: 'ic',
      ...body,
    }) as IncidentRecord;
  const [inc] = foldIncidents([
    rec({
      event: 'open',
      title: 'Slow',
      severity: 'P2',
      env: 'local',
      url: 'http://10.0.0.5:8002',
      drill: false,
      beganAt: '2026-12-03T06:14:00.000Z',
    }),
  ]);
  const text = formatOpen(config, inc!);
  assert.match(text, /resolve by 2026-12-04 06:14 UTC/);
  assert.match(
    text,
    /opened 06:14 UTC, http:\/\/10\.0\.0\.5:8002 \(explicit --url, host 10\.0\.0\.5:8002\);/,
  );
  assert.doesNotMatch(text, /environment local/);
  assert.match(text, /incident\.ts assess --url http:\/\/10\.0\.0\.5:8002 /);
  assert.doesNotMatch(text, /--env local/);
});

test('an incident is labelled by what it targets (label.ts): its environment, or the host of an explicit --url; its commands reach the same target', () => {
  assert.deepEqual(incidentLabel({ env: 'staging', url: null }), { source: 'environment', name: 'staging' });
  assert.deepEqual(incidentLabel({ env: 'local', url: 'http://10.0.0.5:8002' }), {
    source: 'url',
    name: '10.0.0.5:8002',
  });
  assert.equal(whereText({ env: 'production', url: null }), 'environment production');
  assert.equal(
    whereText({ env: 'local', url: 'http://10.0.0.5:8002' }),
    'http://10.0.0.5:8002 (explicit --url, host 10.0.0.5:8002)',
  );
  assert.equal(targetFlags({ env: 'local', url: 'http://10.0.0.5:8002/' }), '--url http://10.0.0.5:8002');
  assert.equal(
    targetFlags({ env: 'staging', url: 'https://s.example' }),
    '--env staging --url https://s.example',
  );
  assert.equal(targetFlags({ env: 'staging', url: null }), '--env staging');
});

test("an assessment lands in the open incident of its target: the drill's, not a second one opened beside it", () => {
  const open = (id: string, m: number, body: Record<string, unknown>) =>
    ({
      at: T(m),
      kind: 'incident',
      incident: id,
      operator: 'ic',
      event: 'open',
      title: id,
      severity: 'P1',
      drill: false,
      beganAt: T(m),
      ...body,
    }) as IncidentRecord;
  const list = foldIncidents([
    open('drill-1', 0, { env: 'local', drill: true, url: 'http://127.0.0.1:9123' }),
    open('inc-2', 1, { env: 'staging' }),
  ]);
  const envUrl = (env: string) => (env === 'staging' ? 'https://staging.example' : 'http://127.0.0.1:8001');
  const pick = (url: string, id?: string) =>
    incidentForTarget(list, id, url, (i: Incident) => i.url ?? envUrl(i.env), sameOrigin);
  assert.equal(pick('http://localhost:9123').incident?.id, 'drill-1');
  assert.equal(pick('https://staging.example').incident?.id, 'inc-2');
  const none = pick('http://127.0.0.1:8001');
  assert.equal(none.incident, undefined, 'no open incident targets it: not recorded');
  assert.deepEqual(
    none.others.map((i) => i.id),
    ['drill-1', 'inc-2'],
  );
  assert.equal(pick('http://127.0.0.1:8001', 'inc-2').incident?.id, 'inc-2', '--id decides');
});

test("the timeline's line for an assessment names its suspects and what to watch; 'nothing stands out' only when neither", () => {
  const row = (symptom: string, verdict: TriageRow['verdict']) =>
    ({
      symptom,
      verdict,
      evidence: '',
      recency: 'now',
      section: { page: 'p', anchor: 'a' },
    }) as unknown as TriageRow;
  const rows = [
    row('memory climbing', 'suspect'),
    row('service unavailable', 'watch'),
    row('insights broken in this release (known)', 'known'),
    row('cost overrun', 'ok'),
  ];
  assert.equal(assessmentText(rows), 'suspects: memory climbing; to watch: service unavailable');
  assert.equal(assessmentText(rows.slice(1)), 'to watch: service unavailable');
  assert.equal(assessmentText(rows.slice(2)), 'nothing stands out');
});
