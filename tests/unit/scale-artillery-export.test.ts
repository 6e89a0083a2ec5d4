// --export artillery: valid YAML with the phases of each workload model, an ensure check
// per threshold Artillery can express (the same thresholds load.ts derives), the response
// rules as expectations, and no secret anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../runbooks/lib/config/load';
import { sloThresholds } from '../../runbooks/lib/load/thresholds';
import { artilleryScript } from '../../runbooks/lib/scale/artillery-export';
import { scalePlan, type ScaleFlags } from '../../runbooks/lib/scale/plan';
import { ROOT } from '../helpers/run';

const config = await loadConfig(join(ROOT, 'runbooks.config.ts'));
const target = { baseUrl: 'http://127.0.0.1:8001', label: { source: 'environment', name: 'local' } } as const;
const flags = (f: Partial<ScaleFlags>): ScaleFlags => ({
  duration: 60_000,
  think: 0,
  grace: 10_000,
  only: [],
  threshold: [],
  abortOnFail: false,
  countKnownBroken: false,
  timeScale: 1,
  ...f,
});
type Doc = { config: Record<string, any>; scenarios: { name: string; flow: Record<string, any>[] }[] };
const exported = (f: Partial<ScaleFlags>) => {
  const r = artilleryScript(config, scalePlan(config, flags(f)), target);
  return { ...r, doc: parse(r.text) as Doc };
};
const sentinel = 'artillery-sentinel-key-must-not-appear-4b7d';

