// The drill's judge and catalogue: the remedy is read off the sandbox's state, whoever did
// it; only the scenario's diagnosis against the drill's sandbox counts; every scenario's
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
import { SCENARIOS, findScenario } from '../../runbooks/lib/drill/scenarios';
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

test('fault-gone: seen when the fault is no longer on, cleared or replaced by a deploy', () => {
  assert.equal(
    remedySeen(S('openai-outage'), base, obs(20, view({ active: [fault('openai-outage')] })), []),
    undefined,
  );
  assert.equal(remedySeen(S('openai-outage'), base, obs(21, view()), [])?.what, 'openai-outage cleared');
  const loop = S('crash-loop');
  const h = [obs(12, view({ release: 'crash-looping', active: [fault('crash-loop', 'release')] }))];
  const seen = remedySeen(
    loop,
    base,
    obs(30, view({ release: 'good' }), [
      dep('dep-c', 'good', 'live', 25, 'rollback'),
      dep('dep-b', 'crash-looping', 'deactivated', 11),
    ]),
    h,
  );
  assert.match(seen!.what, /crash-loop gone: rolled back to release good \(dep-c\)/);
});

test("restart: an in-place restart or a redeploy after the alert; the crash loop's own restarts do not count", () => {
  const s = S('memory-leak');
  assert.equal(
    remedySeen(
      s,
      base,
      obs(
        20,
        view({
          restarts: [
            { at: at(5), cause: 'admin' },
            { at: at(15), cause: 'crash-loop' },
          ],
        }),
      ),
      [],
    ),
    undefined,
  );
  assert.deepEqual(remedySeen(s, base, obs(20, view({ restarts: [{ at: at(18), cause: 'admin' }] })), []), {
    at: ms(18),
    what: 'restarted in place',
  });
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
    wrongRemedies(s, base, obs(14, view({ restarts: [{ at: at(12), cause: 'admin' }] }))).map((w) => w.what),
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
    if (s.remedy.kind === 'fault-gone') assert.ok(FAULT_NAMES.includes(s.remedy.fault), s.id);
    assert.ok(s.severity in config.incident.severities, s.id);
    assert.ok(s.diagnosis.length > 0, s.id);
    assert.match(
      playbook,
      new RegExp(`script="drill" flags="--scenario ${s.id}"`),
      `the playbook links the ${s.id} drill`,
    );
  }
});

test('every alert the monitor raises names a page section of the map', () => {
  for (const c of criteriaFrom(config)) assert.ok(c.section in SECTIONS, c.id);
});
