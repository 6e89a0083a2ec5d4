// stress.ts as a real process against the sandbox's realistic profile (time-scaled, so a
// 0.5-CPU service's knee arrives in seconds): the recommended maximum must sit where the
// run's own p95 and success rate turn. The expected values are derived here from the
// report's per-step data, independently of runbooks/lib/load/stress.ts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runRunbook } from '../helpers/run';
import type { RunningSandbox } from '../../runbooks/lib/sandbox/index';
import { registerTestSandbox, startTestSandbox } from '../helpers/sandbox';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Endpoint {
  knownBroken: boolean;
  latency: { p95: number };
}
interface Step {
  users: number;
  successRatePct: number;
  endpoints: Record<string, Endpoint>;
}

const KEY = 'sandbox-stress-key';
let sb: RunningSandbox;
before(async () => {
  sb = await startTestSandbox({ profile: 'realistic', timeScale: 20, seed: 11, apiKey: KEY });
});
after(() => sb?.close());

test('stress against the realistic sandbox recommends the step before its p95 and success turn', async () => {
  // Announced as npm start announces its sandbox, so the report records its conditions.
  const state = mkdtempSync(join(tmpdir(), 'rb-stress-'));
  registerTestSandbox(state, sb, 'env');
  const r = await runRunbook(
    'stress',
    ['--url', sb.url, '--time-scale', '20', '--step-duration', '5s', '--grace', '3s', '--json'],
    { env: { HOLISTICOS_API_KEY: KEY, RUNBOOKS_STATE_DIR: state }, timeoutMs: 180_000 },
  );
  const { report } = JSON.parse(r.stdout);
  assert.deepEqual(
    [report.config.profile, report.config.sandboxTimeScale, report.config.faults],
    ['realistic', 20, []],
    "the sandbox's conditions are in the report",
  );
  // The verdict: the recommendation against the capacity target (config.slo.concurrentUsers).
  // A busy machine can make the generator itself the bottleneck of a step: the run is then
  // marked invalid, which is the self-monitor doing its job, not a wrong recommendation.
  const target = report.stress.targetUsers as number;
  assert.equal(target, 15);
  const kept = report.stress.recommendation.maxUsers >= target;
  assert.equal(report.verdict.status, report.invalid ? 'invalid' : kept ? 'pass' : 'fail');
  assert.equal(r.code, report.verdict.status === 'pass' ? 0 : 1, r.stderr);
  if (!kept && !report.invalid)
    assert.ok(
      report.verdict.failures.some((f: string) =>
        f.startsWith(
          `recommended maximum ${report.stress.recommendation.maxUsers} users is below the target of ${target}`,
        ),
      ),
      report.verdict.failures.join('\n'),
    );
  assert.equal(report.kind, 'stress');
  assert.equal(report.target.sandbox, true);
  const { steps, limits, recommendation, stoppedEarly } = report.stress as {
    steps: Step[];
    limits: {
      failSuccessPct: number;
      stopSuccessPct: number;
      p95MsByEndpoint: Record<string, number>;
      backoffUsers: number;
    };
    recommendation: { maxUsers: number; byRule: { maxUsers: number; firstFailingUsers: number | null } };
    stoppedEarly: { atUsers: number } | null;
  };
  assert.ok(steps.length >= 2, 'at least two steps ran');

  const fails = (s: Step) =>
    s.successRatePct < limits.failSuccessPct ||
    Object.entries(s.endpoints).some(
      ([id, e]) => !e.knownBroken && e.latency.p95 > limits.p95MsByEndpoint[id]!,
    );
  const firstFail = steps.find(fails);
  assert.ok(
    firstFail,
    `a 0.5-CPU service must degrade somewhere between 1 and 30 users: ${steps.map((s) => `${s.users}u ${s.successRatePct}%`).join(', ')}`,
  );
  assert.ok(firstFail.users > steps[0]!.users, 'one user is served within the limits');
  const passedBefore = steps.filter((s) => s.users < firstFail.users);
  assert.ok(
    passedBefore.every((s) => !fails(s)),
    'every step before the first failing one passed',
  );
  const expected = Math.min(Math.max(1, firstFail.users - limits.backoffUsers), passedBefore.at(-1)!.users);
  assert.equal(recommendation.byRule.firstFailingUsers, firstFail.users);
  assert.equal(recommendation.byRule.maxUsers, expected);
  assert.ok(
    recommendation.maxUsers <= expected && recommendation.maxUsers >= 1,
    'the knee may only lower the recommendation',
  );

  // The run stops at the first step whose success fell below the stop line, and not before.
  const collapse = steps.find((s) => s.successRatePct < limits.stopSuccessPct);
  if (collapse) {
    assert.equal(stoppedEarly?.atUsers, collapse.users);
    assert.equal(steps.at(-1)!.users, collapse.users, 'no step runs after the collapse');
  } else assert.equal(stoppedEarly, null);
  assert.match(r.stderr, new RegExp(`recommended maximum: ${recommendation.maxUsers} concurrent users`));
  assert.ok(!r.stdout.includes(KEY) && !r.stderr.includes(KEY), 'the key is never printed');
});
