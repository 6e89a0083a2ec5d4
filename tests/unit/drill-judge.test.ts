// The drill's judge and catalogue: the remedy is read off the sandbox's state as the platform
// records it (a restart through its API, a rollback, a suspension; an outside cause's end by
// itself with an update and a verification), never `fault clear` or the sandbox's admin
// restart; only the scenario's diagnosis against the drill's sandbox counts; every scenario's
// fault, release and section exist, and the playbook links a drill for each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../runbooks/lib/config/load';
import {
  firstDiagnosis,
  remedySeen,
  wrongRemedies,
  type Baseline,
  type Observation,
} from '../../runbooks/lib/drill/judge';
import {
  LEAK_OOM_AFTER_ALERT_MS,
  SCENARIOS,
  findScenario,
  leakMbPerWallS,
} from '../../runbooks/lib/drill/scenarios';
import { passesAfterMs } from '../../runbooks/lib/drill/inject';
import { FAULT_NAMES } from '../../runbooks/lib/faults/catalogue';
import { SECTIONS } from '../../runbooks/lib/sections/index';
import { criteriaFrom } from '../../runbooks/lib/monitor';
import type { FaultsView, LocalDeploy } from '../../runbooks/lib/sandbox-client/index';
import type { CommandRun } from '../../runbooks/lib/report/incident';
import { ROOT } from '../helpers/run';

const config = await loadConfig();
const at = (s: number) => new Date(Date.UTC(2026, 11, 3, 14, 0, s)).toISOString();
const ms = (s: number) => Date.parse(at(s));
const base: Baseline = {
  alertAt: ms(10),
  release: 'good',
  liveDeployId: 'dep-a',
  drillDeployId: 'dep-b',
  url: 'http://127.0.0.1:8001',
};
const view = (o: Partial<FaultsView> = {}): FaultsView => ({
  catalogue: [],
  release: 'good',
  active: [],
  serving: true,
  restarts: [],
  ...o,
});
const fault = (name: string, source: 'switched' | 'release' = 'switched') => ({
  name,
  label: name,
  value: 0,
  source,
  since: '',
});
const dep = (id: string, release: string, status: string, created: number, trigger = 'api'): LocalDeploy => ({
  id,
  release,
  status,
  trigger,
  createdAt: at(created),
  startedAt: at(created),
  finishedAt: status === 'live' ? at(created + 1) : null,
  updatedAt: at(created),
  commit: { id: 'c', message: '' },
});
const obs = (s: number, v: FaultsView, deploys: LocalDeploy[] = []): Observation => ({
  at: ms(s),
  view: v,
  deploys,
});
const S = (id: string) => findScenario(id)!;

test('passes: an outside cause is judged on its end by itself, the update and a verification after it', () => {
  const s = S('openai-outage');
  const b = { ...base, passesAt: ms(40) };
  const c = (sec: number, script: string, exitCode: number | null = 0): CommandRun => ({
    startedAt: at(sec),
    script,
    args: [],
    env: 'local',
    url: null,
    exitCode,
    operator: 'r',
  });
  const envUrl = (e: string) => (e === 'local' ? 'http://127.0.0.1:8001' : undefined);
  const ended = (how: 'by-itself' | 'cleared', sec: number) => ({
    name: 'openai-outage',
    at: at(sec),
    how,
    source: 'switched' as const,
  });
  const o = (sec: number, v: FaultsView, commands: CommandRun[], updates: number[]): Observation => ({
    ...obs(sec, v),
    commands,
    updates,
  });
  const still = view({ active: [fault('openai-outage')] });
  assert.equal(
    remedySeen(s, b, o(30, still, [c(31, 'smoke')], [ms(20)]), [], envUrl),
    undefined,
    'still out',
  );
  const over = view({ ended: [ended('by-itself', 40)] });
  assert.equal(
    remedySeen(s, b, o(50, over, [c(45, 'smoke')], []), [], envUrl),
    undefined,
    'no update posted',
  );
  assert.equal(
    remedySeen(s, b, o(50, over, [c(35, 'smoke'), c(45, 'smoke', 1)], [ms(20)]), [], envUrl),
    undefined,
    'verified only before it ended, or a check that failed',
  );
  const seen = remedySeen(s, b, o(50, over, [c(46, 'health')], [ms(20)]), [], envUrl);
  assert.equal(seen?.at, ms(46));
  assert.match(
    seen!.what,
    /openai-outage ended by itself at 14:00:40; update posted at 14:00:20; recovery verified by health/,
  );
  // Cleared by hand before its time: not a remedy; the drill waits for its drawn time.
  const cleared = view({ ended: [ended('cleared', 25)] });
  assert.equal(remedySeen(s, b, o(30, cleared, [c(28, 'smoke')], [ms(20)]), [], envUrl), undefined);
  assert.equal(remedySeen(s, b, o(50, cleared, [c(45, 'smoke')], [ms(20)]), [], envUrl)?.at, ms(45));
  assert.deepEqual(
    wrongRemedies(s, b, obs(30, cleared)).map((w) => w.what),
    ['sandbox.ts fault clear openai-outage: done, not a remedy (the real service has no such switch)'],
  );
});

