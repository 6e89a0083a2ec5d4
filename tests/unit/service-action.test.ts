// The service command's library with a scripted platform (a fake PlatformClient, a fake clock):
// the action is parsed strictly; a restart is confirmed only by an event that was not there
// before it, then verified; a platform that never confirms ends at the deadline (exit 1)
// without verification; a dropped answer is "may have been sent"; Ctrl-C while following is
// 130; a refused smoke key is exit 2, unverified; a suspend is not verified and says 503; a dry
// run and "nothing to do" send nothing; every act that was sent is one ledger record and two
// Slack notices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceAction, runServiceAction, type ServiceDeps } from '../../runbooks/lib/service/index';
import { RunbookError } from '../../runbooks/lib/errors';
import type { PlatformClient, PlatformEvent, PlatformService } from '../../runbooks/lib/platform/types';
import type { VerifyResult } from '../../runbooks/lib/deploy/verify';
import type { SlackMessage } from '../../runbooks/lib/notify/slack';

test('the action: status, restart, suspend, resume, scale N; anything else is a usage error', () => {
  assert.deepEqual(serviceAction(['restart']), { kind: 'restart' });
  assert.deepEqual(serviceAction(['scale', '3']), { kind: 'scale', instances: 3 });
  for (const bad of [
    [],
    ['scale'],
    ['scale', '0'],
    ['scale', '1.5'],
    ['scale', '2', '3'],
    ['restart', 'now'],
    ['reboot'],
  ])
    assert.throws(
      () => serviceAction(bad),
      (e: unknown) => e instanceof RunbookError && e.code === 'RB_USAGE',
      bad.join(' '),
    );
});

const T0 = Date.UTC(2026, 11, 7, 12, 0, 0);
const ev = (id: string, type: string, sec: number, extra: Record<string, unknown> = {}): PlatformEvent =>
  ({ id, type, at: new Date(T0 + sec * 1000).toISOString(), serviceId: 'srv-x', ...extra }) as PlatformEvent;

/** A platform whose events and state a test scripts; it counts the acts it was asked. */
function fakePlatform(o: {
  service?: Partial<PlatformService>;
  /** The events after n acts (all events, any order). */
  eventsAfter?: (acts: number, reads: number) => PlatformEvent[];
  act?: () => void;
}) {
  const asked: string[] = [];
  let reads = 0;
  const svc: PlatformService = {
    id: 'srv-x',
    name: 'holisticos',
    ownerId: 'tea-x',
    type: 'web_service',
    plan: 'starter',
    numInstances: 1,
    suspended: false,
    suspenders: [],
    url: null,
    region: null,
    autoDeploy: true,
    createdAt: null,
    ...o.service,
  };
  const act = (name: string) => async () => {
    o.act?.();
    asked.push(name);
    if (name === 'suspend') svc.suspended = true;
    return {
      action: name as 'restart',
      status: name === 'restart' ? 200 : 202,
      at: new Date().toISOString(),
    };
  };
  const client = {
    source: 'render',
    serviceId: 'srv-x',
    describes: 'Render service srv-x',
    service: async () => ({ ...svc }),
    events: async () => {
      reads++;
      const items = o.eventsAfter?.(asked.length, reads) ?? [];
      return { items, pages: 1, truncated: false, window: { startMs: 0, endMs: 0 } };
    },
    restart: act('restart'),
    suspend: act('suspend'),
    resume: act('resume'),
    scale: act('scale'),
  } as unknown as PlatformClient;
  return { client, asked };
}

function deps(client: PlatformClient, o: Partial<ServiceDeps> & { verdict?: VerifyResult } = {}) {
  const records: Record<string, unknown>[] = [];
  const slack: SlackMessage[] = [];
  let t = T0;
  let verified = 0;
  const d: ServiceDeps = {
    client,
    verify: async () => {
      verified++;
      return (
        o.verdict ?? { verdict: 'passed', detail: 'health healthy; smoke passed', health: null, smoke: null }
      );
    },
    answers: async () => true,
    ledger: { path: '', append: (r) => (records.push(r), r as never) },
    notify: { send: (m) => void slack.push(m), flush: async () => [], enabled: true },
    link: (s) => `/docs/incident-response-playbook/#${s}`,
    followMs: 60_000,
    pollMs: 5_000,
    signal: new AbortController().signal,
    now: () => t,
    sleep: async (ms) => void (t += ms),
    ...o,
  };
  return { d, records, slack, verified: () => verified };
}

const plan = (action: Parameters<typeof runServiceAction>[0]['action'], dryRun = false) => ({
  env: 'production',
  action,
  dryRun,
  operator: 'tester',
  target: '--env production',
});

