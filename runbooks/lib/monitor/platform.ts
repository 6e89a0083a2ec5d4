/**
 * The platform half of a watch: what Render (or the sandbox's model of it) saw while the
 * monitor sampled the app. Each read asks for the service's events since the watch began
 * (a deploy's watch: since the deploy went live), its memory against the limit, and the
 * requests and p95 at the edge; at most every config.platform.readEveryS, since Render's
 * points are 30 s apart and its reads are rate-limited. A `server_failed` event (an OOM kill,
 * a crash) is a fact, not a threshold: the monitor fails on the first one. Restarts are
 * counted from the events (timeline.ts), not inferred from counters that went down.
 *
 * A read that fails is a note and a missing figure, never a monitor error: the platform
 * speaks beside the app, and its outage is not the service's.
 */
import { RunbookError } from '../errors';
import { failuresOf, instanceEnds, type FailureEvent, type InstanceEnd } from '../platform/timeline';
import { edgeRequests, latestQuantile } from '../platform/figures';
import { describeFailure } from '../platform/events';
import type { PlatformClient, PlatformEvent } from '../platform/types';
import { formatMb, formatMs, formatPct } from '../units';
import type { Measurement, PlatformMetricId } from './evaluate';

export interface PlatformWatchOptions {
  client: PlatformClient;
  /** Events at or after this time (epoch ms) belong to the watch: its start, or when the deploy went live. */
  sinceMs: number;
  /**
   * The edge's rates and latency count from here (default `sinceMs`): a deploy's watch begins
   * after verification, and the requests answered while the new instance started are not its.
   */
  edgeSinceMs?: number;
  /** Least time between two reads, ms (config.platform.readEveryS). */
  everyMs: number;
  /** The memory target (config alerts.memoryTargetMb): above it, a sample says so (the alert itself is alerts.memoryMb). */
  memoryTargetMb?: number;
}

/** A failure the platform recorded during the watch. */
export interface PlatformFailure {
  at: string;
  eventId: string;
  kind: string;
  /** One line naming the event: what, when, why. */
  text: string;
}

/** What one read added. */
export interface PlatformRead {
  measurements: Record<PlatformMetricId, Measurement>;
  /** Failures first seen in this read. */
  failures: PlatformFailure[];
  /** Instance ends (failures and restarts, once each) first seen in this read. */
  ends: InstanceEnd[];
  notes: string[];
}

/** The platform's part of a monitor summary. */
export interface PlatformWatchSummary {
  describes: string;
  since: string;
  reads: number;
  /** Service events seen in the watch. */
  events: number;
  failures: PlatformFailure[];
  restarts: InstanceEnd[];
  limitMb: number | null;
  peakMb: number | null;
  /** Reads that failed, and why the last one did. */
  readErrors: number;
  lastError: string | null;
}

export interface PlatformWatch {
  /** Reads the platform at `t` when a read is due; otherwise every figure is not due. */
  read(t: number, signal?: AbortSignal): Promise<PlatformRead>;
  summary(): PlatformWatchSummary;
}

const NOT_DUE: Record<PlatformMetricId, Measurement> = {
  platformMemory: { kind: 'not-due' },
  edgeErrorRate: { kind: 'not-due' },
  edgeP95: { kind: 'not-due' },
};

const clock = (iso: string) => `${iso.slice(11, 19)} UTC`;

/** One line for a failure event: "server_failed at 10:41:12 UTC: out of memory (limit 512Mi) (evt-…)". */
export function failureText(e: FailureEvent): string {
  return `the platform recorded server_failed at ${clock(e.at)}: ${describeFailure(e.reason)} (${e.id})`;
}

const why = (e: unknown) =>
  e instanceof RunbookError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);