test("restart: only a restart through the platform's API after the alert; not an OOM kill, a crash loop or the sandbox's admin restart", () => {
  const s = S('memory-leak');
  const r = (sec: number, cause: 'admin' | 'oom' | 'crash-loop' | 'deploy', by?: string) => ({
    at: at(sec),
    cause,
    ...(by ? { by } : {}),
  });
  assert.equal(
    remedySeen(
      s,
      base,
      obs(
        20,
        view({
          restarts: [
            r(5, 'admin', 'render-api'),
            r(12, 'oom'),
            r(15, 'crash-loop'),
            r(16, 'admin', 'sandbox-admin'),
            r(17, 'deploy'),
          ],
        }),
      ),
      [],
    ),
    undefined,
  );
  assert.deepEqual(remedySeen(s, base, obs(20, view({ restarts: [r(18, 'admin', 'render-api')] })), []), {
    at: ms(18),
    what: 'restarted through the platform (service.ts restart)',
  });
  assert.deepEqual(
    wrongRemedies(s, base, obs(20, view({ restarts: [r(16, 'admin', 'sandbox-admin')] }))).map((w) => w.what),
    ['sandbox.ts restart: done, not a remedy (restart the service through the platform: service.ts restart)'],
  );
  // A crash loop its release brought: a restart is noted, and only a rollback counts.
  assert.deepEqual(
    wrongRemedies(S('crash-loop'), base, obs(20, view({ restarts: [r(16, 'admin', 'render-api')] }))).map(
      (w) => w.what,
    ),
    ['restarted: the same release starts again, this does not fix it'],
  );
  const loop = S('crash-loop');
  const seen = remedySeen(
    loop,
    base,
    obs(30, view({ release: 'good' }), [
      dep('dep-c', 'good', 'live', 25, 'rollback'),
      dep('dep-b', 'crash-looping', 'deactivated', 11),
    ]),
    [],
  );
  assert.match(seen!.what, /rolled back to release good \(dep-c\)/);
});

test('suspend: the service seen suspended through the platform after the alert (the cost runaway contained)', () => {
  const s = S('cost-runaway');
  const p = (suspended: boolean) => ({
    serviceId: 'srv-x',
    instanceId: 'i',
    memoryMb: 110,
    memoryLimitMb: 512,
    suspended,
    numInstances: 1,
  });
  assert.equal(remedySeen(s, base, obs(20, view({ platform: p(false) })), []), undefined);
  const h = [obs(15, view({ platform: p(true) }))];
  assert.equal(remedySeen(s, base, obs(20, view({ platform: p(true) })), h)?.at, ms(15));
});

test("rollback: the previous release serves again from a deploy newer than the drill's, however it was made", () => {
  const s = S('bad-release');
  const bad = dep('dep-b', 'broken-routine', 'live', 11);
  assert.equal(remedySeen(s, base, obs(20, view({ release: 'broken-routine' }), [bad]), []), undefined);
  const redeploy = remedySeen(
    s,
    base,
    obs(30, view(), [dep('dep-c', 'good', 'live', 25, 'api'), { ...bad, status: 'deactivated' }]),
    [],
  );
  assert.match(redeploy!.what, /redeployed to release good \(dep-c\)/);
  assert.equal(redeploy!.at, ms(26));
});

test('serving: only after the instance was seen starting; a restart meanwhile is a wrong remedy', () => {
  const s = S('cold-start');
  assert.equal(
    remedySeen(s, base, obs(11, view({ serving: true })), []),
    undefined,
    'never seen down: not a recovery',
  );
  const down = [obs(11, view({ serving: false }))];
  assert.equal(remedySeen(s, base, obs(14, view({ serving: true })), down)?.what, 'serving again');
  assert.deepEqual(
    wrongRemedies(
      s,
      base,
      obs(14, view({ restarts: [{ at: at(12), cause: 'admin', by: 'render-api' }] })),
    ).map((w) => w.what),
    ['restarted during the cold start: the wait starts over'],
  );
  assert.deepEqual(
    wrongRemedies(S('openai-outage'), base, obs(14, view(), [dep('dep-x', 'good', 'live', 13)])).map(
      (w) => w.what,
    ),
    ['deployed release good (api): this does not fix it'],
  );
  assert.deepEqual(
    wrongRemedies(S('bad-release'), base, obs(14, view(), [dep('dep-x', 'good', 'live', 13)])),
    [],
    'a deploy is the remedy of a bad release',
  );
});

