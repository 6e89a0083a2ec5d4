// The deploy library's rules, in process: Render's statuses, rate-limit waits, staging first,
// rollback.ts's modes, and the deploy run's decisions with a scripted provider (a failed
// checklist sends nothing; no rollback without --auto-rollback, on an inconclusive watch or
// on an interrupt; a commit other than the one checked is rolled back).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stateOf, previousLive, createdSince } from '../../runbooks/lib/deploy/status';
import { rateLimitWaitMs, startOnce, UncertainWrite } from '../../runbooks/lib/deploy/render-api';
import { checkStaging, sameCommit } from '../../runbooks/lib/deploy/staging';
import { rollbackAction } from '../../runbooks/lib/deploy/rollback';
import { runDeploy, type DeployDeps } from '../../runbooks/lib/deploy/run';
import { keyRefusedError } from '../../runbooks/lib/errors';
import type { DeployPlan } from '../../runbooks/lib/deploy/types';
import type { Deploy, DeployProvider } from '../../runbooks/lib/deploy/types';
import { openLedger, readLedger, type LedgerRecord } from '../../runbooks/lib/ledger/index';
import type { Notifier, SlackMessage } from '../../runbooks/lib/notify/slack';
import { postSlack, slackPayload } from '../../runbooks/lib/notify/slack';

const dep = (
  id: string,
  status: string,
  commit = 'a'.repeat(40),
  createdAt = new Date().toISOString(),
): Deploy => ({
  id,
  status,
  commit: { id: commit, message: null },
  trigger: 'api',
  createdAt,
  finishedAt: null,
});

test('statuses: live succeeded, *_failed and canceled failed, deactivated superseded, anything else in progress', () => {
  assert.deepEqual(
    [
      'live',
      'build_failed',
      'update_failed',
      'pre_deploy_failed',
      'canceled',
      'deactivated',
      'created',
      'queued',
      'build_in_progress',
      'a_status_from_2027',
    ].map(stateOf),
    [
      'live',
      'failed',
      'failed',
      'failed',
      'failed',
      'superseded',
      'in-progress',
      'in-progress',
      'in-progress',
      'in-progress',
    ],
  );
  const list = [dep('dep-new1', 'live'), dep('dep-bad1', 'build_failed'), dep('dep-old1', 'deactivated')];
  assert.equal(previousLive(list, list[0])?.id, 'dep-old1', 'the previous live one skips a failed build');
  const since = { since: new Date(Date.now() - 1000), known: new Set(['dep-new1']) };
  assert.deepEqual(
    createdSince(list, since).map((d) => d.id),
    ['dep-bad1', 'dep-old1'],
    'a known deploy is never mistaken for a new one',
  );
});

test('rate-limit waits: Ratelimit-Reset as epoch seconds or seconds from now, else Retry-After, capped at a minute', () => {
  const now = 1_700_000_000_000;
  assert.equal(rateLimitWaitMs({ 'ratelimit-reset': String(now / 1000 + 7) }, now), 7000);
  assert.equal(rateLimitWaitMs({ 'ratelimit-reset': '3' }, now), 3000);
  assert.equal(rateLimitWaitMs({ 'retry-after': '2' }, now), 2000);
  assert.equal(rateLimitWaitMs({}, now), 5000);
  assert.equal(rateLimitWaitMs({ 'retry-after': '3600' }, now), 60_000);
});

test('a deploy POST with an uncertain answer is sent again only when no deploy was created since, and at most once more', async () => {
  const since = { since: new Date(Date.now() - 1000), known: new Set<string>() };
  let sent = 0;
  const fail = async () => {
    sent++;
    throw new UncertainWrite('POST /deploys', 'HTTP 502');
  };
  await assert.rejects(
    startOnce(fail, async () => [], since, 'deploy'),
    /did not confirm the deploy \(HTTP 502\), twice/,
  );
  assert.equal(sent, 2);
  sent = 0;
  const found = await startOnce(fail, async () => [dep('dep-made1', 'created')], since, 'deploy');
  assert.equal(found?.id, 'dep-made1');
  assert.equal(sent, 1, 'found among the deploys created since: not sent again');
});

