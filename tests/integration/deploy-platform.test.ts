// deploy.ts as a real process with the platform read during its watch: a fake Render serves
// the deploy and the platform's events, a sandbox stands in for the service. An OOM kill
// recorded after the deploy went live fails the watch and rolls the deploy back, naming the
// event; without one the watch passes and says what it read. A production deploy whose commit
// this machine's ledger never saw on staging is allowed when Render shows it live and quiet on
// staging for the watch window, and refused after a server_failed there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRunbook } from '../helpers/run';
import { spawnSandbox, type SandboxProcess } from '../helpers/sandbox-process';
import { startFakeRender, type FakeRender, type RenderScript } from '../helpers/fake-render';
import { rawEvent, rawSeries } from '../helpers/fake-render-platform';
import { configFileWith } from '../helpers/config';
import { recorded2, startFakeService } from '../helpers/fake-service';
import { readLedger } from '../../runbooks/lib/ledger/index';

const RENDER_KEY = 'rnd_SENTINEL-deploy-platform-5e1c';
const SERVICE = 'srv-deployplatform0001';
const API_KEY = 'holisticos-sentinel-key-9a8b7c6d';
const COMMIT = '7c1d4e5b6a7980716253443526170819a0bc3f2a';
const MB = 1_048_576;

// A short legal watch (health and synthetic every 2 s, samples every 1 s), the platform read every second.
const CONFIG = configFileWith({
  healthPollIntervalS: 2,
  monitor: { syntheticIntervalS: 2, syntheticMinIntervalS: 1 },
  platform: { readEveryS: 1 },
  deploy: {
    followTimeoutS: 6,
    pollIntervalS: 0.2,
    readyTimeoutS: 10,
    // Staging's watch window, which a Render proof of staging needs the commit live for.
    watchS: { local: 0, staging: 2, production: 0 },
  },
});
const WATCH = ['--watch', '6s', '--watch-interval', '1s'];

let sandbox: SandboxProcess;
before(async () => {
  sandbox = await spawnSandbox(['--profile', 'fast', '--time-scale', '20'], { HOLISTICOS_API_KEY: API_KEY });
});
after(() => sandbox.stop());

const fakes: FakeRender[] = [];
after(() => Promise.all(fakes.map((f) => f.close())));
async function fakeRender(script: Partial<RenderScript> = {}) {
  const f = await startFakeRender({ apiKey: RENDER_KEY, serviceId: SERVICE, ...script });
  fakes.push(f);
  return f;
}

async function deploy(
  args: string[],
  render: FakeRender,
  state?: string,
  extra: Record<string, string | undefined> = {},
) {
  const dir = state ?? mkdtempSync(join(tmpdir(), 'rb-deploy-platform-'));
  const r = await runRunbook('deploy', args, {
    timeoutMs: 90_000,
    env: {
      RUNBOOKS_CONFIG: CONFIG,
      RUNBOOKS_STATE_DIR: dir,
      RUNBOOKS_OPERATOR: 'tester',
      RENDER_API_URL: render.apiUrl,
      RENDER_API_KEY: RENDER_KEY,
      RENDER_SERVICE_ID: SERVICE,
      HOLISTICOS_API_KEY: API_KEY,
      HOLISTICOS_STAGING_URL: sandbox.url,
      HOLISTICOS_PRODUCTION_URL: sandbox.url,
      ...extra,
    },
  });
  return { ...r, render, state: dir, all: r.stdout + r.stderr };
}

test('an OOM kill after the deploy went live fails the watch and rolls the deploy back, naming the event (exit 1)', async () => {
  let pushed = false;
  const render: FakeRender = await fakeRender({
    platform: {
      metrics: {
        // The watch's first read of memory is when the instance dies: Render records the kill then.
        memory: (q) => {
          if (!pushed) {
            pushed = true;
            render.platform.events.push(
              rawEvent(
                SERVICE,
                'server_failed',
                {
                  instanceID: `${SERVICE}-k2j4h`,
                  reason: { evicted: false, oomKilled: { memoryLimit: '512Mi' } },
                },
                Date.now(),
              ),
            );
          }
          return [rawSeries([505 * MB], { unit: 'bytes', endMs: Date.parse(q.get('endTime')!) })];
        },
        'memory-limit': [rawSeries([512 * MB], { unit: 'bytes' })],
      },
    },
  });
  const r = await deploy(['--env', 'staging', '--commit', COMMIT, '--skip-checklist', ...WATCH], render);
  assert.equal(r.code, 1, r.all);
  assert.match(r.all, new RegExp(`platform signals: Render service ${SERVICE} \\(RENDER_SERVICE_ID\\)`));
  assert.match(r.all, /FAILED AND ROLLED BACK: commit 7c1d4e5 on staging — failed step: watch/);
  assert.match(
    r.all,
    /the platform recorded server_failed at \d\d:\d\d:\d\d UTC: out of memory \(limit 512Mi\) \(evt-[a-z0-9]+\)/,
  );
  const steps = readLedger(r.state, ['deploy-step']);
  const watch = steps.find((s) => s.step === 'watch')!;
  assert.equal(watch.verdict, 'failed');
  assert.match(String(watch.detail), /server_failed .*out of memory \(limit 512Mi\)/);
  const rec = readLedger(r.state, ['deploy']).at(-1)!;
  assert.equal(rec.outcome, 'rolled-back');
  assert.equal(rec.failedStep, 'watch');
  assert.ok(
    r.render.mutations().some((m) => m.path.endsWith(`/services/${SERVICE}/rollback`)),
    'the rollback was asked of Render',
  );
});