test('closed model: one phase capping users with maxVusers; ensure per step from the SLOs; the journey with its rules', () => {
  const before = process.env.HOLISTICOS_API_KEY;
  process.env.HOLISTICOS_API_KEY = sentinel;
  let r: ReturnType<typeof exported>;
  try {
    r = exported({ users: 5, duration: 20_000 });
  } finally {
    if (before === undefined) delete process.env.HOLISTICOS_API_KEY;
    else process.env.HOLISTICOS_API_KEY = before;
  }
  assert.ok(!r.text.includes(sentinel), 'the key is never written');
  const c = r.doc.config;
  assert.equal(c.target, target.baseUrl);
  assert.deepEqual(c.phases, [
    { name: 'closed: 5 users for 20s', duration: 20, arrivalRate: 100, maxVusers: 5 },
  ]);
  assert.equal(c.http.timeout, config.timeouts.generate / 1000);
  assert.deepEqual(c.variables.archetype, config.journey.archetypes);
  assert.deepEqual(
    Object.keys(c.plugins),
    ['metrics-by-endpoint', 'expect', 'ensure'],
    'metrics-by-endpoint records a response before expect can fail its user',
  );
  assert.equal(c.plugins.expect.reportFailuresAsErrors, true);
  // The SLO thresholds of a local run, step by step (insights known broken: not exported).
  const slo = sloThresholds(
    config,
    config.journey.steps.map((s) => ({ id: s.id, knownBroken: s.knownBroken })),
  );
  const latency = slo
    .filter((t) => !t.excluded && /latency/.test(t.metric))
    .map((t) => ({
      [`plugins.metrics-by-endpoint.response_time.${t.metric.split('.')[1]}.p95`]: Number(
        t.expression.split('<')[1],
      ),
    }));
  assert.deepEqual(c.ensure.thresholds, latency);
  assert.deepEqual(
    c.ensure.thresholds.map((t: object) => Object.values(t)[0]),
    [config.slo.p95Ms, config.slo.perStep.routine!.p95Ms, config.slo.perStep.nutrition!.p95Ms],
  );
  assert.deepEqual(
    c.ensure.conditions.map((x: { expression: string }) => x.expression),
    [
      `vusers.failed / (http.requests - 1 * vusers.completed) * 100 < ${config.slo.errorRatePct}`,
      `vusers.completed / vusers.created * 100 >= ${config.slo.successRatePct}`,
    ],
  );
  const flow = r.doc.scenarios[0]!.flow;
  assert.deepEqual(
    flow.map((s) => Object.values(s)[0].name),
    config.journey.steps.map((s) => s.id),
  );
  const req = (id: string) => Object.values(flow.find((s) => Object.values(s)[0].name === id)!)[0];
  assert.equal(
    req('routine').url,
    '/api/user/rb_{{ $uuid }}/routine/generate',
    'a fresh user id per journey',
  );
  assert.equal(req('routine').headers['X-API-Key'], '{{ $env.HOLISTICOS_API_KEY }}');
  assert.equal(req('health').headers, undefined);
  assert.equal(req('routine').json.archetype, '{{ archetype }}');
  assert.match(req('routine').expect[1].jmespath, /fallback/);
  assert.equal(req('insights').expect, undefined, 'known broken: measured, not judged');
  assert.match(r.text, /^# Not carried over[^\n]*\n(# {3}- .*\n)+/m);
  for (const n of r.notCarried) assert.ok(r.text.includes(n), `the header lists: ${n}`);
  assert.ok(r.checks.length === 5 && r.checks.every((l) => r.text.includes(l)));
});

test('open model: arrivalRate, or arrivalCount for a fractional rate; the rate check as an ensure condition', () => {
  const open = exported({ rate: 2, duration: 30_000 }).doc.config;
  assert.deepEqual(open.phases, [
    { name: 'open: 2 journeys/s for 30s', duration: 30, arrivalRate: 2, maxVusers: 60 },
  ]);
  assert.ok(
    open.ensure.conditions.some((x: { expression: string }) => x.expression === 'vusers.created >= 57'),
  );
  const slow = exported({ rate: 0.5, duration: 600_000 });
  assert.deepEqual(slow.doc.config.phases, [
    { name: 'open: 0.5 journeys/s for 10m', duration: 600, arrivalCount: 300, maxVusers: 15 },
  ]);
  assert.match(slow.text, /rejects a fractional arrivalRate/);
});

test('stages: open ramps as arrivalRate → rampTo; closed ramps as steps of maxVusers', () => {
  const open = exported({ rate: 1, stages: '30s:2,1m:4,30s:0' }).doc.config.phases;
  assert.deepEqual(
    open.map((p: Record<string, number>) => [p.duration, p.arrivalRate, p.rampTo]),
    [
      [30, 0, 2],
      [60, 2, 4],
      [30, 4, 0],
    ],
  );
  const frac = exported({ rate: 1, stages: '10s:0.5,10s:0' }).doc.config.phases;
  assert.equal(frac[1].rampTo, 0.001, 'a ramp from a fractional rate down to 0 avoids rampTo 0');
  const fromZero = exported({ rate: 1, stages: '5s:0,10s:3' }).doc.config.phases;
  assert.deepEqual(fromZero[0], { name: 'stage 1: 0 → 0 journeys/s', pause: 5 });
  const closed = exported({ stages: '10s:4,10s:0' }).doc.config.phases as Record<string, number>[];
  assert.equal(closed.length, 20);
  assert.equal(
    closed.reduce((a, p) => a + (p.duration ?? p.pause!), 0),
    20,
  );
  assert.ok(closed[0]!.pause, 'the first step rounds to 0 users: a pause');
  assert.equal(Math.max(...closed.map((p) => p.maxVusers ?? 0)), 4);
  assert.ok(closed.every((p) => p.pause || p.arrivalRate === p.maxVusers! * 20));
});

test('time scale, extra thresholds, abort-on-fail, think time and counting the known-broken step', () => {
  const scaled = exported({ users: 1, timeScale: 20 }).doc.config.ensure.thresholds;
  assert.deepEqual(scaled[1], {
    'plugins.metrics-by-endpoint.response_time.routine.p95': config.slo.perStep.routine!.p95Ms! / 20,
  });
  const extra = exported({
    users: 1,
    threshold: ['routine:p99<50000', 'journeys.late:pct<1', 'routine:p(97)<1'],
    abortOnFail: true,
  });
  assert.ok(
    extra.doc.config.ensure.thresholds.some(
      (t: object) => 'plugins.metrics-by-endpoint.response_time.routine.p99' in t,
    ),
  );
  assert.ok(extra.notCarried.some((n) => n.startsWith('journeys.late: pct<1')));
  assert.ok(extra.notCarried.some((n) => /p\(97\)/.test(n)));
  assert.ok(extra.notCarried.some((n) => /abort-on-fail/.test(n)));
  const think = exported({ users: 2, think: 1_500 }).doc.scenarios[0]!.flow;
  assert.deepEqual(
    think.at(-1),
    { think: '1500ms' },
    'Artillery reads a fractional number of seconds as no think time',
  );
  assert.deepEqual(exported({ users: 2, think: 2_000 }).doc.scenarios[0]!.flow.at(-1), { think: 2 });
  const counted = exported({ users: 1, countKnownBroken: true });
  const insights = Object.values(counted.doc.scenarios[0]!.flow.at(-1)!)[0];
  assert.ok(insights.expect, 'counted: insights is judged');
  assert.ok(
    counted.doc.config.ensure.conditions.some((x: { expression: string }) =>
      x.expression.startsWith('vusers.failed / http.requests * 100'),
    ),
  );
});
