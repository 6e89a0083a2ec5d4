// deploy.ts with the local provider, end to end: the sandbox runs as a real process, deploy.ts
// restarts it as a release. A bad release fails verification and is rolled back by itself,
// the rollback verified, while a Slack that never answers delays nothing; a good one goes
// live, verified and watched; Ctrl-C stops waiting and rolls nothing back; SIGKILL leaves a
// ledger whose every line reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRunbook, signalGroup, waitUntil } from '../helpers/run';
import { spawnSandbox } from '../helpers/sandbox-process';
import { startZx } from '../helpers/zx';
import { startFakeSlack, type SlackMode } from '../helpers/fake-slack';
import { configFileWith } from '../helpers/config';
import { COMMAND_KINDS } from '../../runbooks/lib/incident/commands';
import { readLedger, type LedgerRecord } from '../../runbooks/lib/ledger/index';
import { connectSandbox } from '../../runbooks/lib/sandbox-client/index';

const SHORT = {
  healthPollIntervalS: 2,
  monitor: { syntheticIntervalS: 2, syntheticMinIntervalS: 1 },
  deploy: { localPollIntervalS: 0.2, readyTimeoutS: 10 },
};
const CONFIG = configFileWith(SHORT);
// The same, with the handbook hosted somewhere: Slack's links are absolute.
const HOSTED = configFileWith({ ...SHORT, handbook: { url: 'https://handbook.example' } });

async function withSandbox<T>(
  args: string[],
  fn: (s: { url: string; state: string }) => Promise<T>,
): Promise<T> {
  const state = mkdtempSync(join(tmpdir(), 'rb-local-deploy-'));
  const sb = await spawnSandbox(['--profile', 'fast', ...args], { RUNBOOKS_STATE_DIR: state });
  try {
    return await fn({ url: sb.url, state });
  } finally {
    await sb.stop();
  }
}

const run = (
  s: { url: string; state: string },
  args: string[],
  extra: Record<string, string | undefined> = {},
  onSpawn?: (pid: number) => void,
) =>
  runRunbook('deploy', ['--env', 'local', '--url', s.url, ...args], {
    timeoutMs: 90_000,
    env: { RUNBOOKS_CONFIG: CONFIG, RUNBOOKS_STATE_DIR: s.state, RUNBOOKS_OPERATOR: 'tester', ...extra },
    ...(onSpawn ? { onSpawn } : {}),
  });

async function withSlack<T>(
  mode: SlackMode,
  fn: (url: string, posts: () => string[], blocks: () => string) => Promise<T>,
): Promise<T> {
  const slack = await startFakeSlack(mode);
  try {
    return await fn(
      slack.url,
      () => slack.posts.map((p) => p.text),
      () => JSON.stringify(slack.posts.map((p) => p.blocks.map((b) => b.text.text))),
    );
  } finally {
    await slack.close();
  }
}

