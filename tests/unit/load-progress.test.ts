// The live progress line: whole seconds (ticks come once a second), the worst judged p95,
// and errors that leave the known-broken step out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatProgress } from '../../runbooks/lib/load/format';

type Tick = Parameters<typeof formatProgress>[0];
const step = (id: string, p95: number, requests: number, errors: number, knownBroken = false) => ({
  id,
  p95,
  requests,
  errors,
  knownBroken,
});
const tick = (elapsedMs: number, remainingMs: number): Tick =>
  ({
    type: 'tick',
    remainingMs,
    second: { requests: 42 },
    live: {
      elapsedMs,
      rps: 40.04,
      inFlight: 3,
      journeys: { completed: 9, started: 12 },
      steps: [step('health', 8, 10, 0), step('routine', 33.7, 10, 1), step('insights', 1, 10, 10, true)],
    },
  }) as unknown as Tick;

test('elapsed and remaining are whole seconds, however the tick timer drifted', () => {
  assert.match(formatProgress(tick(10_030, 9_970)), /^\[10s elapsed, 10s left\] 42 req\/s \(avg 40\.0\)/);
  assert.match(formatProgress(tick(19_996, 4)), /^\[20s elapsed, 0ms left\]/);
});

test('the worst judged p95 is shown; the known-broken step counts in neither p95 nor errors', () => {
  const line = formatProgress(tick(5_000, 15_000));
  assert.match(line, /p95 routine 33\.7 ms/);
  assert.match(line, /errors 1 \(5%\)/);
  assert.match(line, /journeys 9\/12 {2}in flight 3$/);
});
