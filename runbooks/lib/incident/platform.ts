/**
 * The platform's part of the quick assessment: what Render (or the sandbox's model of it)
 * recorded over the incident's window. The window opens BEFORE_INCIDENT_MS before the
 * incident began (a leak climbs for a while before the kill; without an incident, the last
 * DEFAULT_WINDOW_MS) and ends now, bounded by config.platform.maxWindowH. It reads, in
 * parallel: the service's events (deploys, failures with their reasons, restarts,
 * suspensions), memory against the limit, requests by status and p95 at the edge, error
 * logs grouped by normalised message, request logs for the slowest paths, and the deploy
 * list. Every read that fails is a note, never a throw: the app's own evidence stands.
 */
import { RunbookError } from '../errors';
import {
  edgeRequests,
  latestQuantile,
  memoryTrend,
  slowestPaths,
  type EdgeRequests,
  type MemoryTrend,
  type PathTiming,
} from '../platform/figures';
import { groupLogs, type LogGroup } from '../platform/log-groups';
import {
  failuresOf,
  instanceEnds,
  suspendedSince,
  type FailureEvent,
  type InstanceEnd,
} from '../platform/timeline';
import type { PlatformClient, PlatformDeploy, PlatformEvent } from '../platform/types';

/** The window opens this long before the incident began. */
export const BEFORE_INCIDENT_MS = 30 * 60_000;
/** Without an incident, the window is the last hour. */
export const DEFAULT_WINDOW_MS = 60 * 60_000;
/** Groups of error lines shown (the most frequent first). */
export const ERROR_GROUPS_SHOWN = 5;
/** Routes shown among the slowest. */
export const SLOWEST_SHOWN = 5;

export interface PlatformEvidence {
  /** Which platform ("Render service srv-…", "the sandbox's platform model at …"). */
  describes: string;
  windowStart: string;
  windowEnd: string;
  /** Service events in the window, oldest first. */
  events: PlatformEvent[];
  failures: FailureEvent[];
  /** Each instance end once: failures, and restarts that were not a failure's own. */
  ends: InstanceEnd[];
  /** The suspension in force now, if any. */
  suspendedSince: string | null;
  memory: MemoryTrend | null;
  requests: EdgeRequests | null;
  p95Ms: number | null;
  /** Error lines grouped by normalised message, the most frequent first (all groups; the output caps them). */
  errors: { groups: LogGroup[]; lines: number; truncated: boolean } | null;
  slowest: PathTiming[] | null;
  deploys: PlatformDeploy[] | null;
  /** Reads that failed or were cut short, one line each. */
  notes: string[];
}

const why = (e: unknown) =>
  e instanceof RunbookError ? e.message : e instanceof Error ? e.message : String(e);

/** The window of an assessment: from before the incident began (or the last hour) to now. */
export function assessWindow(nowMs: number, beganMs: number | null, maxWindowMs: number) {
  const start = beganMs !== null ? Math.min(beganMs, nowMs) - BEFORE_INCIDENT_MS : nowMs - DEFAULT_WINDOW_MS;
  return { startMs: Math.max(start, nowMs - maxWindowMs), endMs: nowMs };
}

/** Reads the platform's record of the window; never throws for a read that fails (it is a note). */
export async function readPlatformEvidence(
  client: PlatformClient,
  o: { nowMs: number; beganMs: number | null; maxWindowMs: number; signal?: AbortSignal | undefined },
): Promise<PlatformEvidence> {
  const window = assessWindow(o.nowMs, o.beganMs, o.maxWindowMs);
  const s = o.signal;
  const [events, memory, requests, latency, errors, reqLogs, deploys] = await Promise.allSettled([
    client.events({ window, limit: 100 }, s),
    client.memory({ window }, s),
    client.httpRequests({ window }, s),
    client.httpLatency({ window, quantiles: [0.95] }, s),
    client.logs({ window, level: ['error'] }, s),
    client.logs({ window, type: ['request'] }, s),
    client.deploys({ limit: 10 }, s),
  ]);
  const notes: string[] = [];
  const value = <T>(r: PromiseSettledResult<T>, what: string): T | null => {
    if (r.status === 'fulfilled') return r.value;
    if (r.reason instanceof RunbookError && r.reason.code === 'RB_INTERRUPTED') throw r.reason;
    notes.push(`${what} not read: ${why(r.reason)}`);
    return null;
  };
  const ev = value(events, 'events');
  if (ev?.truncated) notes.push('events: more than the read bound in the window, the oldest unread');
  // Render filters by the window; kept to it here too, so a failure from before it is never this incident's.
  const inWindow = (iso: string) => Date.parse(iso) >= window.startMs && Date.parse(iso) <= window.endMs;
  const list = [...(ev?.items ?? [])].filter((e) => inWindow(e.at)).reverse();
  const mem = value(memory, 'memory');
  const err = value(errors, 'error logs');
  if (err?.truncated) notes.push(`error logs: more than ${err.items.length} lines, the oldest unread`);
  const rl = value(reqLogs, 'request logs');
  const lat = value(latency, 'latency');
  const req = value(requests, 'requests');
  return {
    describes: client.describes,
    windowStart: new Date(window.startMs).toISOString(),
    windowEnd: new Date(window.endMs).toISOString(),
    events: list,
    failures: failuresOf(list),
    ends: instanceEnds(list),
    suspendedSince: suspendedSince(list),
    memory: mem ? memoryTrend(mem) : null,
    requests: req ? edgeRequests(req) : null,
    p95Ms: lat ? (latestQuantile(lat, 0.95)?.value ?? null) : null,
    errors: err ? { groups: groupLogs(err.items), lines: err.items.length, truncated: err.truncated } : null,
    slowest: rl ? slowestPaths(rl.items) : null,
    deploys: value(deploys, 'deploys'),
    notes,
  };
}