test('a bad release fails verification, is rolled back by itself and the rollback verified (exit 1); a Slack that never answers delays nothing', async () => {
  await withSandbox(['--time-scale', '20'], (s) =>
    withSlack('down', async (slackUrl) => {
      const t0 = Date.now();
      const r = await run(s, ['--release', 'broken-routine', '--skip-checklist', '--watch', '0'], {
        SLACK_WEBHOOK_URL: slackUrl,
      });
      const all = r.stdout + r.stderr;
      assert.equal(r.code, 1, all);
      assert.match(
        all,
        /FAILED AND ROLLED BACK: release broken-routine on local — failed step: verify \(health, smoke\)/,
      );
      assert.match(
        all,
        /smoke failed: [a-z, ]*routine[a-z, ]* \(routine: fallback plan/,
        'smoke names the fallback plans',
      );
      // What the pages say it does (sandbox.releases.broken-routine.description): health
      // critical, and four smoke steps fail.
      assert.match(all, /health: critical/);
      assert.match(all, /smoke failed: health, routine, nutrition, behavior \(/);
      assert.match(all, /the rollback passed verification/);
      const steps = readLedger(s.state, ['deploy-step']);
      const failedVerify = steps.find((x) => x.step === 'verify' && x.verdict === 'failed')!;
      const rollback = steps.find((x) => x.step === 'rollback')!;
      const rollbackStart = Date.parse(rollback.at) - Number(rollback.durationMs);
      assert.ok(
        rollbackStart - Date.parse(failedVerify.at) < 1000,
        `the rollback started ${rollbackStart - Date.parse(failedVerify.at)} ms after verification failed, Slack hanging`,
      );
      assert.ok(Date.now() - t0 < 60_000, 'the run did not wait out Slack timeouts');
      const rec = readLedger(s.state, ['deploy']).at(-1)!;
      assert.equal(rec.outcome, 'rolled-back');
      assert.equal(rec.failedStep, 'verify');
      assert.equal((rec.rollback as { verified: boolean }).verified, true);
      const live = (await connectSandbox(s.state, s.url).deploys())[0]!;
      assert.equal(live.status, 'live');
      assert.equal(live.release, 'good', 'the sandbox serves the release it served before');
    }),
  );
});

test('a good release deploys end to end: live, verified, watched; Slack hears start and success with the environment, release and a link', async () => {
  await withSandbox(['--time-scale', '20'], (s) =>
    withSlack('rate-limited', async (slackUrl, posts, blocks) => {
      const r = await run(
        s,
        ['--release', 'good', '--skip-checklist', '--watch', '6s', '--watch-interval', '1s'],
        { SLACK_WEBHOOK_URL: slackUrl, RUNBOOKS_CONFIG: HOSTED },
      );
      const all = r.stdout + r.stderr;
      assert.equal(r.code, 0, all);
      assert.match(all, /DEPLOYED: release good on local/);
      const rec = readLedger(s.state, ['deploy']).at(-1)!;
      assert.deepEqual([rec.outcome, rec.verified, rec.watched, rec.watchMs], ['deployed', true, true, 6000]);
      const texts = posts();
      assert.ok(
        texts.some((t) => /^Deploy to local started: release good by tester/.test(t)),
        texts.join('\n'),
      );
      assert.ok(
        texts.some((t) => /^Deployed .* to local: live, verified, watched 6s — PASS/.test(t)),
        'after a 429 with Retry-After, delivered',
      );
      assert.ok(
        blocks().includes(
          '<https://handbook.example/docs/deployment-runbook/#post-deploy|Post-deployment verification>',
        ),
        'the success links the post-deployment section',
      );
    }),
  );
});

test('Slack answering 404 channel_not_found is reported once per message and changes no exit code', async () => {
  await withSandbox(['--time-scale', '20'], (s) =>
    withSlack('not-found', async (slackUrl, posts) => {
      const r = await run(s, ['--release', 'good', '--skip-checklist', '--watch', '0'], {
        SLACK_WEBHOOK_URL: slackUrl,
      });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(
        r.stderr,
        /Slack: HTTP 404 channel_not_found: the webhook refused it \(check SLACK_WEBHOOK_URL and its channel\)/,
      );
      assert.ok(!(r.stdout + r.stderr).includes('slack-sentinel'), 'the webhook URL is never printed');
      assert.equal(posts().length, 0);
    }),
  );
});

test('Ctrl-C while following: the deploy id and the commands to follow, cancel or roll back; nothing rolled back; exit 130', async () => {
  // Time scale 1: the build takes the config's 4 s, long enough to interrupt.
  await withSandbox(['--time-scale', '1'], async (s) => {
    // node directly (not npx), so the signal reaches the runbook itself, as a terminal's Ctrl-C does.
    const deploy = startZx(
      'deploy',
      ['--env', 'local', '--url', s.url, '--release', 'leaky', '--skip-checklist', '--watch', '0'],
      { RUNBOOKS_CONFIG: CONFIG, RUNBOOKS_STATE_DIR: s.state },
      60_000,
    );
    await waitUntil(
      'the trigger step in the ledger',
      () => readLedger(s.state, ['deploy-step']).some((x) => x.step === 'trigger'),
      30_000,
    );
    deploy.signal('SIGINT'); // once: a second Ctrl-C means "quit at once"
    const { code } = await deploy.done;
    const all = deploy.output();
    assert.equal(code, 130, all);
    assert.match(all, /INTERRUPTED: release leaky on local/);
    assert.match(all, /Follow it: +npx zx runbooks\/deploy\.ts --env local --follow dep-\w+/);
    assert.match(all, /Cancel it: +npx zx runbooks\/rollback\.ts --env local --cancel dep-\w+/);
    assert.match(all, /Roll back: +npx zx runbooks\/rollback\.ts --env local --to dep-\w+/);
    assert.match(all, /Nothing was rolled back on the interrupt/);
    assert.equal(readLedger(s.state, ['deploy']).at(-1)!.outcome, 'interrupted');
    assert.ok(!readLedger(s.state, ['deploy-step']).some((x) => x.step === 'rollback'));
  });
});

test('SIGKILL mid-deploy leaves a ledger whose every line is a whole record', async () => {
  await withSandbox(['--time-scale', '1'], async (s) => {
    let pid = 0;
    const running = run(s, ['--release', 'good', '--skip-checklist', '--watch', '0'], {}, (p) => (pid = p));
    await waitUntil(
      'the trigger step in the ledger',
      () => readLedger(s.state, ['deploy-step']).some((x) => x.step === 'trigger'),
      30_000,
    );
    signalGroup(pid, 'SIGKILL');
    await running;
    const file = join(s.state, 'ledger.jsonl');
    assert.ok(existsSync(file));
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const records = lines.map((l) => JSON.parse(l) as LedgerRecord);
    assert.deepEqual(
      records
        .filter((x) => !(COMMAND_KINDS as readonly string[]).includes(x.kind))
        .map((x) => (x.kind === 'deploy-step' ? `step:${x.step}` : x.kind)),
      ['deploy-start', 'step:checklist', 'step:record-live', 'step:trigger'],
    );
  });
});
