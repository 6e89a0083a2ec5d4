import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  evaluate,
  initialState,
  metricVerdict,
  type Criterion,
  type Measurement,
  type MetricState,
} from '../../runbooks/lib/monitor';

const c: Criterion = {
  id: 'memory',
  label: 'memory',
  unit: 'MB',
  max: 450,
  source: 'alerts.memoryMb',
  signal: '/metrics',
  section: 'memory',
  origin: 'app',
};
const limits = { breaches: 3, errors: 2 };
const v = (value: number): Measurement => ({ kind: 'value', value });
const err: Measurement = { kind: 'error', code: 'RB_REFUSED', reason: 'refused' };
const miss: Measurement = { kind: 'missing', reason: 'no data' };

function fold(ms: Measurement[]): { state: MetricState; transitions: string[] } {
  let state = initialState('memory');
  const transitions: string[] = [];
  for (const m of ms) {
    const r = evaluate(state, c, m, limits);
    state = r.state;
    transitions.push(r.transition);
  }
  return { state, transitions };
}

test('N consecutive breaches fail; a good value in between resets the streak', () => {
  assert.equal(metricVerdict(fold([v(460), v(470), v(400), v(460), v(470), v(400)]).state), 'passed');
  const f = fold([v(460), v(470), v(480)]);
  assert.deepEqual(f.transitions, ['breach', 'breach', 'failed']);
  assert.equal(metricVerdict(f.state), 'failed');
  assert.equal(f.state.maxValue, 480);
});

test('a value equal to the threshold is not a breach (strictly above breaches)', () => {
  assert.deepEqual(fold([v(450)]).transitions, ['ok']);
});

test('measurement errors count separately, against their own limit, and reset on a good measurement', () => {
  const transient = fold([err, v(100), err, v(100)]);
  assert.equal(metricVerdict(transient.state), 'passed');
  assert.equal(transient.state.errors, 2);
  const dead = fold([err, err]);
  assert.deepEqual(dead.transitions, ['error', 'errored']);
  assert.equal(metricVerdict(dead.state), 'errored');
});

test('errors do not reset a breach streak, nor count as breaches', () => {
  const f = fold([v(460), err, v(470), v(480)]);
  assert.equal(f.state.status, 'failed');
  assert.equal(f.state.breaches, 3);
});

test('missing data is inconclusive, never a pass', () => {
  const f = fold([miss, miss, { kind: 'not-due' }]);
  assert.equal(metricVerdict(f.state), 'inconclusive');
  assert.equal(f.state.missing, 2);
  assert.equal(metricVerdict(fold([miss, v(10)]).state), 'passed');
});

test('a watch that ends inside a breach streak could not conclude: inconclusive, not a pass', () => {
  const f = fold([v(100), v(460), v(470)]);
  assert.equal(f.state.status, 'running');
  assert.equal(metricVerdict(f.state), 'inconclusive');
});

test('a signal the target never tracks is reported as not tracked, not judged', () => {
  const off: Measurement = { kind: 'unavailable', reason: 'no Redis' };
  assert.equal(metricVerdict(fold([off, off]).state), 'not-tracked');
  assert.equal(metricVerdict(fold([off, miss]).state), 'inconclusive');
});
