// H13, incident.ts as real processes: assess against the real gateway's recorded answers
// (OpenAI and Supabase unreachable: health critical, rate-limits answering an error, insights
// broken) claims only what it checked and says the same in JSON and in text; an incident
// opened with --url is labelled by its URL and its next commands carry it; during a drill,
// open shows the drill's incident and assess records into it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeService, recorded, recorded2, recordedMetrics } from '../helpers/fake-service';
import { registerTestSandbox, startTestSandbox } from '../helpers/sandbox';
import { runZx, startZx } from '../helpers/zx';
import { foldIncidents } from '../../runbooks/lib/incident/model';
import { openIncidentLog } from '../../runbooks/lib/incident/log';

const closers: (() => Promise<void>)[] = [];
after(async () => void (await Promise.all(closers.map((c) => c()))));
const stateDir = () => mkdtempSync(join(tmpdir(), 'rb-incident-assess-'));

/** The real gateway as recorded, with its database check running (health critical). */
async function gateway() {
  const critical = recorded2('health_database_checked').body;
  const stats = recorded('stats').body as Record<string, unknown>;
  const fake = await startFakeService({
    'GET /': { kind: 'json', ...recorded('root') },
    'GET /api/health': { kind: 'json', body: critical },
    'GET /api/monitoring/stats': { kind: 'json', body: { ...stats, health: critical } },
    'GET /metrics': { kind: 'text', body: recordedMetrics() },
    // An answer that is not a success: it says nothing about cost.
    'GET /api/admin/rate-limits': {
      kind: 'json',
      body: { status: 'error', message: 'Rate limiting system not available' },
    },
    'POST /api/user/*/insights/generate': { kind: 'json', ...recorded('insights') },
  });
  closers.push(() => fake.close());
  return fake;
}

test('assess against the real gateway: no claim about plans it did not fetch, insights named as known, JSON and text agree on cost', async () => {
  const fake = await gateway();
  const env = { RUNBOOKS_STATE_DIR: stateDir() };
  const text = await runZx('incident', ['assess', '--url', fake.url], env);
  assert.equal(text.code, 1, 'health critical: a suspect, exit 1');
  assert.doesNotMatch(text.stdout, /smoke confirms/);
  const out = text.stdout.replace(/\s+/g, ' ');
  assert.match(
    out,
    /not checked here \(no generate call sent\): run smoke to confirm: npx zx runbooks\/smoke\.ts --url/,
  );
  assert.match(
    out,
    /KNOWN insights broken in this release \(known\) POST \/api\/user\/\{user_id\}\/insights\/generate/,
  );
  assert.match(
    out,
    /UNKNOWN cost overrun rate-limits unreadable: GET \/api\/admin\/rate-limits answered status "error": Rate limiting system not available/,
  );
  assert.match(out, /No incident is open: nothing recorded\./);
  assert.equal(fake.hits.filter((h) => h.method === 'POST').length, 0, 'assess sends no generate call');

  const json = await runZx('incident', ['assess', '--url', fake.url, '--json'], env);
  assert.equal(json.code, 1);
  const doc = JSON.parse(json.stdout) as {
    evidence: { cost: { tracked: boolean | null; error: { message: string } | null } };
    triage: { symptom: string; verdict: string; evidence: string }[];
  };
  assert.equal(doc.evidence.cost.tracked, null, 'not "tracked: true" beside an error');
  assert.match(doc.evidence.cost.error!.message, /answered status "error"/);
  const cost = doc.triage.find((r) => r.symptom === 'cost overrun')!;
  assert.equal(cost.verdict, 'unknown');
  assert.ok(cost.evidence.includes(doc.evidence.cost.error!.message), 'the row says what the evidence says');
  assert.equal(doc.triage.find((r) => r.symptom.startsWith('insights'))!.verdict, 'known');
  // The same rows, as the human output shows them (on stderr with --json).
  for (const r of doc.triage) assert.ok(json.stderr.includes(r.verdict.toUpperCase()), r.symptom);
});