test('staging first: the same commit (prefixes match), verified and watched, within the window; without --commit the newest proven one', () => {
  const now = Date.parse('2026-12-03T12:00:00Z');
  const rec = (at: string, commit: string, over: Partial<LedgerRecord> = {}): LedgerRecord => ({
    at,
    kind: 'deploy',
    env: 'staging',
    outcome: 'deployed',
    verified: true,
    watched: true,
    commit,
    deployId: 'dep-x',
    ...over,
  });
  const records = [
    rec('2026-11-20T12:00:00Z', 'old0000000000'),
    rec('2026-12-03T08:00:00Z', 'abcdef1234567890'),
    rec('2026-12-03T09:00:00Z', 'unwatched12345', { watched: false }),
    rec('2026-12-03T10:00:00Z', 'rolledback1234', { outcome: 'rolled-back' }),
    rec('2026-12-03T11:00:00Z', 'prodonly123456', { env: 'production' }),
  ];
  assert.ok(sameCommit('abcdef1', 'abcdef1234567890'));
  assert.ok(!sameCommit('abc', 'abcdef1234567890'), 'fewer than 7 characters never match');
  const ok = checkStaging(records, 'abcdef1', 72, now);
  assert.ok(ok.ok && ok.commit === 'abcdef1234567890', 'the full id from the ledger');
  for (const c of ['old0000000000', 'unwatched12345', 'rolledback1234', 'prodonly123456'])
    assert.equal(checkStaging(records, c, 72, now).ok, false, c);
  const promote = checkStaging(records, undefined, 72, now);
  assert.ok(promote.ok && promote.commit === 'abcdef1234567890');
  const none = checkStaging([], undefined, 72, now);
  assert.ok(!none.ok && /no staging deploy in the last 72 h/.test(none.why));
});

test('rollback.ts does one thing per run; ids must look like Render’s', () => {
  assert.deepEqual(rollbackAction({ list: false, disableAutoDeploy: false }), {
    kind: 'rollback',
    to: undefined,
    disableAutoDeploy: false,
  });
  assert.deepEqual(rollbackAction({ list: false, disableAutoDeploy: false, autoDeploy: 'on' }), {
    kind: 'auto-deploy',
    on: true,
  });
  assert.throws(
    () => rollbackAction({ list: true, cancel: 'dep-abcd1234', disableAutoDeploy: false }),
    /--list and --cancel cannot be combined/,
  );
  assert.throws(
    () => rollbackAction({ list: false, to: 'DEP-1', disableAutoDeploy: false }),
    /--to "DEP-1" is not a deploy id/,
  );
});

test('Slack: text always set and clipped, 429 waits Retry-After, a 4xx is not retried, 5xx at most three times', async () => {
  const long = 'x'.repeat(5000);
  const p = slackPayload({ text: long, details: Array.from({ length: 60 }, () => 'd') });
  assert.equal(p.text.length, 3000);
  assert.equal(p.blocks.length, 50);
  const script = (statuses: Array<[number, string, Record<string, string>?]>) => {
    let i = 0;
    return async () => {
      const [status, text, headers] = statuses[Math.min(i++, statuses.length - 1)]!;
      return {
        url: 'x',
        method: 'POST',
        status,
        headers: headers ?? {},
        text,
        bytes: text.length,
        elapsedMs: 1,
      };
    };
  };
  const waits: number[] = [];
  const sleep = async (ms: number) => void waits.push(ms);
  assert.deepEqual(
    await postSlack(
      'u',
      { text: 't' },
      {
        request: script([
          [429, 'rate_limited', { 'retry-after': '2' }],
          [200, 'ok'],
        ]),
        sleep,
        random: () => 0,
      },
    ),
    { ok: true, attempts: 2 },
  );
  assert.deepEqual(waits, [2000]);
  const notFound = await postSlack(
    'u',
    { text: 't' },
    { request: script([[404, 'channel_not_found']]), sleep },
  );
  assert.equal(notFound.attempts, 1);
  assert.match(!notFound.ok ? notFound.reason : '', /channel_not_found: the webhook refused it/);
  const down = await postSlack('u', { text: 't' }, { request: script([[500, 'rollup_error']]), sleep });
  assert.equal(down.attempts, 3);
});

