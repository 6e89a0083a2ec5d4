// service.ts as a real process: on the sandbox (its model of Render, through the same platform
// client) and against a fake Render on loopback. What it proves: status reads the platform;
// a restart is asked, followed in the platform's events and verified with health and smoke;
// a restart ends a leak switched on to end with one; suspend says the service answers 503
// until resumed and a restart of a suspended service is refused; a scale changes the count;
// --dry-run changes nothing; production needs its confirmation; every act is one ledger
// record and two Slack notices linking its playbook section; without Render variables a
// Render environment is a clear config error (exit 2) and a refused key too; Ctrl-C while it
// follows is exit 130 with the act recorded once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRunbook, STATE_DIR } from '../helpers/run';
import { startZx } from '../helpers/zx';
import { startFakeService } from '../helpers/fake-service';
import { spawnSandbox, type SandboxProcess } from '../helpers/sandbox-process';
import { startFakeRender } from '../helpers/fake-render';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack';
import { configFileWith } from '../helpers/config';
import { readLedger } from '../../runbooks/lib/ledger/index';

const API_KEY = 'holisticos-sentinel-key-5e6f7a8b';
const RENDER_KEY = 'rnd_SENTINEL-service-key-3c4d';
const SERVICE = 'srv-serviceclitest01';
const CONFIG = configFileWith({
  platform: { followS: 20 },
  deploy: { pollIntervalS: 0.2, localPollIntervalS: 0.2 },
});

let sandbox: SandboxProcess;
let slack: FakeSlack;
before(async () => {
  sandbox = await spawnSandbox(['--profile', 'fast', '--time-scale', '20'], { HOLISTICOS_API_KEY: API_KEY });
  slack = await startFakeSlack('ok');
});
after(async () => {
  await sandbox.stop();
  await slack.close();
});

/** The service records of the ledger (the sandbox is announced in the tests' one state dir). */
const acts = () => readLedger(STATE_DIR, ['service']);

async function service(args: string[], env: Record<string, string | undefined> = {}) {
  const r = await runRunbook('service', args, {
    timeoutMs: 90_000,
    env: {
      RUNBOOKS_CONFIG: CONFIG,
      RUNBOOKS_OPERATOR: 'tester',
      HOLISTICOS_API_KEY: API_KEY,
      SLACK_WEBHOOK_URL: slack.url,
      ...env,
    },
  });
  return { ...r, all: r.stdout + r.stderr };
}

const faults = async () =>
  (await fetch(`${sandbox.url}/__sandbox/faults`)).json() as Promise<Record<string, any>>;
const admin = () => /admin token: (\S+)/.exec(sandbox.output())![1]!;

