import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retry, expBackoff, type RetryEvent } from '../../runbooks/lib/http';
import { RunbookError } from '../../runbooks/lib/errors';

const refused = () => new RunbookError('RB_REFUSED', 'refused', { details: { retryable: true } });
const http500 = () => new RunbookError('RB_HTTP', '500', { details: { retryable: false } });
const noSleep = async () => {};

test('retries connection errors with backoff, every attempt an event, then succeeds', async () => {
  const events: RetryEvent[] = [];
  const slept: number[] = [];
  let n = 0;
  const v = await retry(
    3,
    expBackoff(100, 1000),
    async () => {
      if (++n < 3) throw refused();
      return 'ok';
    },
    { onEvent: (e) => events.push(e), sleep: async (ms) => void slept.push(ms), random: () => 0.5 },
  );
  assert.equal(v, 'ok');
  assert.deepEqual(
    events.map((e) => e.type),
    ['attempt', 'retry', 'attempt', 'retry', 'attempt'],
  );
  // random 0.5 → jitter factor 1.0: exactly the backoff
  assert.deepEqual(slept, [100, 200]);
});

test('jitter keeps each delay within ±50 % of the backoff', async () => {
  for (const r of [0, 0.999]) {
    const slept: number[] = [];
    await assert.rejects(
      retry(
        1,
        expBackoff(1000),
        async () => {
          throw refused();
        },
        { sleep: async (ms) => void slept.push(ms), random: () => r },
      ),
    );
    assert.ok(slept[0]! >= 500 && slept[0]! <= 1500, `delay ${slept[0]}`);
  }
});

test('does not retry anything but connection errors', async () => {
  let n = 0;
  await assert.rejects(
    retry(
      5,
      expBackoff(1),
      async () => {
        n++;
        throw http500();
      },
      { sleep: noSleep },
    ),
    (e: RunbookError) => e.code === 'RB_HTTP',
  );
  assert.equal(n, 1);
});

test('gives up after retries + 1 attempts with the last error', async () => {
  const events: RetryEvent[] = [];
  let n = 0;
  await assert.rejects(
    retry(
      2,
      expBackoff(1),
      async () => {
        n++;
        throw refused();
      },
      { sleep: noSleep, onEvent: (e) => events.push(e) },
    ),
    (e: RunbookError) => e.code === 'RB_REFUSED',
  );
  assert.equal(n, 3);
  assert.equal(events.at(-1)?.type, 'gave-up');
});

test('an aborted signal stops retrying', async () => {
  const ac = new AbortController();
  ac.abort();
  let n = 0;
  await assert.rejects(
    retry(
      5,
      expBackoff(1),
      async () => {
        n++;
        throw refused();
      },
      { sleep: noSleep, signal: ac.signal },
    ),
  );
  assert.equal(n, 1);
});

test('expBackoff doubles and caps', () => {
  const b = expBackoff(500, 3000);
  assert.deepEqual([1, 2, 3, 4, 5].map(b), [500, 1000, 2000, 3000, 3000]);
});
