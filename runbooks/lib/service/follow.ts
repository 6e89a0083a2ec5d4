/**
 * Following an act on the platform until it took effect, as a rollback is followed until
 * its deploy is live: the service's events and state, read under a deadline. What counts:
 * - restart: a new `server_restarted`, then the instance serving (`server_available`, or the
 *   service answering on its own: Render may not pair a manual restart with an available);
 * - resume: the service no longer suspended (`service_resumed`), then serving, as above;
 * - suspend: the service suspended;
 * - scale N: `instance_count_changed` to N, or the service's count at N.
 * "New" means not among the events seen before the act (by id), so a laptop's clock that
 * differs from Render's cannot mistake an old restart for this one.
 */
import { abortableSleep } from '../http/retry';
import { formatDuration } from '../units';
import type { PlatformClient, PlatformEvent, PlatformService } from '../platform/types';
import type { ServiceChange } from './action';

/** Events read before the act, and when it was asked. */
export interface FollowBaseline {
  askedAt: number;
  known: ReadonlySet<string>;
}

export interface FollowOptions {
  client: PlatformClient;
  /** Whether the service answers on its own now (GET / 2xx). */
  answers: (signal: AbortSignal) => Promise<boolean>;
  deadlineMs: number;
  pollMs: number;
  signal: AbortSignal;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** One line per step seen (a new event, the service answering). */
  onProgress?: (text: string) => void;
}

export interface FollowResult {
  end: 'done' | 'deadline' | 'interrupted';
  /** The events of this act, oldest first. */
  events: PlatformEvent[];
  service: PlatformService | null;
  elapsedMs: number;
  /** One line: what confirmed it, or what was still missing. */
  detail: string;
}

/** How far back the events of an act are read (and the baseline before it). */
export const FOLLOW_LOOKBACK_MS = 10 * 60_000;

/** The events an act is followed by: read before it, so that only new ones count. */
export async function followBaseline(
  client: PlatformClient,
  now: number,
  signal?: AbortSignal,
): Promise<FollowBaseline> {
  const page = await client.events(
    { window: { startMs: now - FOLLOW_LOOKBACK_MS }, limit: 100, maxPages: 1 },
    signal,
  );
  return { askedAt: now, known: new Set(page.items.map((e) => e.id)) };
}

const at = (e: PlatformEvent) => (e.at.length >= 19 ? e.at.slice(11, 19) : e.at);

/** An event of an act as a progress line. */
function eventLine(e: PlatformEvent): string {
  switch (e.type) {
    case 'server_restarted':
      return `platform: server_restarted at ${at(e)}${e.triggeredByUser ? ` (by ${e.triggeredByUser})` : ''}`;
    case 'instance_count_changed':
      return `platform: instance_count_changed ${e.fromInstances ?? '?'} → ${e.toInstances ?? '?'} at ${at(e)}`;
    case 'other':
      return `platform: ${e.rawType} at ${at(e)}`;
    default:
      return `platform: ${e.type} at ${at(e)}`;
  }
}

/** What is still missing for `a`, or undefined when it took effect. */
function missing(
  a: ServiceChange,
  events: readonly PlatformEvent[],
  s: PlatformService,
  answered: boolean,
): string | undefined {
  const has = (t: PlatformEvent['type']) => events.some((e) => e.type === t);
  switch (a.kind) {
    case 'restart':
      if (!has('server_restarted')) return 'no server_restarted in the platform’s events yet';
      return has('server_available') || answered ? undefined : 'restarted, not serving yet';
    case 'resume':
      if (s.suspended) return 'the service is still suspended';
      return has('server_available') || answered ? undefined : 'resumed, not serving yet';
    case 'suspend':
      return s.suspended ? undefined : 'the service is not suspended yet';
    case 'scale':
      return s.numInstances === a.instances ||
        events.some((e) => e.type === 'instance_count_changed' && e.toInstances === a.instances)
        ? undefined
        : `not at ${a.instances} instances yet (the service says ${s.numInstances ?? 'nothing'})`;
  }
}

/** Reads the platform until the act took effect, the deadline or Ctrl-C; bounded in time and count. */
export async function followAction(
  a: ServiceChange,
  base: FollowBaseline,
  o: FollowOptions,
): Promise<FollowResult> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? abortableSleep;
  const t0 = now();
  const events: PlatformEvent[] = [];
  let service: PlatformService | null = null;
  let last = 'nothing read yet';
  const polls = Math.ceil(o.deadlineMs / Math.max(1, o.pollMs)) + 1;
  for (let i = 0; i <= polls; i++) {
    const page = await o.client.events(
      { window: { startMs: base.askedAt - FOLLOW_LOOKBACK_MS }, limit: 100, maxPages: 1 },
      o.signal,
    );
    const fresh = page.items
      .filter((e) => !base.known.has(e.id) && !events.some((x) => x.id === e.id))
      .sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
    for (const e of fresh) {
      events.push(e);
      o.onProgress?.(eventLine(e));
    }
    service = await o.client.service(o.signal);
    // The service's own answer counts only once the platform says the new instance exists.
    const serving =
      (a.kind === 'restart' && events.some((e) => e.type === 'server_restarted')) ||
      (a.kind === 'resume' && !service.suspended)
        ? await o.answers(o.signal)
        : false;
    const gap = missing(a, events, service, serving);
    const elapsedMs = now() - t0;
    if (gap === undefined) {
      if (serving && !events.some((e) => e.type === 'server_available'))
        o.onProgress?.('the service answers again (no server_available from the platform yet)');
      return { end: 'done', events, service, elapsedMs, detail: confirmed(a, events, serving) };
    }
    last = gap;
    if (o.signal.aborted) return { end: 'interrupted', events, service, elapsedMs, detail: last };
    if (elapsedMs >= o.deadlineMs)
      return {
        end: 'deadline',
        events,
        service,
        elapsedMs,
        detail: `${last} after ${formatDuration(elapsedMs)}`,
      };
    await sleep(Math.min(o.pollMs, Math.max(0, o.deadlineMs - elapsedMs)), o.signal).catch(() => undefined);
  }
  return { end: 'deadline', events, service, elapsedMs: now() - t0, detail: last };
}

function confirmed(a: ServiceChange, events: readonly PlatformEvent[], answered: boolean): string {
  const names = [...new Set(events.map((e) => (e.type === 'other' ? e.rawType : e.type)))].join(', ');
  const seen = names ? `the platform recorded ${names}` : 'the platform’s state says so';
  if (a.kind === 'restart' || a.kind === 'resume')
    return events.some((e) => e.type === 'server_available')
      ? seen
      : `${seen}; the service answers${answered ? '' : ' (not yet)'}`;
  return seen;
}
