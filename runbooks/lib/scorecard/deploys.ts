/**
 * Deploys as the delivery keys read them, from the two sources that hold them: the ledger
 * (deploy.ts and rollback.ts records: what this checkout's operators ran, with their
 * verification) and Render's deploy list (every deploy of the service, whoever started it,
 * with commit times). Render is the team's shared truth where it is configured; the
 * ledger's verdicts (failed verification) are laid over Render's deploys by id.
 */
import type { LedgerRecord } from '../ledger/index';
import type { EvidenceSource } from '../report/scorecard';
import type { DeployFact } from './types';

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** When a ledger deploy went live: its start plus the steps up to a passed follow, else null. */
function liveAtOf(r: LedgerRecord): string | null {
  const steps = Array.isArray(r.steps)
    ? (r.steps as { step: string; verdict: string; durationMs: number }[])
    : [];
  const start = Date.parse(str(r.startedAt) ?? r.at);
  let t = start;
  for (const s of steps) {
    t += typeof s.durationMs === 'number' ? s.durationMs : 0;
    if (s.step === 'follow')
      return s.verdict === 'passed' && Number.isFinite(t) ? new Date(t).toISOString() : null;
  }
  return null;
}

/**
 * Deploys of `env` from ledger records (kinds `deploy` and `rollback`). A deploy run that
 * rolled itself back, or failed verification or the watch, went live and failed; one that
 * failed before going live (build, checklist) never went live. A later `rollback.ts` run
 * marks the deploy it rolled back from. Refused, interrupted, errored and trigger-only
 * runs are left out: they say nothing about the change.
 */
export function deploysFromLedger(
  records: readonly LedgerRecord[],
  env: string,
  commitTime: (sha: string) => string | null = () => null,
): DeployFact[] {
  const facts: DeployFact[] = [];
  for (const r of records) {
    if (r.kind !== 'deploy' || r.env !== env) continue;
    const outcome = str(r.outcome);
    const failedStep = str(r.failedStep);
    const liveAt = liveAtOf(r) ?? (outcome === 'deployed' ? (str(r.finishedAt) ?? r.at) : null);
    let o: DeployFact['outcome'];
    if (outcome === 'deployed') o = 'live';
    else if (outcome === 'rolled-back' || outcome === 'rollback-failed') o = 'rolled-back';
    else if (outcome === 'failed' && (failedStep === 'verify' || failedStep === 'watch') && liveAt)
      o = 'failed-verification';
    else if (outcome === 'failed') o = 'not-live';
    else continue;
    const commit = str(r.commit);
    const commitAt = commit ? commitTime(commit) : null;
    facts.push({
      id: str(r.deployId) ?? str(r.runId) ?? r.at,
      commit,
      commitAt,
      commitAtSource: commitAt ? 'git' : null,
      createdAt: str(r.startedAt) ?? r.at,
      liveAt: o === 'not-live' ? null : (liveAt ?? str(r.finishedAt)),
      outcome: o,
      restoredAt: outcome === 'rolled-back' ? (str(r.finishedAt) ?? r.at) : null,
      source: 'ledger',
    });
  }
  // rollback.ts: the deploy it rolled back from was a failed change; the service was restored when it ended.
  for (const r of records) {
    if (r.kind !== 'rollback' || r.env !== env || r.action !== 'rollback') continue;
    if (r.outcome !== 'rolled-back' && r.outcome !== 'rollback-unverified') continue;
    const from = facts.find((f) => f.id === str(r.from) && f.outcome !== 'not-live');
    if (!from) continue;
    from.outcome = 'rolled-back';
    from.restoredAt ??= r.at;
  }
  return facts;
}

/** One entry of Render's GET /services/{id}/deploys (`[{cursor, deploy}]`). */
export interface RenderDeployJson {
  id?: unknown;
  status?: unknown;
  trigger?: unknown;
  createdAt?: unknown;
  finishedAt?: unknown;
  commit?: { id?: unknown; createdAt?: unknown } | null;
}

const WENT_LIVE = new Set(['live', 'deactivated']);
const NEVER_LIVE = new Set(['build_failed', 'update_failed', 'pre_deploy_failed', 'canceled']);

/**
 * Deploys from Render's deploy list. A deploy whose trigger is `rollback` restored the one
 * live before it, which is marked rolled back; the rollback itself is remediation, not a
 * change, and is not counted. Deploys still in progress are left out. Ledger records of
 * the same deploy id add what Render cannot know: that verification failed.
 */
export function deploysFromRender(
  list: readonly RenderDeployJson[],
  ledger: readonly DeployFact[] = [],
): DeployFact[] {
  const sorted = list
    .map((d) => ({
      id: str(d.id),
      status: str(d.status) ?? '',
      trigger: str(d.trigger),
      createdAt: str(d.createdAt),
      finishedAt: str(d.finishedAt),
      commit: str(d.commit?.id),
      commitAt: str(d.commit?.createdAt),
    }))
    .filter((d) => d.id && d.createdAt)
    .sort((a, b) => a.createdAt!.localeCompare(b.createdAt!));
  const facts: DeployFact[] = [];
  let lastLive: DeployFact | null = null;
  for (const d of sorted) {
    const live = WENT_LIVE.has(d.status);
    if (!live && !NEVER_LIVE.has(d.status)) continue;
    if (d.trigger === 'rollback') {
      if (live && lastLive && lastLive.outcome !== 'not-live') {
        lastLive.outcome = 'rolled-back';
        lastLive.restoredAt ??= d.finishedAt;
      }
      continue;
    }
    const fromLedger = ledger.find((l) => l.id === d.id);
    const f: DeployFact = {
      id: d.id!,
      commit: d.commit,
      commitAt: d.commitAt,
      commitAtSource: d.commitAt ? ('render' as EvidenceSource) : null,
      createdAt: d.createdAt!,
      liveAt: live ? (d.finishedAt ?? d.createdAt) : null,
      outcome: !live ? 'not-live' : fromLedger && fromLedger.outcome !== 'live' ? fromLedger.outcome : 'live',
      restoredAt: fromLedger?.restoredAt ?? null,
      source: 'render',
    };
    facts.push(f);
    if (live) lastLive = f;
  }
  return facts;
}
