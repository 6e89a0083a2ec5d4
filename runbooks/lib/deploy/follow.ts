import type { Deploy, DeployProvider } from './types';
import { stateOf, type DeployState } from './status';
import { abortableSleep } from '../http/retry';

export interface FollowResult {
  /** How following ended: the deploy's final state, or the deadline, or Ctrl-C. */
  end: Exclude<DeployState, 'in-progress'> | 'timed-out' | 'interrupted';
  deploy: Deploy;
  elapsedMs: number;
  /** The deadline this follow was held to. */
  deadlineMs: number;
}

export interface FollowOptions {
  deadlineMs: number;
  pollMs: number;
  signal: AbortSignal;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called when the status changes (and once at the start). */
  onStatus?: (d: Deploy, elapsedMs: number) => void;
}

/**
 * Reads a deploy's status until it ends, the deadline passes or the run is interrupted. A
 * status this code does not know counts as in progress; the deadline still holds.
 */
export async function followDeploy(
  p: DeployProvider,
  first: Deploy,
  o: FollowOptions,
): Promise<FollowResult> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? abortableSleep;
  const t0 = now();
  let d = first;
  let seen = '';
  for (;;) {
    const elapsedMs = now() - t0;
    if (d.status !== seen) {
      seen = d.status;
      o.onStatus?.(d, elapsedMs);
    }
    const state = stateOf(d.status);
    if (state !== 'in-progress') return { end: state, deploy: d, elapsedMs, deadlineMs: o.deadlineMs };
    if (o.signal.aborted) return { end: 'interrupted', deploy: d, elapsedMs, deadlineMs: o.deadlineMs };
    if (elapsedMs >= o.deadlineMs)
      return { end: 'timed-out', deploy: d, elapsedMs, deadlineMs: o.deadlineMs };
    await sleep(Math.min(o.pollMs, o.deadlineMs - elapsedMs), o.signal);
    if (o.signal.aborted)
      return { end: 'interrupted', deploy: d, elapsedMs: now() - t0, deadlineMs: o.deadlineMs };
    d = await p.get(d.id, o.signal);
  }
}
