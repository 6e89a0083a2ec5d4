/**
 * When a load run measured nothing of the service: no request connected, or the service
 * refused the API key. Pure and light (types only), so the report builders and the CLI
 * context read it without loading the engine.
 */
import type { LoadResult } from './types';

/** True when no request ever connected: the target is unreachable, not slow. */
export function neverConnected(r: Pick<LoadResult, 'requests' | 'steps'>): boolean {
  const conn = r.steps.reduce((a, s) => a + s.errors.connection, 0);
  return r.requests > 0 && conn === r.requests;
}

/** Why a run could not be made at all (its report's `stopped`, which picks exit 3 or 2). */
export interface RunStop {
  cause: 'unreachable' | 'auth-refused';
  detail: string;
}

/** The stop of a load run that measured nothing of the service: it never connected, or its key was refused. */
export function runStopOf(
  r: Pick<LoadResult, 'requests' | 'steps' | 'stoppedBy' | 'stopDetail'>,
): RunStop | undefined {
  if (r.stoppedBy === 'auth-refused')
    return { cause: 'auth-refused', detail: r.stopDetail ?? 'its requests were answered 401/403' };
  if (r.stoppedBy === 'unreachable' || neverConnected(r))
    return {
      cause: 'unreachable',
      detail: r.stopDetail ?? 'every request was refused or its connection broke',
    };
  return undefined;
}
