// incident.ts as an operator runs it, against a running sandbox: open / note / assess /
// resolve produce a review whose timeline is in order and lists every handbook command
// that ran; Slack gets each notice with its page section; a local target's platform is its
// sandbox (Render's deploy list is read for Render's environments: incident-platform.test.ts);
// SIGKILL during a burst of notes loses no acknowledged note.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerTestSandbox, startTestSandbox } from '../helpers/sandbox';
import { startFakeService } from '../helpers/fake-service';
import { runZx, startZx } from '../helpers/zx';
import { readLedger } from '../../runbooks/lib/ledger/index';
import { validateReport } from '../../runbooks/lib/report/schema';
import { foldIncidents } from '../../runbooks/lib/incident/model';
import { openIncidentLog } from '../../runbooks/lib/incident/log';
import { SECTIONS } from '../../runbooks/lib/sections/index';

const closers: (() => Promise<void>)[] = [];
after(async () => void (await Promise.all(closers.map((c) => c()))));
const stateDir = () => mkdtempSync(join(tmpdir(), 'rb-incident-'));

test(
  'open, note, assess and resolve: a review with the UTC timeline in order, every command that ran, and Slack told with sections',
  { timeout: 90_000 },
  async () => {
    const state = stateDir();
    const sb = await startTestSandbox({ timeScale: 20 });
    closers.push(() => sb.close());
    registerTestSandbox(state, sb);
    sb.setFaults(['openai-key-revoked']);
    const renderKey = ['rnd', 'incident-test-value-9f8e7d6c'].join('_'); // built, so no file holds a key-shaped literal
    const fake = await startFakeService({
      'POST /hook': { kind: 'text', body: 'ok', contentType: 'text/plain' },
      'GET /v1/services/*/deploys': {
        kind: 'json',
        body: [
          {
            cursor: 'c1',
            deploy: {
              id: 'dep-render1',
              status: 'live',
              trigger: 'api',
              createdAt: new Date().toISOString(),
              commit: { id: 'abc1234567890', message: 'Release 42' },
            },
          },
        ],
      },
    });
    closers.push(() => fake.close());
    const env = {
      RUNBOOKS_STATE_DIR: state,
      RUNBOOKS_OPERATOR: 'ic',
      SLACK_WEBHOOK_URL: `${fake.url}/hook`,
      RENDER_API_KEY: renderKey,
      RENDER_SERVICE_ID: 'srv-test',
      RENDER_API_URL: `${fake.url}/v1`,
    };
    const run = (args: string[]) => runZx('incident', args, env);

    const open = await run([
      'open',
      '--sev',
      'P1',
      '--title',
      'Routine returns fallback plans',
      '--since',
      '2m',
      '--url',
      sb.url,
    ]);
    assert.equal(open.code, 0, open.stderr);
    assert.match(
      open.stdout,
      /Incident commander: not configured \(contact: not configured; page: not configured\)/,
    );
    assert.match(
      open.stdout,
      /\[P1 high\] Routine returns fallback plans \(incident inc-/,
      'the first update, filled in',
    );
    assert.match(open.stdout, /Who does what in the first 15 min/);
    assert.equal((await run(['note', 'users report generic plans'])).code, 0);
    const assess = await run(['assess', '--url', sb.url]);
    assert.equal(assess.code, 1, 'a suspect symptom: exit 1');
    assert.match(assess.stdout, /SUSPECT\s+health degraded or critical\s+critical: openai/);
    // A local target's platform is its sandbox's model, never Render, whatever the shell exports.
    assert.match(
      assess.stdout,
      /^platform signals: the sandbox's platform model at http:\/\/127\.0\.0\.1:\d+$/m,
    );
    assert.ok(!fake.hits.some((h) => h.path.startsWith('/v1/')), 'Render is not asked for a local target');
    assert.match(assess.stdout, /\/docs\/incident-response-playbook\/#health/);
    assert.equal((await runZx('health', ['--url', sb.url], env)).code, 1);
    assert.equal((await run(['note', '--action', 'alert on a revoked key'])).code, 0);
    sb.setFaults([], ['openai-key-revoked']);
    assert.equal((await run(['note', '--mitigated', 'key rotated in Render'])).code, 0);
    const status = await run(['status']);
    assert.match(status.stdout, /elapsed .* of the 4 h target/);
    assert.match(status.stdout, /A1 alert on a revoked key/);
    assert.match(status.stdout, /next stakeholder update due \d\d:\d\d UTC/);
    const resolve = await run([
      'resolve',
      '--summary',
      'OpenAI key revoked; rotated',
      '--out',
      join(state, 'review.json'),
    ]);
    assert.equal(resolve.code, 0, resolve.stderr);

    const rep = JSON.parse(readFileSync(join(state, 'review.json'), 'utf8'));
    const v = validateReport(rep);
    assert.ok(v.ok, !v.ok ? v.errors.join('; ') : '');
    const i = rep.incident;
    assert.equal(i.drill, false);
    const times = i.timeline.map((e: { at: string }) => Date.parse(e.at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
      'the timeline is in time order',
    );
    const kinds = i.timeline.map((e: { kind: string }) => e.kind);
    for (const k of ['began', 'opened', 'note', 'assess', 'action', 'mitigated', 'resolved', 'command'])
      assert.ok(kinds.includes(k), `timeline has ${k}`);
    assert.ok(
      kinds.indexOf('began') < kinds.indexOf('opened') &&
        kinds.indexOf('mitigated') < kinds.indexOf('resolved'),
    );
    const scripts = i.commands.map((c: { script: string; args: string[] }) => `${c.script} ${c.args[0]}`);
    for (const s of ['incident note', 'incident assess', 'health --url', 'incident status'])
      assert.ok(scripts.includes(s), `${s} is listed: ${scripts.join(', ')}`);
    assert.ok(i.durations.detect.ms >= 110_000, 'began two minutes before it was opened');
    assert.equal(i.durations.firstAssessment.status, 'met');
    assert.deepEqual(i.actionItems, [{ id: 'A1', text: 'alert on a revoked key', done: false }]);
    const all =
      readFileSync(join(state, 'review.json'), 'utf8') + readFileSync(join(state, 'ledger.jsonl'), 'utf8');
    assert.ok(!all.includes(renderKey), 'the Render key is in no report and no ledger line');
    // Slack: open, mitigated, resolve — each naming its section.
    const posts = fake.hits.filter((h) => h.path === '/hook').map((h) => JSON.parse(h.body));
    assert.equal(posts.length, 3);
    for (const [p, id] of posts.map(
      (p, n) => [p, (['now-first-15', 'verify', 'review'] as const)[n]!] as const,
    ))
      assert.ok(JSON.stringify(p.blocks).includes(`#${SECTIONS[id].anchor}`), `${p.text} names ${id}`);
    assert.ok(readdirSync(join(state, 'reports', 'incident')).length === 1);
  },
);

test('usage errors exit 2 with one paragraph: an unknown severity, subcommand, or a missing title', async () => {
  const env = { RUNBOOKS_STATE_DIR: stateDir() };
  const rs = await Promise.all(
    [
      ['open', '--sev', 'P7', '--title', 'x'],
      ['rewind'],
      ['open', '--sev', 'P1'],
      ['note', 'nothing is open'],
    ].map((a) => runZx('incident', a, env)),
  );
  for (const r of rs) {
    assert.equal(r.code, 2, r.stderr);
    assert.equal(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.trim()).length,
      1,
      `one paragraph: ${r.stderr}`,
    );
    assert.match(r.stderr, /^error \[RB_USAGE\]/);
  }
  assert.match(rs[0]!.stderr, /--sev "P7" is not one of P0, P1, P2, P3/);
  assert.match(rs[1]!.stderr, /no subcommand "rewind"/);
});

test(
  'SIGKILL during a burst of notes leaves a readable log holding every acknowledged note',
  { timeout: 60_000 },
  async () => {
    const state = stateDir();
    const env = { RUNBOOKS_STATE_DIR: state };
    assert.equal((await runZx('incident', ['open', '--sev', 'P2', '--title', 'burst'], env)).code, 0);
    // The scribe's session: one note per stdin line, each acknowledged once it is on disk.
    const scribe = startZx('incident', ['note'], env);
    const lines = Array.from({ length: 400 }, (_, n) => `note number ${n} ${'x'.repeat(n % 50)}`);
    scribe.child.stdin!.write(lines.join('\n') + '\n');
    await scribe.waitFor(/noted in \S+: note number 40\b/);
    scribe.signal('SIGKILL');
    const r = await scribe.done;
    assert.equal(r.signal ?? 'SIGKILL', 'SIGKILL');
    const acked = [...r.stdout.matchAll(/^noted in \S+: (.+)$/gm)].map((m) => m[1]!);
    assert.ok(
      acked.length >= 41 && acked.length < lines.length,
      `killed mid-burst after ${acked.length} acknowledged notes`,
    );
    const inc = foldIncidents(openIncidentLog(state, 'x').read())[0]!;
    const kept = inc.notes.map((n) => n.text);
    for (const a of acked) assert.ok(kept.includes(a), `acknowledged note kept: ${a}`);
    assert.ok(readLedger(state).length >= acked.length + 1, 'the whole log reads back');
  },
);
