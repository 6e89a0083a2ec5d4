/**
 * Service events, read by their `type`. The spec declares `details` as a oneOf without a
 * discriminator whose variants overlap (server_available's empty object matches anything;
 * autoscaling_ended and instance_count_changed have the same fields), so the shape is never
 * picked by matching fields: the type says which fields to read. A field that is missing
 * or of the wrong type reads as null; a type the handbook does not read is kept as `other`.
 */
import { parseMemoryQuantity } from './units';
import type { DeployTrigger, FailureReason, PlatformEvent } from './types';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const bool = (v: unknown): boolean => v === true;

/** Render's failure reason object, with its headline kind (null when absent). */
export function failureReason(v: unknown): FailureReason | null {
  const r = obj(v);
  if (!r) return null;
  const out: FailureReason = { kind: 'unknown', evicted: bool(r.evicted) };
  const oom = obj(r.oomKilled);
  if (oom) {
    const memoryLimit = str(oom.memoryLimit) ?? '';
    out.oomKilled = { memoryLimit, memoryLimitMb: parseMemoryQuantity(memoryLimit) };
  }
  const exit = int(r.nonZeroExit);
  if (exit !== null) out.nonZeroExit = exit;
  if (r.earlyExit === true) out.earlyExit = true;
  const tos = int(r.timedOutSeconds);
  if (tos !== null) out.timedOutSeconds = tos;
  const tor = str(r.timedOutReason);
  if (tor !== null) out.timedOutReason = tor;
  const unhealthy = str(r.unhealthy);
  if (unhealthy !== null) out.unhealthy = unhealthy;
  out.kind = out.oomKilled
    ? 'oom'
    : out.nonZeroExit !== undefined
      ? 'exit'
      : out.earlyExit
        ? 'early-exit'
        : out.timedOutSeconds !== undefined || out.timedOutReason !== undefined
          ? 'timeout'
          : out.unhealthy !== undefined
            ? 'unhealthy'
            : out.evicted
              ? 'evicted'
              : 'unknown';
  return out;
}

function trigger(v: unknown): DeployTrigger | null {
  const t = obj(v);
  if (!t) return null;
  const user = obj(t.user);
  return {
    manual: bool(t.manual),
    rollback: bool(t.rollback),
    firstBuild: bool(t.firstBuild),
    envUpdated: bool(t.envUpdated),
    deployedByRender: bool(t.deployedByRender),
    clearCache: bool(t.clearCache),
    user: user && typeof user.id === 'string' ? { id: user.id, email: str(user.email) ?? '' } : null,
    newCommit: str(t.newCommit),
    rollbackTargetDeployId: str(t.rollbackTargetDeployId),
  };
}

/** One item of GET /services/{id}/events (`{event, cursor}`, or a bare event) as a PlatformEvent; undefined when it is not one. */
export function toEvent(item: unknown): PlatformEvent | undefined {
  const wrapped = obj(item);
  const e = obj(wrapped?.event) ?? wrapped;
  if (!e || typeof e.id !== 'string' || typeof e.type !== 'string') return undefined;
  const base = { id: e.id, at: str(e.timestamp) ?? '', serviceId: str(e.serviceId) ?? '' };
  const d = obj(e.details) ?? {};
  switch (e.type) {
    case 'server_failed':
      return { ...base, type: e.type, instanceId: str(d.instanceID), reason: failureReason(d.reason) };
    case 'server_restarted':
      return { ...base, type: e.type, triggeredByUser: str(d.triggeredByUser) };
    case 'server_available':
    case 'server_hardware_failure':
    case 'service_suspended':
    case 'service_resumed':
      return { ...base, type: e.type };
    case 'deploy_started':
      return { ...base, type: e.type, deployId: str(d.deployId), trigger: trigger(d.trigger) };
    case 'deploy_ended': {
      const reason = obj(d.reason) ?? {};
      const newer = obj(reason.newDeploy) ?? obj(reason.newBuild);
      return {
        ...base,
        type: e.type,
        deployId: str(d.deployId),
        deployStatus: str(d.deployStatus),
        failure: failureReason(reason.failure),
        supersededBy: newer ? str(newer.id) : null,
      };
    }
    case 'suspender_added':
    case 'suspender_removed':
      return { ...base, type: e.type, actor: str(d.actor) };
    case 'instance_count_changed':
    case 'autoscaling_started':
    case 'autoscaling_ended':
      return { ...base, type: e.type, fromInstances: int(d.fromInstances), toInstances: int(d.toInstances) };
    default:
      return { ...base, type: 'other', rawType: e.type, details: d };
  }
}

/** A failure reason in a few words, for output ("out of memory (512Mi)", "exit code 1"). */
export function describeFailure(r: FailureReason | null): string {
  if (!r) return 'no reason given';
  switch (r.kind) {
    case 'oom':
      return `out of memory${r.oomKilled?.memoryLimit ? ` (limit ${r.oomKilled.memoryLimit})` : ''}`;
    case 'exit':
      return `exit code ${r.nonZeroExit}`;
    case 'early-exit':
      return 'the process exited on its own';
    case 'timeout':
      return `timed out${r.timedOutSeconds !== undefined ? ` after ${r.timedOutSeconds} s` : ''}${r.timedOutReason ? ` (${r.timedOutReason})` : ''}`;
    case 'unhealthy':
      return `unhealthy (${r.unhealthy})`;
    case 'evicted':
      return 'evicted';
    case 'unknown':
      return 'no reason Render names';
  }
}
