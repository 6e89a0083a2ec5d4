// What the platform's record says for each hypothesis, weighed by recency against the
// incident's start: an OOM kill during the incident is a memory suspect, one only before it a
// lead; repeated non-zero exits are a crash loop; a suspension is named; 5xx at the edge and
// the top error message count for the error rate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../runbooks/lib/config/load';
import {
  platformAvailability,
  platformErrors,
  platformMemory,
} from '../../runbooks/lib/incident/triage-platform';
import type { PlatformEvidence } from '../../runbooks/lib/incident/platform';
import { instanceEnds, failuresOf } from '../../runbooks/lib/platform/timeline';
import type { FailureReason, PlatformEvent } from '../../runbooks/lib/platform/types';

const config = await loadConfig();
const T0 = Date.parse('2026-12-07T10:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
const failed = (min: number, reason: FailureReason): PlatformEvent => ({
  id: `evt-${min}`,
  at: at(min),
  serviceId: 'srv-x',
  type: 'server_failed',
  instanceId: null,
  reason,
});
const oom: FailureReason = {
  kind: 'oom',
  evicted: false,
  oomKilled: { memoryLimit: '512Mi', memoryLimitMb: 512 },
};
const exit1: FailureReason = { kind: 'exit', evicted: false, nonZeroExit: 1 };
function evidence(events: PlatformEvent[], more: Partial<PlatformEvidence> = {}): PlatformEvidence {
  return {
    describes: 'Render service srv-x',
    windowStart: at(-60),
    windowEnd: at(0),
    events,
    failures: failuresOf(events),
    ends: instanceEnds(events),
    suspendedSince: null,
    memory: null,
    requests: null,
    p95Ms: null,
    errors: null,
    slowest: null,
    deploys: null,
    notes: [],
    ...more,
  };
}
const now = T0;

test('an OOM kill during the incident is a memory suspect; one only well before it began, a lead', () => {
  const during = platformMemory(config, evidence([failed(-5, oom)]), now, T0 - 10 * 60_000);
  assert.equal(during?.verdict, 'suspect');
  assert.equal(during?.recency, 'during');
  assert.match(
    during!.evidence,
    /OOM-killed the instance at 09:55:00 UTC \(memory limit 512Mi\), 5 ?min after the incident began/,
  );
  const before = platformMemory(config, evidence([failed(-50, oom)]), now, T0 - 10 * 60_000);
  assert.equal(before?.verdict, 'watch');
  assert.equal(before?.recency, 'before');
  assert.match(before!.evidence, /40 ?min before the incident began/);
});

test('memory against the limit without a kill: over the alert a suspect, over the target a watch', () => {
  const trend = (latestMb: number) => ({
    firstMb: 200,
    latestMb,
    peakMb: latestMb,
    limitMb: 512,
    instances: 1,
    slopeMbPerMin: 10,
    toLimitMs: ((512 - latestMb) / 10) * 60_000,
  });
  assert.equal(platformMemory(config, evidence([], { memory: trend(470) }), now, null)?.verdict, 'suspect');
  assert.equal(platformMemory(config, evidence([], { memory: trend(420) }), now, null)?.verdict, 'watch');
  assert.match(
    platformMemory(config, evidence([], { memory: trend(300) }), now, null)!.evidence,
    /memory 300 MB of the 512 MB limit .*growing 10 MB\/min: the limit in about 21\.2 ?min/,
  );
});

test('repeated non-zero exits are a crash loop; a suspension is named; one restart is a lead', () => {
  const loop = platformAvailability(evidence([failed(-6, exit1), failed(-3, exit1)]), now, T0 - 10 * 60_000);
  assert.equal(loop?.verdict, 'suspect');
  assert.match(loop!.evidence, /a crash loop: 2 server_failed in the window \(exit code 1\)/);
  const sus = platformAvailability(evidence([], { suspendedSince: at(-2) }), now, null);
  assert.equal(sus?.verdict, 'suspect');
  assert.match(sus!.evidence, /SUSPENDED since 09:58:00 UTC/);
  assert.equal(platformAvailability(evidence([failed(-6, oom)]), now, null)?.verdict, 'watch');
  assert.equal(platformAvailability(evidence([]), now, null), null);
});

test('5xx at the edge over the alert are an error-rate suspect, with the top error message', () => {
  const f = platformErrors(
    config,
    evidence([], {
      requests: {
        total: 100,
        byStatus: [
          { status: '200', count: 90 },
          { status: '502', count: 10 },
        ],
        serverErrors: 10,
        serverErrorPct: 10,
      },
      errors: {
        groups: [
          {
            message: 'timeout after <n> ms',
            example: 'timeout after 3 ms',
            count: 7,
            firstAt: at(-9),
            lastAt: at(-1),
          },
        ],
        lines: 7,
        truncated: false,
      },
    }),
  );
  assert.equal(f?.verdict, 'suspect');
  assert.match(
    f!.evidence,
    /10% of 100 requests in the window answered 5xx \(502 ×10\); top error log ×7: "timeout after <n> ms"/,
  );
});