test('on the sandbox: status, then a restart asked through its Render API, followed, verified, recorded and announced, which ends a leak set to end with a restart', async () => {
  const status = await service(['status', '--url', sandbox.url]);
  assert.equal(status.code, 0, status.all);
  assert.match(status.all, /service\.ts status on local: the sandbox's platform model/);
  assert.match(status.all, /plan starter; 1 instance; not suspended/);
  assert.match(status.all, /memory \[platform\]: \d+ MB of 512 MB/);

  const on = await fetch(`${sandbox.url}/__sandbox/faults`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin()}`, 'content-type': 'application/json' },
    body: JSON.stringify({ enable: ['memory-leak:5'], ends: { 'memory-leak': { onRestart: true } } }),
  });
  assert.equal(on.status, 200);
  const posts = slack.posts.length;
  const recorded = acts().length;
  const r = await service(['restart', '--url', sandbox.url, '--json']);
  assert.equal(r.code, 0, r.all);
  const out = JSON.parse(r.stdout);
  assert.equal(out.action, 'restart');
  assert.equal(out.asked, 'sent');
  assert.equal(out.follow.end, 'done');
  assert.ok(out.follow.events.some((e: { type: string }) => e.type === 'server_restarted'));
  assert.equal(out.verify.verdict, 'passed');
  assert.match(r.stderr, /platform: server_restarted at .* \(by render-api\)/);

  const v = await faults();
  assert.deepEqual(v.active, [], 'the restart through the platform ended the leak');
  assert.deepEqual(
    v.ended.map((e: { name: string; how: string }) => [e.name, e.how]),
    [['memory-leak', 'restart']],
  );
  const mine = acts().slice(recorded);
  assert.equal(mine.length, 1, 'one ledger record');
  const rec = mine[0] as unknown as Record<string, unknown>;
  assert.equal(rec.action, 'restart');
  assert.equal(rec.outcome, 'verified');
  assert.equal(rec.verified, true);
  const heard = slack.posts.slice(posts).map((p) => JSON.stringify(p));
  assert.equal(heard.length, 2, heard.join('\n'));
  assert.match(heard[0]!, /Restart of local .* by tester/);
  assert.match(heard[1]!, /Restart of local: VERIFIED/);
  assert.match(heard[1]!, /incident-response-playbook\/#restart/);
});

test('on the sandbox: --dry-run changes nothing; scale changes the count; suspend answers 503 until resume, and a restart of a suspended service is refused', async () => {
  const recorded = acts().length;
  const dry = await service(['scale', '2', '--url', sandbox.url, '--dry-run']);
  assert.equal(dry.code, 0, dry.all);
  assert.match(dry.all, /Dry run: .*nothing was changed/);
  assert.equal(acts().length, recorded, 'a dry run records no act');
  const statusOf = async () => (await service(['status', '--url', sandbox.url, '--json'])).stdout;
  assert.equal(JSON.parse(await statusOf()).service.numInstances, 1, 'still one instance');

  const scaled = await service(['scale', '2', '--url', sandbox.url]);
  assert.equal(scaled.code, 0, scaled.all);
  assert.match(scaled.all, /instance_count_changed 1 → 2/);
  assert.equal(JSON.parse(await statusOf()).service.numInstances, 2);

  const suspended = await service(['suspend', '--url', sandbox.url]);
  assert.equal(suspended.code, 0, suspended.all);
  assert.match(suspended.all, /answers 503 to every request until it is resumed/);
  assert.equal((await fetch(`${sandbox.url}/api/health`)).status, 503);
  const refused = await service(['restart', '--url', sandbox.url]);
  assert.equal(refused.code, 2, refused.all);
  assert.match(refused.all, /suspended: there is no instance to restart\. Resume it/);
  assert.doesNotMatch(refused.all, /\n\s+at /, 'no stack trace');

  const resumed = await service(['resume', '--url', sandbox.url]);
  assert.equal(resumed.code, 0, resumed.all);
  assert.match(resumed.all, /Done: resume of local/);
  assert.equal((await fetch(`${sandbox.url}/api/health`)).status, 200);
  await service(['scale', '1', '--url', sandbox.url]);
});

test('production through Render: refused without its confirmation (nothing sent), restarted with it, followed in Render’s events and verified', async () => {
  const render = await startFakeRender({ apiKey: RENDER_KEY, serviceId: SERVICE });
  try {
    // A state dir of its own: there the sandbox is just the service's URL, not a platform.
    const env = {
      RUNBOOKS_STATE_DIR: mkdtempSync(join(tmpdir(), 'rb-service-')),
      RENDER_API_URL: render.apiUrl,
      RENDER_API_KEY: RENDER_KEY,
      RENDER_SERVICE_ID: SERVICE,
      HOLISTICOS_PRODUCTION_URL: sandbox.url,
    };
    const no = await service(['restart', '--env', 'production'], env);
    assert.equal(no.code, 2, no.all);
    assert.match(no.all, /--confirm-production/);
    assert.equal(render.platform.actions.length, 0, 'nothing was asked of Render');

    const yes = await service(['restart', '--env', 'production', '--confirm-production'], env);
    assert.equal(yes.code, 0, yes.all);
    assert.match(yes.all, /service\.ts restart on production: Render service srv-/);
    assert.match(yes.all, /platform: server_restarted at .* \(by usr-fake\)/);
    assert.match(yes.all, /Done: restart of production took effect/);
    assert.deepEqual(
      render.platform.actions.map((a) => a.action),
      ['restart'],
    );
    for (const secret of [RENDER_KEY, API_KEY]) assert.ok(!yes.all.includes(secret), 'no secret printed');

    const scaled = await service(['scale', '3', '--env', 'production', '--confirm-production'], env);
    assert.equal(scaled.code, 0, scaled.all);
    assert.equal(render.platform.numInstances, 3);
  } finally {
    await render.close();
  }
});

test('a Render environment without Render variables is a clear config error; a refused key is a clear error naming the variable', async () => {
  const elsewhere = {
    RUNBOOKS_STATE_DIR: mkdtempSync(join(tmpdir(), 'rb-service-')),
    HOLISTICOS_STAGING_URL: sandbox.url,
  };
  const none = await service(['status', '--env', 'staging'], elsewhere);
  assert.equal(none.code, 2, none.all);
  assert.match(none.all, /not configured \(set RENDER_API_KEY and RENDER_SERVICE_ID\)/);
  assert.doesNotMatch(none.all, /\n\s+at /);

  const render = await startFakeRender({ apiKey: RENDER_KEY, serviceId: SERVICE });
  try {
    const bad = await service(['restart', '--env', 'staging'], {
      ...elsewhere,
      RENDER_API_URL: render.apiUrl,
      RENDER_API_KEY: 'rnd_wrong-key-000',
      RENDER_SERVICE_ID: SERVICE,
    });
    assert.equal(bad.code, 2, bad.all);
    assert.match(bad.all, /RENDER_API_KEY/);
    assert.doesNotMatch(bad.all, /\n\s+at /);
    assert.deepEqual(render.platform.actions, []);
  } finally {
    await render.close();
  }
});

test('Ctrl-C while following a resume: exit 130, the act recorded once as interrupted, Slack told, nothing half-written', async () => {
  const render = await startFakeRender({ apiKey: RENDER_KEY, serviceId: SERVICE });
  // The service never answers again, so the resume is still being followed when Ctrl-C comes.
  const down = await startFakeService({
    'GET /': { kind: 'json', status: 503, body: { detail: 'Service Unavailable' } },
  });
  render.platform.suspended = true;
  const state = mkdtempSync(join(tmpdir(), 'rb-service-'));
  const posts = slack.posts.length;
  try {
    const p = startZx(
      'service',
      ['resume', '--env', 'staging'],
      {
        RUNBOOKS_CONFIG: CONFIG,
        RUNBOOKS_STATE_DIR: state,
        RUNBOOKS_OPERATOR: 'tester',
        HOLISTICOS_API_KEY: API_KEY,
        HOLISTICOS_STAGING_URL: down.url,
        SLACK_WEBHOOK_URL: slack.url,
        RENDER_API_URL: render.apiUrl,
        RENDER_API_KEY: RENDER_KEY,
        RENDER_SERVICE_ID: SERVICE,
      },
      60_000,
    );
    await p.waitFor(/platform: service_resumed/);
    p.signal('SIGINT');
    const r = await p.done;
    assert.equal(r.code, 130, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /Interrupted while following the resume on staging .*service\.ts status --env staging/,
    );
    const recs = readLedger(state, ['service']);
    assert.equal(recs.length, 1, 'one record');
    assert.equal((recs[0] as unknown as Record<string, unknown>).outcome, 'interrupted');
    assert.equal((recs[0] as unknown as Record<string, unknown>).asked, 'sent');
    assert.match(
      slack.posts
        .slice(posts)
        .map((x) => x.text)
        .join(' | '),
      /Resume of staging: INTERRUPTED/,
    );
  } finally {
    await render.close();
    await down.close();
  }
});
