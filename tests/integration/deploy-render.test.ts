// deploy.ts and rollback.ts as real processes against a fake Render API on loopback (and a
// sandbox standing in for the service, for verify and watch): the happy path, build_failed,
// a stuck deploy, 429s, 401, a deploy in progress, a dropped POST, the hook, dry runs with
// zero mutating calls, staging first, and sentinel secrets that appear nowhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRunbook, type RunResult } from '../helpers/run';
import { spawnSandbox, type SandboxProcess } from '../helpers/sandbox-process';
import { startFakeRender, type RenderScript, type FakeRender } from '../helpers/fake-render';
import { startFakeSlack } from '../helpers/fake-slack';
import { configFileWith } from '../helpers/config';
import { readLedger } from '../../runbooks/lib/ledger/index';

const RENDER_KEY = 'rnd_SENTINEL-render-key-7a6b';
const SERVICE = 'srv-testservice0001';
const API_KEY = 'holisticos-sentinel-key-1f2e3d4c';
const HOOK_KEY = 'hooksentinel9z8y7x6w';
const COMMIT = '3f2a9c1d4e5b6a7980716253443526170819a0bc';

// Short deadlines and a short legal watch (health and synthetic every 2 s, samples every 1 s).
const CONFIG = configFileWith({
  healthPollIntervalS: 2,
  monitor: { syntheticIntervalS: 2, syntheticMinIntervalS: 1 },
  deploy: {
    followTimeoutS: 6,
    pollIntervalS: 0.2,
    readyTimeoutS: 10,
    watchS: { local: 0, staging: 0, production: 0 },
  },
});
const WATCH = ['--watch', '6s', '--watch-interval', '1s'];

let sandbox: SandboxProcess;
before(async () => {
  sandbox = await spawnSandbox(['--profile', 'fast', '--time-scale', '20'], { HOLISTICOS_API_KEY: API_KEY });
});
after(() => sandbox.stop());

interface Run extends RunResult {
  render: FakeRender;
  state: string;
  all: string;
}

async function deploy(
  args: string[],
  script: Partial<RenderScript> = {},
  o: {
    env?: Record<string, string | undefined>;
    state?: string;
    script?: 'deploy' | 'rollback';
    render?: FakeRender;
  } = {},
): Promise<Run> {
  const render =
    o.render ??
    (await startFakeRender({ apiKey: RENDER_KEY, serviceId: SERVICE, hookKey: HOOK_KEY, ...script }));
  const state = o.state ?? mkdtempSync(join(tmpdir(), 'rb-deploy-'));
  try {
    const r = await runRunbook(o.script ?? 'deploy', args, {
      timeoutMs: 90_000,
      env: {
        RUNBOOKS_CONFIG: CONFIG,
        RUNBOOKS_STATE_DIR: state,
        RUNBOOKS_OPERATOR: 'tester',
        RENDER_API_URL: render.apiUrl,
        RENDER_API_KEY: RENDER_KEY,
        RENDER_SERVICE_ID: SERVICE,
        HOLISTICOS_API_KEY: API_KEY,
        HOLISTICOS_STAGING_URL: sandbox.url,
        HOLISTICOS_PRODUCTION_URL: sandbox.url,
        ...o.env,
      },
    });
    return { ...r, render, state, all: r.stdout + r.stderr };
  } finally {
    if (!o.render) await render.close();
  }
}

const ledgerText = (state: string) =>
  existsSync(join(state, 'ledger.jsonl')) ? readFileSync(join(state, 'ledger.jsonl'), 'utf8') : '';
const deployRecord = (state: string) => readLedger(state, ['deploy']).at(-1);
const posts = (r: Run, path: string) => r.render.mutations().filter((q) => q.path.endsWith(path));

test('happy path on staging: trigger with the commit, follow through an unknown status, verify, watch → exit 0 and a ledger record', async () => {
  const r = await deploy(['--env', 'staging', '--commit', COMMIT, '--skip-checklist', ...WATCH]);
  assert.equal(r.code, 0, r.all);
  assert.match(r.all, /pre_deploy_in_progress_v2/, 'a status it does not know is followed as in progress');
  assert.match(r.all, /DEPLOYED: commit 3f2a9c1 on staging/);
  const [post] = posts(r, `/services/${SERVICE}/deploys`);
  assert.deepEqual(post?.body, { clearCache: 'do_not_clear', commitId: COMMIT });
  assert.equal(r.render.mutations().length, 1, 'one POST, nothing else changed');
  const rec = deployRecord(r.state)!;
  assert.equal(rec.outcome, 'deployed');
  assert.equal(rec.verified, true);
  assert.equal(rec.watched, true);
  assert.equal(rec.commit, COMMIT);
  assert.equal(rec.operator, 'tester');
  assert.deepEqual(
    (rec.steps as Array<{ step: string; verdict: string }>).map((s) => `${s.step}:${s.verdict}`),
    [
      'checklist:skipped',
      'record-live:passed',
      'trigger:passed',
      'follow:passed',
      'verify:passed',
      'watch:passed',
    ],
  );
  assert.ok(rec.previousLive, 'the live deploy was recorded as the rollback target');
});