test('a failure from before the deploy went live is not the deploy’s: the watch passes (exit 0)', async () => {
  const render = await fakeRender({
    platform: {
      events: [
        rawEvent(
          SERVICE,
          'server_failed',
          { instanceID: `${SERVICE}-old00`, reason: { evicted: false, nonZeroExit: 1 } },
          Date.now() - 10 * 60_000,
        ),
      ],
      metrics: {
        memory: (q) => [rawSeries([180 * MB], { unit: 'bytes', endMs: Date.parse(q.get('endTime')!) })],
        'memory-limit': [rawSeries([512 * MB], { unit: 'bytes' })],
      },
    },
  });
  const r = await deploy(['--env', 'staging', '--commit', COMMIT, '--skip-checklist', ...WATCH], render);
  assert.equal(r.code, 0, r.all);
  assert.match(r.all, /DEPLOYED: commit 7c1d4e5 on staging/);
  assert.doesNotMatch(r.all, /server_failed/);
  assert.ok((render.platform.queries.events ?? []).length >= 2, 'the watch read the events more than once');
  assert.equal(readLedger(r.state, ['deploy']).at(-1)!.watched, true);
});

const PROD = [
  '--env',
  'production',
  '--commit',
  COMMIT,
  '--skip-checklist',
  '--confirm-production',
  '--watch',
  '0',
];
/** Staging's own service id: the fake serves one service, standing in for staging here. */
const STAGING = { RENDER_STAGING_SERVICE_ID: SERVICE };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('no staging proof in the ledger: Render’s record of staging allows production (plan, --dry-run, ledger)', async () => {
  const render = await fakeRender({ initial: [{ status: 'live', commit: COMMIT }] });
  await sleep(2_100); // live on staging for its 2 s watch window
  const state = mkdtempSync(join(tmpdir(), 'rb-proof-'));
  const dry = await deploy([...PROD, '--dry-run'], render, state, STAGING);
  assert.equal(dry.code, 0, dry.all);
  const proof = new RegExp(
    `staging: +proved on staging from Render \\(Render service ${SERVICE}\\): dep-[0-9a-f]+ \\(commit 7c1d4e5\\) live since \\S+ \\([\\d.]+ ?s\\), 0 event\\(s\\) since with no server_failed; staging is not suspended; its health check answers healthy`,
  );
  assert.match(dry.all, proof, 'the dry run shows which proof');
  assert.equal(render.mutations().length, 0, 'a dry run changes nothing');
  const r = await deploy(PROD, render, state, STAGING);
  assert.equal(r.code, 0, r.all);
  assert.match(r.all, proof);
  const rec = readLedger(state, ['deploy']).at(-1)!;
  assert.equal(rec.outcome, 'deployed');
  const p = rec.stagingProof as { source: string; deployId: string; commit: string; eventsChecked: number };
  assert.equal(p.source, 'render');
  assert.equal(p.commit, COMMIT);
  assert.match(p.deployId, /^dep-/);
});

test('Render’s proof is refused after a server_failed on staging since it went live, or when staging is critical now (exit 2, nothing sent)', async () => {
  const render = await fakeRender({ initial: [{ status: 'live', commit: COMMIT }] });
  await sleep(2_100);
  render.platform.events.push(
    rawEvent(
      SERVICE,
      'server_failed',
      { instanceID: `${SERVICE}-c1c1c`, reason: { nonZeroExit: 1 } },
      Date.now(),
    ),
  );
  const r = await deploy(PROD, render, undefined, STAGING);
  assert.equal(r.code, 2, r.all);
  assert.match(
    r.all,
    /Refused: a production deploy needs .* commit 7c1d4e5 has no staging deploy in the last 72 h .*; staging had a failure since dep-[0-9a-f]+ went live: server_failed: exit code 1, instance srv-deployplatform0001-c1c1c at \S+ \(evt-[a-z0-9]+\)/,
  );
  assert.equal(render.mutations().length, 0);
  // Quiet on Render but critical now: staging is not healthy, so it proves nothing.
  const quiet = await fakeRender({ initial: [{ status: 'live', commit: COMMIT }] });
  const critical = await startFakeService({
    'GET /api/health': { kind: 'json', body: recorded2('health_database_checked').body },
  });
  try {
    await sleep(2_100);
    const sick = await deploy(PROD, quiet, undefined, { ...STAGING, HOLISTICOS_STAGING_URL: critical.url });
    assert.equal(sick.code, 2, sick.all);
    assert.match(sick.all, /staging's health is critical now \(/);
    assert.equal(quiet.mutations().length, 0);
  } finally {
    await critical.close();
  }
  // Without staging's own service id Render is not asked, and the refusal says what to set.
  const unset = await deploy(PROD, render, undefined, {});
  assert.equal(unset.code, 2, unset.all);
  assert.match(unset.all, /Render was not asked \(not configured \(set RENDER_STAGING_SERVICE_ID\)\)/);
});