// A provider scripted in memory: the new deploy goes live on the second read.
function fakeProvider(o: { liveCommit?: string } = {}): DeployProvider & { calls: string[] } {
  const deploys: Deploy[] = [
    dep('dep-prev1', 'live', 'p'.repeat(40), new Date(Date.now() - 60_000).toISOString()),
  ];
  const calls: string[] = [];
  let n = 0;
  const start = (commit: string) => {
    const d = dep(`dep-new${++n}`, 'build_in_progress', commit);
    deploys.unshift(d);
    return { ...d };
  };
  return {
    name: 'render-api',
    describes: 'a fake',
    calls,
    can: { read: true, rollback: true, cancel: true, autoDeploy: true, pinCommit: true },
    list: async () => deploys.map((d) => ({ ...d })),
    get: async (id) => {
      const d = deploys.find((x) => x.id === id)!;
      if (d.status !== 'live') {
        d.status = 'live';
        for (const x of deploys) if (x !== d && x.status === 'live') x.status = 'deactivated';
      }
      return { ...d };
    },
    trigger: async ({ commit }) => (calls.push('trigger'), start(o.liveCommit ?? commit ?? 'c'.repeat(40))),
    rollback: async ({ to }) => (
      calls.push(`rollback ${to}`),
      start(deploys.find((d) => d.id === to)!.commit.id!)
    ),
    cancel: async (id) => (calls.push(`cancel ${id}`), dep(id, 'canceled')),
    setAutoDeploy: async () => void calls.push('autoDeploy'),
  };
}

const plan = (over: Partial<DeployPlan> = {}): DeployPlan => ({
  env: 'staging',
  provider: 'render-api',
  describes: 'a fake',
  baseUrl: 'http://127.0.0.1:1',
  commit: '1234567890abcdef',
  release: undefined,
  checklist: 'deployment-runbook/pre-deploy',
  watchMs: 60_000,
  watchIntervalMs: 30_000,
  autoRollback: true,
  force: false,
  staging: { required: false },
  confirmedBy: 'not-needed',
  follow: undefined,
  dryRun: false,
  operator: 'tester',
  ...over,
});

function deps(
  provider: DeployProvider,
  over: Partial<DeployDeps> = {},
): DeployDeps & { sent: SlackMessage[]; state: string } {
  const sent: SlackMessage[] = [];
  const notify: Notifier = { enabled: true, send: (m) => void sent.push(m), flush: async () => [] };
  const state = mkdtempSync(join(tmpdir(), 'rb-deploy-unit-'));
  return {
    provider,
    notify,
    sent,
    state,
    ledger: openLedger(state),
    link: (s) => `/docs/deployment-runbook/#${s}`,
    checklist: async () => ({ ok: true, partial: false, detail: 'all passed' }),
    verify: async () => ({ verdict: 'passed', detail: 'fine', health: null, smoke: null }),
    watch: async () => ({ verdict: 'passed', detail: 'no breach', summary: {} as never }),
    deadlineMs: 10_000,
    pollMs: 1,
    signal: new AbortController().signal,
    sleep: async () => undefined,
    ...over,
  };
}

test('a failed checklist sends nothing: refused, exit 1, the failed items named', async () => {
  const p = fakeProvider();
  const d = deps(p, {
    checklist: async () => ({ ok: false, partial: false, detail: '3 passed, 1 failed (health)' }),
  });
  const r = await runDeploy(plan(), d);
  assert.equal(r.outcome, 'refused');
  assert.equal(r.exitCode, 1);
  assert.match(
    r.reason,
    /pre-deployment checklist failed \(3 passed, 1 failed \(health\)\): nothing was deployed/,
  );
  assert.deepEqual(p.calls, []);
  assert.match(d.sent.at(-1)!.text, /FAILED at checklist/);
});