test('build_failed: exit 1 naming the step, no rollback (the old deploy keeps serving)', async () => {
  const r = await deploy(['--env', 'staging', '--commit', COMMIT, '--skip-checklist', '--watch', '0'], {
    deploySequence: ['build_in_progress', 'build_failed'],
  });
  assert.equal(r.code, 1, r.all);
  assert.match(r.all, /FAILED: commit 3f2a9c1 on staging — failed step: follow/);
  assert.match(r.all, /ended build_failed; dep-\w+ keeps serving/);
  assert.equal(posts(r, '/rollback').length, 0, 'nothing to roll back: it never went live');
  assert.equal(deployRecord(r.state)!.outcome, 'failed');
});

test('a deploy stuck past the deadline is canceled: exit 1, the old one keeps serving', async () => {
  const r = await deploy(['--env', 'staging', '--commit', COMMIT, '--skip-checklist', '--watch', '0'], {
    deploySequence: ['build_in_progress'],
  });
  assert.equal(r.code, 1, r.all);
  assert.match(
    r.all,
    /still build_in_progress at its 6s deadline \(checked at \d+(\.\d+)?s\) and was canceled/,
  );
  assert.equal(posts(r, '/cancel').length, 1);
  assert.equal(posts(r, '/rollback').length, 0);
});

test('429s are waited out (Ratelimit-Reset as epoch and as seconds, Retry-After), then the deploy proceeds', async () => {
  for (const header of ['reset-epoch', 'reset-seconds', 'retry-after'] as const) {
    const r = await deploy(['--env', 'staging', '--commit', COMMIT, '--skip-checklist', '--watch', '0'], {
      rateLimit: { requests: 2, header },
    });
    assert.equal(r.code, 0, `${header}: ${r.all}`);
    const [a, b, c] = r.render.requests;
    assert.equal(a!.path, b!.path, 'the same request asked again');
    assert.ok(
      c!.at - b!.at >= 900 || b!.at - a!.at >= 900,
      `${header}: waited about a second before asking again`,
    );
  }
});

