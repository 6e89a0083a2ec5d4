/**
 * Service events as an operator reads them: one line per event, the failures with their
 * reason, and the instance's restarts counted once each. Render may record an instance that
 * died as `server_failed` and `server_restarted` for the same restart (the sandbox does):
 * a restart within RESTART_PAIR_MS of a failure is that failure's, not a second one. So a
 * restart is known from the platform's record, never inferred from a counter that went down.
 * Pure; shared by the monitor, the deploy watch, the incident assessment and the staging proof.
 */
import { describeFailure } from './events';
import type { FailureReason, PlatformEvent } from './types';

/** A server_restarted this soon after a server_failed is the same restart. */
export const RESTART_PAIR_MS = 60_000;

/** A server_failed event, as the read side uses it. */
export type FailureEvent = Extract<PlatformEvent, { type: 'server_failed' }>;

/** What ended an instance: the platform's reason for a failure, or a restart someone (or Render) asked for. */
export interface InstanceEnd {
  at: string;
  /** The event that recorded it (server_failed, else server_restarted). */
  eventId: string;
  cause: FailureReason['kind'] | 'restart';
  /** In a few words: "out of memory (limit 512Mi)", "restarted by usr-…". */
  why: string;
}

const t = (e: { at: string }) => Date.parse(e.at);
const byTime = <T extends { at: string }>(xs: readonly T[]) => [...xs].sort((a, b) => t(a) - t(b));

/** The failures among `events`, oldest first. */
export function failuresOf(events: readonly PlatformEvent[]): FailureEvent[] {
  return byTime(events.filter((e): e is FailureEvent => e.type === 'server_failed'));
}

/**
 * Each instance end once, oldest first: every failure, and every restart that is not a
 * failure's own. A restart within RESTART_PAIR_MS of a failure, on either side, is that
 * failure's: the two may carry the same time, and a page lists equal times in any order.
 */
export function instanceEnds(events: readonly PlatformEvent[]): InstanceEnd[] {
  const failures = failuresOf(events).map(t);
  const paired = (at: number) => failures.some((f) => Math.abs(at - f) <= RESTART_PAIR_MS);
  const out: InstanceEnd[] = [];
  for (const e of byTime(events)) {
    if (e.type === 'server_failed')
      out.push({
        at: e.at,
        eventId: e.id,
        cause: e.reason?.kind ?? 'unknown',
        why: describeFailure(e.reason),
      });
    else if (e.type === 'server_restarted' && !paired(t(e)))
      out.push({
        at: e.at,
        eventId: e.id,
        cause: 'restart',
        why: e.triggeredByUser ? `restarted by ${e.triggeredByUser}` : 'restarted (not by a user)',
      });
  }
  return out;
}

/** One event in a line, for output: its type and what it says. */
export function describeEvent(e: PlatformEvent): string {
  switch (e.type) {
    case 'server_failed':
      return `server_failed: ${describeFailure(e.reason)}${e.instanceId ? `, instance ${e.instanceId}` : ''}`;
    case 'server_restarted':
      return `server_restarted${e.triggeredByUser ? ` by ${e.triggeredByUser}` : ' (not by a user)'}`;
    case 'server_available':
      return 'server_available: an instance is healthy again';
    case 'server_hardware_failure':
      return 'server_hardware_failure';
    case 'deploy_started': {
      const tr = e.trigger;
      const how = !tr
        ? ''
        : tr.rollback
          ? ` (a rollback${tr.rollbackTargetDeployId ? ` to ${tr.rollbackTargetDeployId}` : ''})`
          : tr.newCommit
            ? ` (new commit ${tr.newCommit.slice(0, 7)})`
            : tr.manual
              ? ` (manual${tr.user ? ` by ${tr.user.email || tr.user.id}` : ''})`
              : '';
      return `deploy_started ${e.deployId ?? '?'}${how}`;
    }
    case 'deploy_ended':
      return `deploy_ended ${e.deployId ?? '?'}: ${e.deployStatus ?? 'unknown'}${e.failure ? ` (${describeFailure(e.failure)})` : ''}${e.supersededBy ? ` (superseded by ${e.supersededBy})` : ''}`;
    case 'service_suspended':
    case 'service_resumed':
      return e.type;
    case 'suspender_added':
    case 'suspender_removed':
      return `${e.type}${e.actor ? ` (${e.actor})` : ''}`;
    case 'instance_count_changed':
    case 'autoscaling_started':
    case 'autoscaling_ended':
      return `${e.type}: ${e.fromInstances ?? '?'} → ${e.toInstances ?? '?'} instances`;
    case 'other':
      return e.rawType;
  }
}

/** The suspension in force at the end of `events` (the latest suspended without a later resume), if any. */
export function suspendedSince(events: readonly PlatformEvent[]): string | null {
  let since: string | null = null;
  for (const e of byTime(events)) {
    if (e.type === 'service_suspended') since ??= e.at;
    if (e.type === 'service_resumed') since = null;
  }
  return since;
}