test('verification fails with --no-auto-rollback: reported with the command, not rolled back', async () => {
  const p = fakeProvider();
  const r = await runDeploy(
    plan({ autoRollback: false }),
    deps(p, {
      verify: async () => ({ verdict: 'failed', detail: 'smoke failed: routine', health: null, smoke: null }),
    }),
  );
  assert.equal(r.outcome, 'failed');
  assert.match(
    r.reason,
    /auto-rollback is off \(--no-auto-rollback\): roll back to dep-prev1 with rollback\.ts/,
  );
  assert.deepEqual(p.calls, ['trigger']);
});

test('a watch that could not judge is not a pass and not a rollback', async () => {
  const p = fakeProvider();
  const r = await runDeploy(
    plan(),
    deps(p, {
      watch: async () => ({
        verdict: 'inconclusive',
        detail: 'could not judge memory',
        summary: {} as never,
      }),
    }),
  );
  assert.equal(r.outcome, 'failed');
  assert.equal(r.failedStep, 'watch');
  assert.deepEqual(p.calls, ['trigger']);
  assert.equal(r.watched, false);
});

test('a watch breach rolls back to the recorded deploy and verifies it; Slack hears the rollback as it starts', async () => {
  const p = fakeProvider();
  const d = deps(p, {
    watch: async () => ({
      verdict: 'failed',
      detail: 'memory above 450 MB in 3 consecutive samples',
      summary: {} as never,
    }),
  });
  const r = await runDeploy(plan(), d);
  assert.equal(r.outcome, 'rolled-back');
  assert.equal(r.failedStep, 'watch');
  assert.deepEqual(p.calls, ['trigger', 'rollback dep-prev1']);
  assert.ok(d.sent.some((m) => /^Rolling back staging to dep-prev1/.test(m.text)));
  assert.match(d.sent.at(-1)!.text, /^ROLLED BACK staging: commit 1234567 failed at watch/);
  const rec = readLedger(d.state, ['deploy']).at(-1)!;
  assert.equal((rec.rollback as { to: string }).to, 'dep-prev1');
});

test('a key the new version refuses stops the deploy with the error every script gives (exit 2): nothing rolled back, judged by that key', async () => {
  const refused = keyRefusedError(
    'http://127.0.0.1:1',
    'its routine call was answered HTTP 401',
    'HOLISTICOS_API_KEY',
  );
  for (const at of ['verify', 'watch'] as const) {
    const p = fakeProvider();
    const d = deps(p, {
      ...(at === 'verify'
        ? {
            verify: async () => ({
              verdict: 'failed' as const,
              detail: `not verified: ${refused.message}`,
              health: null,
              smoke: null,
              keyRefused: refused,
            }),
          }
        : {
            watch: async () => ({
              verdict: 'failed' as const,
              detail: refused.message,
              summary: {} as never,
              keyRefused: refused,
            }),
          }),
    });
    const r = await runDeploy(plan(), d);
    assert.equal(r.outcome, 'errored', at);
    assert.equal(r.exitCode, 2, 'the exit code of a refused key in smoke, load, stress, cost and benchmark');
    assert.equal(r.error?.code, 'RB_AUTH');
    assert.ok(r.reason.startsWith(refused.message), r.reason);
    assert.match(
      r.reason,
      new RegExp(`is live and was not ${at === 'verify' ? 'verified' : 'watched'} or rolled back`),
    );
    assert.deepEqual(p.calls, ['trigger'], `${at}: no rollback`);
  }
});

test('an interrupt during verification rolls nothing back and says so', async () => {
  const p = fakeProvider();
  const ac = new AbortController();
  const r = await runDeploy(
    plan(),
    deps(p, {
      signal: ac.signal,
      verify: async () => (
        ac.abort(),
        { verdict: 'interrupted', detail: 'interrupted during the smoke test', health: null, smoke: null }
      ),
    }),
  );
  assert.equal(r.outcome, 'interrupted');
  assert.equal(r.exitCode, 130);
  assert.deepEqual(p.calls, ['trigger']);
});

test('a deploy that went live with another commit than the one checked is rolled back', async () => {
  const p = fakeProvider({ liveCommit: 'f'.repeat(40) });
  const r = await runDeploy(plan(), deps(p));
  assert.equal(r.outcome, 'rolled-back');
  assert.match(r.reason, /went live with commit fffffff, not 1234567/);
});