test('401: a config error naming RENDER_API_KEY, exit 2, nothing sent but the read', async () => {
  const r = await deploy(
    ['--env', 'staging', '--skip-checklist', '--watch', '0'],
    {},
    { env: { RENDER_API_KEY: 'rnd_wrongwrongwrong' } },
  );
  assert.equal(r.code, 2, r.all);
  assert.match(r.all, /Render refused the API key \(HTTP 401/);
  assert.match(r.all, /Check RENDER_API_KEY/);
  assert.equal(r.render.mutations().length, 0);
});

test('404: the service id is named', async () => {
  const r = await deploy(
    ['--env', 'staging', '--skip-checklist', '--watch', '0'],
    {},
    { env: { RENDER_SERVICE_ID: 'srv-nosuchservice' } },
  );
  assert.equal(r.code, 2, r.all);
  assert.match(r.all, /no service srv-nosuchservice/);
  assert.match(r.all, /Check RENDER_SERVICE_ID/);
});

test('a deploy already in progress refuses the deploy (exit 1, no POST); --force proceeds', async () => {
  const busy = [
    { status: 'build_in_progress', commit: 'd'.repeat(40) },
    { status: 'live', commit: 'a'.repeat(40) },
  ];
  const r = await deploy(['--env', 'staging', '--skip-checklist', '--watch', '0'], { initial: busy });
  assert.equal(r.code, 1, r.all);
  assert.match(
    r.all,
    /is already build_in_progress; a new one would cancel it\. Follow it \(--follow dep-\w+\) or pass --force/,
  );
  assert.equal(r.render.mutations().length, 0);
  const f = await deploy(['--env', 'staging', '--skip-checklist', '--watch', '0', '--force'], {
    initial: busy,
  });
  assert.equal(f.code, 0, f.all);
});

test('a POST answered with a dropped connection is not re-sent when the deploy was created; re-sent once when it was not', async () => {
  const after = await deploy(['--env', 'staging', '--commit', COMMIT, '--skip-checklist', '--watch', '0'], {
    firstPost: 'drop-after-create',
  });
  assert.equal(after.code, 0, after.all);
  assert.equal(posts(after, '/deploys').length, 1, 'found among the deploys created since: not sent again');
  const before = await deploy(['--env', 'staging', '--commit', COMMIT, '--skip-checklist', '--watch', '0'], {
    firstPost: 'drop-before-create',
  });
  assert.equal(before.code, 0, before.all);
  assert.equal(posts(before, '/deploys').length, 2, 'nothing was created: sent once more');
  const accepted = await deploy(
    ['--env', 'staging', '--commit', COMMIT, '--skip-checklist', '--watch', '0'],
    { firstPost: 'accepted-202' },
  );
  assert.equal(accepted.code, 0, accepted.all);
  assert.equal(
    posts(accepted, '/deploys').length,
    1,
    'a 202 without a body: the deploy is found in the list',
  );
});

test('--dry-run makes zero POST/PATCH calls, prints the plan with the rollback target; a bad provider is exit 2 even then', async () => {
  const r = await deploy(['--env', 'staging', '--dry-run']);
  assert.equal(r.code, 0, r.all);
  assert.equal(r.render.mutations().length, 0);
  assert.match(r.all, /DRY RUN/);
  assert.match(r.all, /Live now: dep-\w+ .*the rollback target/);
  assert.match(
    r.all,
    /\$ npx zx runbooks\/health\.ts --env staging/,
    'the checklist items and their commands',
  );
  const missing = await deploy(['--env', 'staging', '--dry-run'], {}, { env: { RENDER_API_KEY: undefined } });
  assert.equal(missing.code, 2, missing.all);
  assert.match(missing.all, /render-api provider needs RENDER_API_KEY/);
  const unknown = await deploy(['--env', 'staging', '--dry-run', '--provider', 'heroku']);
  assert.equal(unknown.code, 2, unknown.all);
  const rb = await deploy(
    ['--env', 'staging', '--dry-run', '--disable-auto-deploy'],
    {
      initial: [
        { status: 'live', commit: 'f'.repeat(40) },
        { status: 'deactivated', commit: 'a'.repeat(40) },
      ],
    },
    { script: 'rollback' },
  );
  assert.equal(rb.code, 0, rb.all);
  assert.equal(rb.render.mutations().length, 0);
  assert.match(
    rb.all,
    /Dry run: would turn auto-deploy off, then roll back staging from dep-\w+ \(fffffff\) to dep-\w+ \(aaaaaaa\)/,
  );
});

test('staging first: production without a proven staging run is refused (exit 2, no call); after a verified, watched staging run it proceeds', async () => {
  const state = mkdtempSync(join(tmpdir(), 'rb-staging-'));
  const refused = await deploy(
    ['--env', 'production', '--commit', COMMIT, '--skip-checklist', '--confirm-production', '--watch', '0'],
    {},
    { state },
  );
  assert.equal(refused.code, 2, refused.all);
  assert.match(refused.all, /commit 3f2a9c1 has no staging deploy in the last 72 h/);
  assert.match(refused.all, /npx zx runbooks\/deploy\.ts --env staging --commit 3f2a9c1/);
  assert.equal(refused.render.requests.length, 0, 'refused before any call');
  const unwatched = await deploy(
    ['--env', 'staging', '--commit', COMMIT, '--skip-checklist', '--watch', '0'],
    {},
    { state },
  );
  assert.equal(unwatched.code, 0, unwatched.all);
  assert.equal(
    (
      await deploy(
        [
          '--env',
          'production',
          '--commit',
          COMMIT,
          '--skip-checklist',
          '--confirm-production',
          '--watch',
          '0',
        ],
        {},
        { state },
      )
    ).code,
    2,
    'an unwatched staging deploy does not count',
  );
  const staging = await deploy(
    ['--env', 'staging', '--commit', COMMIT, '--skip-checklist', ...WATCH],
    {},
    { state },
  );
  assert.equal(staging.code, 0, staging.all);
  const noConfirm = await deploy(['--env', 'production', '--skip-checklist', '--watch', '0'], {}, { state });
  assert.equal(noConfirm.code, 2, noConfirm.all);
  assert.match(noConfirm.all, /protected environment, and needs a confirmation; there is no terminal/);
  assert.equal(noConfirm.render.requests.length, 0);
  const prod = await deploy(
    ['--env', 'production', '--skip-checklist', '--confirm-production', '--watch', '0'],
    {},
    { state },
  );
  assert.equal(prod.code, 0, prod.all);
  assert.match(prod.all, /staging: +proved on staging/);
  assert.deepEqual(
    posts(prod, '/deploys')[0]?.body,
    { clearCache: 'do_not_clear', commitId: COMMIT },
    'without --commit, production deploys the commit staging proved',
  );
  const skipped = await deploy(
    [
      '--env',
      'production',
      '--commit',
      'e'.repeat(40),
      '--skip-checklist',
      '--skip-staging-check',
      '--confirm-production',
      '--watch',
      '0',
    ],
    {},
    { state },
  );
  assert.equal(skipped.code, 0, skipped.all);
  assert.deepEqual(deployRecord(state)!.skipped, {
    checklist: true,
    stagingCheck: true,
    autoRollback: false,
  });
});

test('the deploy hook triggers without the API key in the URL appearing anywhere; followed through the API', async () => {
  const slack = await startFakeSlack('ok');
  try {
    const r = await deploy(
      ['--env', 'staging', '--provider', 'render-hook', '--skip-checklist', '--watch', '0'],
      {},
      { env: { RENDER_DEPLOY_HOOK_URL: '', SLACK_WEBHOOK_URL: slack.url } },
    );
    assert.equal(r.code, 2, 'no hook URL: a usage error naming it');
    assert.match(r.all, /render-hook provider needs RENDER_DEPLOY_HOOK_URL/);
    const render = await startFakeRender({ apiKey: RENDER_KEY, serviceId: SERVICE, hookKey: HOOK_KEY });
    try {
      const ok = await deploy(
        ['--env', 'staging', '--provider', 'render-hook', '--skip-checklist', '--watch', '0'],
        {},
        { render, env: { RENDER_DEPLOY_HOOK_URL: render.hookUrl, SLACK_WEBHOOK_URL: slack.url } },
      );
      assert.equal(ok.code, 0, ok.all);
      assert.equal(render.requests.filter((q) => q.path.startsWith(`/deploy/${SERVICE}`)).length, 1);
      for (const secret of [HOOK_KEY, RENDER_KEY, API_KEY, 'slack-sentinel']) {
        assert.ok(!ok.all.includes(secret), `${secret} is not in the output`);
        assert.ok(!ledgerText(ok.state).includes(secret), `${secret} is not in the ledger`);
      }
      const unfollowed = await deploy(
        ['--env', 'staging', '--provider', 'render-hook', '--skip-checklist', '--watch', '0'],
        {},
        {
          render,
          env: {
            RENDER_DEPLOY_HOOK_URL: render.hookUrl,
            RENDER_API_KEY: undefined,
            RENDER_SERVICE_ID: undefined,
          },
        },
      );
      assert.equal(unfollowed.code, 0, unfollowed.all);
      assert.match(unfollowed.all, /TRIGGERED, NOT VERIFIED/);
    } finally {
      await render.close();
    }
    assert.ok(
      slack.posts.some((p) => /Deployed .* to staging: live, verified .*PASS/.test(p.text)),
      'Slack heard the success',
    );
  } finally {
    await slack.close();
  }
});

test('rollback.ts: --to must be a deploy id (exit 2); lists; turns auto-deploy off before rolling back; verifies', async () => {
  const bad = await deploy(['--env', 'staging', '--to', '12345'], {}, { script: 'rollback' });
  assert.equal(bad.code, 2, bad.all);
  assert.match(bad.all, /--to "12345" is not a deploy id/);
  assert.equal(bad.render.requests.length, 0);
  const history = [
    { status: 'live', commit: 'f'.repeat(40) },
    { status: 'deactivated', commit: 'a'.repeat(40) },
  ];
  const list = await deploy(['--env', 'staging', '--list'], { initial: history }, { script: 'rollback' });
  assert.equal(list.code, 0, list.all);
  assert.match(list.all, /▶ +dep-\w+ +live +fffffff/);
  const r = await deploy(
    ['--env', 'staging', '--disable-auto-deploy'],
    { initial: history },
    { script: 'rollback' },
  );
  assert.equal(r.code, 0, r.all);
  const [patch, post] = r.render.mutations();
  assert.equal(patch?.method, 'PATCH', 'auto-deploy off first');
  assert.deepEqual(patch?.body, { autoDeploy: 'no' });
  assert.match(post?.path ?? '', /\/rollback$/);
  assert.equal(r.render.autoDeploy(), 'no');
  assert.match(r.all, /Rolled back: staging now serves dep-\w+ \(aaaaaaa\)/);
  const warned = await deploy(['--env', 'staging'], { initial: history }, { script: 'rollback' });
  assert.equal(warned.code, 0, warned.all);
  assert.match(warned.all, /AUTO-DEPLOY STAYS ON/);
  assert.match(warned.all, /rollback\.ts --env staging --auto-deploy off/);
});
