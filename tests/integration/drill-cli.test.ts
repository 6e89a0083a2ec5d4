// drill.ts at its edges: --list, usage errors (exit 2, one paragraph), a drill on its own
// sandbox process when none runs, the deadline, Ctrl-C (partial report, fault off), the
// refusal to start on a sandbox that already has a fault on; the memory leak's timing (the
// alert, then an OOM kill if nobody acts) and its real remedy; a suspended sandbox resumed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { registerTestSandbox, startTestSandbox, call } from '../helpers/sandbox';
import { startFakeService } from '../helpers/fake-service';
import { startZx, runZx } from '../helpers/zx';
import { liveSandboxes } from '../../runbooks/lib/state/sandboxes';
import { validateReport } from '../../runbooks/lib/report/schema';
import { SCENARIO_IDS } from '../../runbooks/lib/drill/scenarios';

const closers: (() => Promise<void>)[] = [];
after(async () => void (await Promise.all(closers.map((c) => c()))));
const stateDir = () => mkdtempSync(join(tmpdir(), 'rb-drill-cli-'));
const reportOf = (state: string) => {
  const dir = join(state, 'reports', 'drill');
  const [f] = readdirSync(dir);
  return JSON.parse(readFileSync(join(dir, f!), 'utf8'));
};
const onePara = (stderr: string) =>
  stderr
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('error ['));