test('an incident opened with --url is labelled by that URL, its deadline carries its date, and its next commands reach the same target', async () => {
  const fake = await gateway();
  const state = stateDir();
  const env = { RUNBOOKS_STATE_DIR: state };
  const before = Date.now();
  const open = await runZx(
    'incident',
    ['open', '--sev', 'P2', '--title', 'Plans generic', '--url', fake.url],
    env,
  );
  assert.equal(open.code, 0, open.stderr);
  const host = new URL(fake.url).host;
  assert.match(
    open.stdout,
    new RegExp(
      `${fake.url.replace(/[.:/]/g, '\\$&')} \\(explicit --url, host ${host.replace(/[.:]/g, '\\$&')}\\)`,
    ),
  );
  assert.doesNotMatch(open.stdout, /environment local/);
  // A P2 has 24 h: its deadline is never today, so it carries its date.
  const [, due] = /resolve by (\d{4}-\d\d-\d\d \d\d:\d\d) UTC/.exec(open.stdout) ?? [];
  assert.ok(due, open.stdout);
  const expected = new Date(Date.parse(`${due!.replace(' ', 'T')}:00Z`));
  assert.ok(
    Math.abs(expected.getTime() - (before + 24 * 3_600_000)) < 120_000,
    `${due} is 24 h after opening`,
  );
  assert.match(
    open.stdout,
    new RegExp(`incident\\.ts assess --url ${fake.url.replace(/[.:/]/g, '\\$&')}\\s`),
  );
  assert.doesNotMatch(open.stdout, /assess --env local/);
  // The assessment of that URL is recorded in it.
  const assess = await runZx('incident', ['assess', '--url', fake.url], env);
  const [inc] = foldIncidents(openIncidentLog(state, 'x').read());
  assert.match(assess.stdout, new RegExp(`Recorded in incident ${inc!.id}`));
  assert.equal(inc!.url, fake.url);
  assert.equal(inc!.assessments.length, 1);
  // Its review is labelled by the URL's host, not as the local environment.
  const out = join(state, 'review.json');
  const resolve = await runZx('incident', ['resolve', '--summary', 'gateway down', '--out', out], env);
  assert.equal(resolve.code, 0, resolve.stderr);
  const review = JSON.parse(readFileSync(out, 'utf8')) as {
    target: { environment: string; url: string };
    incident: { environment: string };
  };
  assert.equal(review.incident.environment, host);
  assert.equal(review.target.environment, host);
  assert.equal(review.target.url, fake.url);
});

test(
  "during a drill, open shows the drill's incident and opens none beside it; assess records into the drill's",
  { timeout: 90_000 },
  async () => {
    const state = stateDir();
    const sb = await startTestSandbox({ timeScale: 20 });
    closers.push(() => sb.close());
    registerTestSandbox(state, sb);
    const env = { RUNBOOKS_STATE_DIR: state };
    const drill = startZx(
      'drill',
      ['--scenario', 'memory-leak', '--port', String(sb.port), '--poll', '200ms'],
      env,
    );
    closers.push(async () => void drill.signal('SIGKILL'));
    await drill.waitFor(/You are the responder/);
    const drillId = foldIncidents(openIncidentLog(state, 'x').read())[0]!.id;
    assert.match(drillId, /^drill-/);

    // "Open the incident", as the incident-now page says.
    const open = await runZx(
      'incident',
      ['open', '--env', 'local', '--sev', 'P1', '--title', 'what is wrong'],
      env,
    );
    assert.equal(open.code, 0, open.stderr);
    assert.match(open.stdout, new RegExp(`A drill is running: its incident ${drillId} is open`));
    assert.match(open.stdout, /--beside-drill/);
    assert.match(
      open.stdout,
      new RegExp(`incident\\.ts assess --url ${sb.url.replace(/[.:/]/g, '\\$&')} --id ${drillId}`),
    );
    assert.equal(foldIncidents(openIncidentLog(state, 'x').read()).length, 1, 'no second incident');

    const assess = await runZx('incident', ['assess', '--url', sb.url], env);
    assert.match(assess.stdout, new RegExp(`Recorded in incident ${drillId} \\(the drill\\)`));
    const incs = foldIncidents(openIncidentLog(state, 'x').read());
    assert.equal(incs.find((i) => i.id === drillId)!.assessments.length, 1);

    // A real incident during the drill is still possible, said explicitly.
    const beside = await runZx(
      'incident',
      [
        'open',
        '--sev',
        'P1',
        '--title',
        'real',
        '--beside-drill',
        '--env',
        'staging',
        '--url',
        'https://s.example',
      ],
      env,
    );
    assert.equal(beside.code, 0, beside.stderr);
    assert.equal(foldIncidents(openIncidentLog(state, 'x').read()).length, 2);
    drill.signal('SIGINT');
    assert.equal((await drill.done).code, 130);
  },
);