/** The platform half of one watch. */
export function createPlatformWatch(o: PlatformWatchOptions): PlatformWatch {
  const seen = new Map<string, PlatformEvent>();
  const failures: PlatformFailure[] = [];
  const counted = new Set<string>();
  const restarts: InstanceEnd[] = [];
  let lastRead = -Infinity;
  let reads = 0;
  let readErrors = 0;
  let lastError: string | null = null;
  let limitMb: number | null = null;
  let peakMb: number | null = null;

  const failed = (what: string, e: unknown): Measurement => {
    readErrors++;
    lastError = `${what}: ${why(e)}`;
    return { kind: 'missing', reason: `the platform's ${what} could not be read (${why(e)})` };
  };

  return {
    async read(t, signal) {
      if (t - lastRead < o.everyMs)
        return { measurements: { ...NOT_DUE }, failures: [], ends: [], notes: [] };
      lastRead = t;
      reads++;
      const c = o.client;
      // Rates and latency over the last minute of the watch (never from before it began).
      const edge = {
        startMs: Math.max(o.edgeSinceMs ?? o.sinceMs, t - Math.max(60_000, o.everyMs)),
        endMs: t,
      };
      const [events, memory, requests, latency] = await Promise.allSettled([
        c.events({ window: { startMs: o.sinceMs, endMs: t }, limit: 100 }, signal),
        c.memory({ window: { startMs: t - Math.max(120_000, 2 * o.everyMs), endMs: t } }, signal),
        c.httpRequests({ window: edge }, signal),
        c.httpLatency({ window: edge, quantiles: [0.95] }, signal),
      ]);
      const notes: string[] = [];
      const fresh: PlatformEvent[] = [];
      if (events.status === 'fulfilled') {
        for (const e of events.value.items)
          if (Date.parse(e.at) >= o.sinceMs && !seen.has(e.id)) {
            seen.set(e.id, e);
            fresh.push(e);
          }
        if (events.value.truncated)
          notes.push('platform events: more than the read bound, the oldest unread');
      } else {
        failed('events', events.reason);
        notes.push(`platform events not read: ${why(events.reason)}`);
      }
      const newFailures = failuresOf(fresh).map((e) => ({
        at: e.at,
        eventId: e.id,
        kind: e.reason?.kind ?? 'unknown',
        text: failureText(e),
      }));
      failures.push(...newFailures);
      const ends = instanceEnds([...seen.values()]).filter((x) => !counted.has(x.eventId));
      for (const x of ends) counted.add(x.eventId);
      restarts.push(...ends);

      const m: Record<PlatformMetricId, Measurement> = { ...NOT_DUE };
      if (memory.status === 'fulfilled') {
        const v = memory.value;
        limitMb = v.limitMb ?? limitMb;
        if (v.peakMb !== null) peakMb = Math.max(peakMb ?? 0, v.peakMb);
        m.platformMemory =
          v.latestMb === null
            ? { kind: 'missing', reason: v.notes[0] ?? 'the platform gave no memory point in the window' }
            : {
                kind: 'value',
                value: v.latestMb,
                text: `${formatMb(v.latestMb)}${v.limitMb !== null ? ` of ${formatMb(v.limitMb)}` : ''}`,
              };
        if (v.latestMb !== null && o.memoryTargetMb !== undefined && v.latestMb > o.memoryTargetMb)
          notes.push(
            `platform memory ${formatMb(v.latestMb)} above the ${formatMb(o.memoryTargetMb)} target${v.limitMb !== null ? `, ${formatMb(Math.max(0, v.limitMb - v.latestMb))} from the limit` : ''}`,
          );
      } else m.platformMemory = failed('memory', memory.reason);
      if (requests.status === 'fulfilled') {
        const r = edgeRequests(requests.value);
        m.edgeErrorRate =
          r.serverErrorPct === null
            ? { kind: 'missing', reason: 'no request at the edge in the window' }
            : {
                kind: 'value',
                value: r.serverErrorPct,
                text: `${formatPct(r.serverErrorPct)} of ${r.total}`,
              };
      } else m.edgeErrorRate = failed('requests', requests.reason);
      if (latency.status === 'fulfilled') {
        const p = latestQuantile(latency.value, 0.95);
        m.edgeP95 = p
          ? { kind: 'value', value: p.value, text: formatMs(p.value) }
          : { kind: 'missing', reason: 'no latency point at the edge in the window' };
      } else m.edgeP95 = failed('latency', latency.reason);
      return { measurements: m, failures: newFailures, ends, notes };
    },
    summary() {
      return {
        describes: o.client.describes,
        since: new Date(o.sinceMs).toISOString(),
        reads,
        events: seen.size,
        failures: [...failures],
        restarts: [...restarts],
        limitMb,
        peakMb,
        readErrors,
        lastError,
      };
    },
  };
}