/** A port nothing listens on. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

async function registered(state: string, faults: string[] = []) {
  const sb = await startTestSandbox({ timeScale: 20, faults });
  closers.push(() => sb.close());
  registerTestSandbox(state, sb);
  return sb;
}

test('--list names every scenario; an unknown scenario or none is a usage error in one paragraph', async () => {
  const env = { RUNBOOKS_STATE_DIR: stateDir() };
  const [list, unknown, none] = await Promise.all([
    runZx('drill', ['--list'], env),
    runZx('drill', ['--scenario', 'meteor-strike'], env),
    runZx('drill', [], env),
  ]);
  assert.equal(list.code, 0);
  for (const id of SCENARIO_IDS) assert.match(list.stdout, new RegExp(`\\b${id}\\b`));
  assert.doesNotMatch(list.stdout, /fault clear|roll back/, 'the list does not give the remedies away');
  for (const r of [unknown, none]) {
    assert.equal(r.code, 2, r.stderr);
    assert.equal(onePara(r.stderr).length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  assert.match(unknown.stderr, /--scenario "meteor-strike" is not one of/);
});

test('a drill refuses a sandbox that already has a fault on (exit 2) and changes nothing', async () => {
  const state = stateDir();
  const sb = await registered(state, ['openai-outage']);
  const r = await runZx('drill', ['--scenario', 'memory-leak', '--port', String(sb.port)], {
    RUNBOOKS_STATE_DIR: state,
  });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /already has faults on \(openai-outage\)/);
  assert.deepEqual(
    (await call(sb, 'GET', '/__sandbox/faults')).body.active.map((a: { name: string }) => a.name),
    ['openai-outage'],
  );
});

test(
  'with no sandbox on its port, a drill starts its own sandbox.ts process and stops it at the end; the deadline ends an unanswered drill',
  { timeout: 90_000 },
  async () => {
    const state = stateDir();
    const port = await closedPort();
    const drill = startZx(
      'drill',
      [
        '--scenario',
        'error-burst',
        '--port',
        String(port),
        '--deadline',
        '5s',
        '--poll',
        '200ms',
        '--profile',
        'fast',
        '--time-scale',
        '20',
      ],
      { RUNBOOKS_STATE_DIR: state },
    );
    const m = await drill.waitFor(/started one for this drill at (http:\/\/127\.0\.0\.1:(\d+))/);
    assert.notEqual(Number(m[2]), port);
    assert.equal(
      liveSandboxes(state).length,
      1,
      'its sandbox is announced in the state directory, for the responder',
    );
    const r = await drill.done;
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const rep = reportOf(state);
    assert.ok(validateReport(rep).ok);
    assert.equal(rep.drill.outcome, 'deadline');
    assert.equal(rep.drill.sandbox.ownProcess, true);
    assert.equal(rep.verdict.status, 'fail');
    assert.match(rep.verdict.failures.join(' '), /not restored by the right remedy/);
    assert.deepEqual(liveSandboxes(state), [], 'its own sandbox is stopped');
  },
);

test(
  'Ctrl-C ends a drill early: a partial report (exit 130) and the fault switched off; Slack got the alert and the result, each naming its section',
  { timeout: 60_000 },
  async () => {
    const state = stateDir();
    const sb = await registered(state);
    const slack = await startFakeService({
      'POST /hook': { kind: 'text', body: 'ok', contentType: 'text/plain' },
    });
    closers.push(() => slack.close());
    const drill = startZx(
      'drill',
      ['--scenario', 'openai-outage', '--port', String(sb.port), '--poll', '200ms'],
      { RUNBOOKS_STATE_DIR: state, SLACK_WEBHOOK_URL: `${slack.url}/hook` },
    );
    await drill.waitFor(/You are the responder/);
    assert.deepEqual(
      (await call(sb, 'GET', '/__sandbox/faults')).body.active.map((a: { name: string }) => a.name),
      ['openai-outage'],
      'the fault is on during the drill',
    );
    drill.signal('SIGINT');
    const r = await drill.done;
    assert.equal(r.code, 130, r.stdout + r.stderr);
    const rep = reportOf(state);
    assert.ok(validateReport(rep).ok);
    assert.equal(rep.partial, true);
    assert.equal(rep.drill.outcome, 'interrupted');
    assert.deepEqual((await call(sb, 'GET', '/__sandbox/faults')).body.active, [], 'the fault is off again');
    const posts = slack.hits.map((h) => JSON.parse(h.body) as { text: string; blocks: unknown[] });
    assert.deepEqual(
      posts.map((p) => p.text.slice(0, 40)),
      ['[DRILL] Support (#support): Plans look g', '[DRILL] openai-outage: not passed (diagn'],
    );
    // Absolute under handbook.url, so the link opens its section from Slack or a terminal; the
    // alert links the section that names the remedy.
    assert.match(
      JSON.stringify(posts[0]!.blocks),
      /http:\/\/127\.0\.0\.1:3000\/docs\/incident-response-playbook\/#two-hundred-but-failing/,
    );
    assert.match(
      JSON.stringify(posts[1]!.blocks),
      /http:\/\/127\.0\.0\.1:3000\/docs\/incident-response-playbook\/#prevention-and-drills/,
    );
    assert.match(
      r.stdout,
      /│ Playbook: the 200-but-failing trap: http:\/\/127\.0\.0\.1:3000\/docs\/incident-response-playbook\/#two-hundred-but-failing/,
    );
  },
);

test(
  'the memory-leak drill: the alert first, an OOM kill on the platform if nobody acts, fault clear noted as no remedy, the service command’s restart mitigates it',
  { timeout: 120_000 },
  async () => {
    const state = stateDir();
    const sb = await registered(state);
    const env = { RUNBOOKS_STATE_DIR: state, RUNBOOKS_OPERATOR: 'responder' };
    const drill = startZx(
      'drill',
      ['--scenario', 'memory-leak', '--port', String(sb.port), '--deadline', '90s', '--poll', '200ms'],
      env,
      110_000,
    );
    await drill.waitFor(/You are the responder/);
    // A restart drops every connection, as a new process would (sandbox/server.ts): a poll that
    // reuses a pooled connection at the instant of the OOM kill meets "other side closed", and
    // asks again on a new one (three tries at most).
    const view = async () => {
      for (let i = 1; ; i++)
        try {
          return (await call(sb, 'GET', '/__sandbox/faults')).body;
        } catch (e) {
          if (i >= 3) throw e;
        }
    };
    const alerted = (await view()).platform;
    assert.ok(alerted.memoryMb >= 400 && alerted.memoryMb < alerted.memoryLimitMb, `${alerted.memoryMb} MB`);
    assert.deepEqual((await view()).restarts, [], 'no OOM kill before the alert');

    // Nobody acts: the platform kills the instance at the plan's limit (4 modelled minutes, 12 s at ×20).
    const until = Date.now() + 40_000;
    while (Date.now() < until && !(await view()).restarts.some((r: { cause: string }) => r.cause === 'oom'))
      await new Promise((r) => setTimeout(r, 250));
    assert.ok(
      (await view()).restarts.some((r: { cause: string }) => r.cause === 'oom'),
      'an OOM kill',
    );
    const status = await runZx('service', ['status', '--url', sb.url], env);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout + status.stderr, /server_failed +out of memory/, 'the platform shows it');

    const cleared = await runZx('sandbox', ['fault', 'clear', '--port', String(sb.port)], env);
    assert.equal(cleared.code, 0, cleared.stderr);
    await drill.waitFor(/fault clear memory-leak: done, not a remedy .*still waiting/);
    const restart = await runZx('service', ['restart', '--url', sb.url], env);
    assert.equal(restart.code, 0, restart.stdout + restart.stderr);
    const r = await drill.done;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const rep = reportOf(state);
    assert.ok(validateReport(rep).ok);
    assert.equal(rep.drill.outcome, 'mitigated');
    assert.equal(
      rep.drill.diagnosis.command.script,
      'service',
      'service.ts status is a diagnosis of the leak',
    );
    assert.match(rep.drill.remedy.observed, /restarted through the platform \(service\.ts restart\)/);
    assert.match(rep.drill.wrongRemedies.map((w: { what: string }) => w.what).join(' | '), /fault clear/);
  },
);

test('a drill puts a suspended sandbox back: resumed at the end', { timeout: 90_000 }, async () => {
  const state = stateDir();
  const sb = await registered(state);
  const env = { RUNBOOKS_STATE_DIR: state, RUNBOOKS_OPERATOR: 'responder' };
  // A suspension is no remedy for a leak: the drill reaches its deadline, then resumes it.
  const drill = startZx(
    'drill',
    ['--scenario', 'memory-leak', '--port', String(sb.port), '--deadline', '12s', '--poll', '200ms'],
    env,
    80_000,
  );
  await drill.waitFor(/You are the responder/);
  const suspended = await runZx('service', ['suspend', '--url', sb.url], env);
  assert.equal(suspended.code, 0, suspended.stdout + suspended.stderr);
  assert.equal((await call(sb, 'GET', '/__sandbox/faults')).body.platform.suspended, true);
  const r = await drill.done;
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.equal(reportOf(state).drill.outcome, 'deadline');
  assert.match(r.stdout + r.stderr, /resumed the suspended service/);
  const v = (await call(sb, 'GET', '/__sandbox/faults')).body;
  assert.equal(v.platform.suspended, false);
  assert.deepEqual(v.active, []);
  // A resume starts a new instance, which answers 503 while it starts.
  const until = Date.now() + 30_000;
  while (Date.now() < until && (await call(sb, 'GET', '/api/health')).status !== 200)
    await new Promise((res) => setTimeout(res, 200));
  assert.equal((await call(sb, 'GET', '/api/health')).status, 200, 'it serves again');
});