test('restart: confirmed by a new server_restarted (not the one before it), then verified; one record, two notices', async () => {
  const old = ev('evt-old', 'server_restarted', -60, { triggeredByUser: 'someone' });
  const p = fakePlatform({
    eventsAfter: (acts, reads) =>
      acts === 0 || reads < 4
        ? [old]
        : [old, ev('evt-new', 'server_restarted', 5, { triggeredByUser: 'me' })],
  });
  const x = deps(p.client);
  const r = await runServiceAction(plan({ kind: 'restart' }), x.d);
  assert.equal(r.exitCode, 0, r.summary);
  assert.deepEqual(p.asked, ['restart']);
  assert.deepEqual(
    r.follow!.events.map((e) => e.id),
    ['evt-new'],
    'the restart before the act is not this one',
  );
  assert.equal(x.verified(), 1);
  assert.match(r.summary, /^Done: restart of production took effect after 10s/);
  assert.equal(x.records.length, 1);
  assert.equal(x.records[0]!.outcome, 'verified');
  assert.equal(x.records[0]!.asked, 'sent');
  assert.deepEqual(
    x.slack.map((m) => m.text),
    ['Restart of production (Render service srv-x) — by tester', 'Restart of production: VERIFIED'],
  );
  assert.equal(x.slack[1]!.link!.url, '/docs/incident-response-playbook/#restart');
});

test('a platform that never confirms: the deadline, exit 1, not verified; recorded as unconfirmed', async () => {
  const p = fakePlatform({ eventsAfter: () => [] });
  const x = deps(p.client, { followMs: 30_000 });
  const r = await runServiceAction(plan({ kind: 'restart' }), x.d);
  assert.equal(r.exitCode, 1);
  assert.equal(r.follow!.end, 'deadline');
  assert.match(r.summary, /did not confirm it within 30s: no server_restarted/);
  assert.equal(x.verified(), 0);
  assert.equal(x.records[0]!.outcome, 'unconfirmed');
});

test('a dropped answer: "may have been sent", recorded; Ctrl-C while following: 130, recorded', async () => {
  const dropped = fakePlatform({
    act: () => {
      throw new RunbookError('RB_NETWORK', 'the connection dropped');
    },
  });
  const x = deps(dropped.client);
  const r = await runServiceAction(plan({ kind: 'restart' }), x.d);
  assert.equal(r.asked, 'uncertain');
  assert.equal(r.exitCode, 3);
  assert.match(r.summary, /may have been sent, then: the connection dropped/);
  assert.equal(x.records[0]!.asked, 'uncertain');

  const ac = new AbortController();
  const p = fakePlatform({ eventsAfter: () => [] });
  const y = deps(p.client, {
    signal: ac.signal,
    sleep: async () => ac.abort(),
  });
  const i = await runServiceAction(plan({ kind: 'scale', instances: 2 }), y.d);
  assert.equal(i.exitCode, 130);
  assert.equal(y.records.length, 1);
  assert.equal(y.records[0]!.outcome, 'interrupted');
  assert.equal(y.records[0]!.instances, 2);
});

test('a refused smoke key: the act stands, unverified, exit 2 (the key was judged, not the service)', async () => {
  const p = fakePlatform({
    eventsAfter: (acts) => (acts ? [ev('evt-1', 'server_restarted', 1, { triggeredByUser: null })] : []),
  });
  const refused = new RunbookError('RB_AUTH', 'The smoke test’s key was refused (401).');
  const x = deps(p.client, {
    verdict: { verdict: 'failed', detail: 'not verified', health: null, smoke: null, keyRefused: refused },
  });
  const r = await runServiceAction(plan({ kind: 'restart' }), x.d);
  assert.equal(r.exitCode, 2);
  assert.match(r.summary, /took effect .* but it was not verified: The smoke test’s key was refused/);
  assert.equal(x.records[0]!.outcome, 'unverified');
});

test('suspend: confirmed by the state, not verified, says 503 until resumed; a dry run and "nothing to do" send nothing', async () => {
  const p = fakePlatform({});
  const x = deps(p.client);
  const r = await runServiceAction(plan({ kind: 'suspend' }), x.d);
  assert.equal(r.exitCode, 0);
  assert.equal(x.verified(), 0);
  assert.match(
    r.summary,
    /answers 503 to every request until it is resumed \(npx zx runbooks\/service\.ts resume --env production\)/,
  );
  assert.match(JSON.stringify(x.slack[0]), /answers 503 to everyone/);

  const again = await runServiceAction(plan({ kind: 'suspend' }), deps(p.client).d);
  assert.match(again.summary, /Nothing to do on production: it is already suspended/);
  const q = fakePlatform({});
  const dry = deps(q.client);
  const d = await runServiceAction(plan({ kind: 'scale', instances: 3 }, true), dry.d);
  assert.match(
    d.summary,
    /^Dry run: would scale Render service srv-x on production to 3 instances \(plan starter, 1 instance, running\).*nothing was changed/,
  );
  assert.deepEqual(q.asked, []);
  assert.equal(dry.records.length, 0);
  assert.equal(dry.slack.length, 0);
  await assert.rejects(
    runServiceAction(plan({ kind: 'restart' }), deps(p.client).d),
    /suspended: there is no instance to restart/,
  );
});