test("diagnosis: the first of the scenario's commands after the alert, against the drill's sandbox only", () => {
  const c = (s: number, script: string, args: string[], url: string | null, env = 'local'): CommandRun => ({
    startedAt: at(s),
    script,
    args,
    env,
    url,
    exitCode: 0,
    operator: 'r',
  });
  const envUrl = (e: string) => (e === 'local' ? 'http://127.0.0.1:8001' : undefined);
  const s = S('openai-outage');
  const cmds = [
    c(5, 'smoke', [], null),
    c(12, 'health', [], null),
    c(13, 'smoke', ['--url', 'http://127.0.0.1:9999'], 'http://127.0.0.1:9999'),
    c(14, 'smoke', ['--env', 'staging'], null, 'staging'),
    c(15, 'incident', ['note', 'x'], null),
    c(16, 'incident', ['assess'], null),
  ];
  assert.equal(
    firstDiagnosis(s, cmds, base, envUrl)?.startedAt,
    at(16),
    'before the alert, not the diagnosis, another target, another env, another subcommand: none count',
  );
  assert.equal(
    firstDiagnosis(
      s,
      [c(17, 'smoke', ['--url', 'http://localhost:8001'], 'http://localhost:8001')],
      base,
      envUrl,
    )?.script,
    'smoke',
  );
});

test('the catalogue: faults, releases and sections exist; severities are levels; the playbook offers each drill', () => {
  const playbook = readFileSync(join(ROOT, 'docs/incident-response-playbook.mdx'), 'utf8');
  for (const s of SCENARIOS) {
    assert.ok(s.symptom in SECTIONS && s.alert(config).section in SECTIONS, s.id);
    if (s.inject.kind === 'fault') assert.ok(FAULT_NAMES.includes(s.inject.fault), s.id);
    if (s.inject.kind === 'deploy' && s.inject.release)
      assert.ok(s.inject.release in config.sandbox.releases, s.id);
    if (s.remedy.kind === 'passes') {
      assert.ok(FAULT_NAMES.includes(s.remedy.fault), s.id);
      assert.ok(s.inject.kind === 'fault' && s.inject.ends?.kind === 'passes', `${s.id} ends by itself`);
    }
    if (s.remedy.kind === 'restart')
      assert.ok(
        s.inject.kind === 'fault' && s.inject.ends?.kind === 'restart',
        `${s.id} ends with a restart`,
      );
    assert.doesNotMatch(s.remedyText, /fault clear/, `${s.id}: fault clear is no remedy`);
    assert.equal(
      s.alert(config).section,
      s.symptom,
      `${s.id}: the alert links the section that names its remedy`,
    );
    assert.ok(s.severity in config.incident.severities, s.id);
    assert.ok(s.diagnosis.length > 0, s.id);
    assert.match(
      playbook,
      new RegExp(`script="drill" flags="--scenario ${s.id}"`),
      `the playbook links the ${s.id} drill`,
    );
  }
});

test('the memory leak: the alert comes first, the OOM kill follows in a realistic window, at any time scale', () => {
  for (const scale of [1, 20]) {
    const perWallS = leakMbPerWallS(config, scale);
    const modelledS = (config.service.plan.memoryMb - config.alerts.memoryTargetMb) / (perWallS / scale);
    assert.ok(Math.abs(modelledS * 1000 - LEAK_OOM_AFTER_ALERT_MS) < 1_000, `×${scale}: ${modelledS} s`);
  }
  assert.ok(LEAK_OOM_AFTER_ALERT_MS >= 2 * 60_000, 'minutes to act, not a second');
});

test('an outside cause passes at a seeded time within its window: the same seed, the same time', () => {
  const w = [120_000, 360_000] as const;
  assert.equal(passesAfterMs(w, 7), passesAfterMs(w, 7));
  const draws = [1, 2, 3, 4, 5, 6, 7, 8].map((x) => passesAfterMs(w, x));
  for (const d of draws) assert.ok(d >= w[0] && d <= w[1], String(d));
  assert.ok(new Set(draws).size > 4, 'different seeds, different times');
});

test('every alert the monitor raises names a page section of the map', () => {
  for (const c of criteriaFrom(config)) assert.ok(c.section in SECTIONS, c.id);
});
