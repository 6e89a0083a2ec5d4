import type { Deploy, StartedSince } from './types';

/**
 * Render's statuses, as the reference sorts them: `live` succeeded; `*_failed` and
 * `canceled` failed; `deactivated` was live and has been superseded; anything else,
 * including a status this code has never seen, is still in progress (under a deadline).
 */
export type DeployState = 'live' | 'failed' | 'superseded' | 'in-progress';

const FAILED = new Set(['build_failed', 'update_failed', 'pre_deploy_failed', 'canceled']);

export function stateOf(status: string): DeployState {
  if (status === 'live') return 'live';
  if (status === 'deactivated') return 'superseded';
  if (FAILED.has(status) || status.endsWith('_failed')) return 'failed';
  return 'in-progress';
}

/** The deploy serving now: the newest `live` one. */
export function liveDeploy(deploys: readonly Deploy[]): Deploy | undefined {
  return deploys.find((d) => stateOf(d.status) === 'live');
}

/** Deploys still building or updating. */
export function inProgress(deploys: readonly Deploy[]): Deploy[] {
  return deploys.filter((d) => stateOf(d.status) === 'in-progress');
}

/**
 * The deploy a rollback returns to: the newest one that went live before `current`
 * (superseded since), i.e. the previous live one.
 */
export function previousLive(deploys: readonly Deploy[], current: Deploy | undefined): Deploy | undefined {
  const from = current ? deploys.findIndex((d) => d.id === current.id) + 1 : 0;
  return deploys.slice(from).find((d) => stateOf(d.status) === 'superseded' || stateOf(d.status) === 'live');
}

/** Deploys a request may have started: created since it (allowing for clock skew) and not known before it; newest first. */
export function createdSince(deploys: readonly Deploy[], s: StartedSince, skewMs = 5_000): Deploy[] {
  return deploys.filter(
    (d) => !s.known.has(d.id) && d.createdAt && Date.parse(d.createdAt) >= s.since.getTime() - skewMs,
  );
}

/** A short commit for messages. */
export const shortCommit = (id: string | null | undefined) =>
  id ? (/^[0-9a-f]{8,40}$/i.test(id) ? id.slice(0, 7) : id) : 'unknown commit';
