/**
 * Staging first (the brief's risk section): a production deploy needs, in the ledger, a
 * deploy of the same commit to staging that went live, passed verification and passed its
 * watch, within config.deploy.stagingWindowH. Without --commit, production deploys the
 * newest such commit: it promotes what staging proved.
 */
import type { LedgerRecord } from '../ledger/index';
import { shortCommit } from './status';

export interface StagingEvidence {
  at: string;
  commit: string;
  deployId: string | null;
  operator: string | null;
  watchMs: number | null;
}

/** Two commit ids name the same commit when one is a prefix of the other (7+ characters). */
export function sameCommit(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || (Math.min(x.length, y.length) >= 7 && (x.startsWith(y) || y.startsWith(x)));
}

/** Staging deploys that count, newest first. */
export function provenOnStaging(
  records: readonly LedgerRecord[],
  windowMs: number,
  now: number,
): StagingEvidence[] {
  return records
    .filter(
      (r) =>
        r.kind === 'deploy' &&
        r.env === 'staging' &&
        r.outcome === 'deployed' &&
        r.verified === true &&
        r.watched === true &&
        typeof r.commit === 'string',
    )
    .filter((r) => now - Date.parse(r.at) <= windowMs)
    .reverse()
    .map((r) => ({
      at: r.at,
      commit: r.commit as string,
      deployId: (r.deployId as string) ?? null,
      operator: (r.operator as string) ?? null,
      watchMs: (r.watchMs as number) ?? null,
    }));
}

export type StagingCheck =
  { ok: true; evidence: StagingEvidence; commit: string } | { ok: false; why: string };

/** Finds the staging run that allows deploying `commit` (or, without one, the newest proven commit). */
export function checkStaging(
  records: readonly LedgerRecord[],
  commit: string | undefined,
  windowH: number,
  now: number,
): StagingCheck {
  const proven = provenOnStaging(records, windowH * 3_600_000, now);
  if (!commit) {
    const newest = proven[0];
    if (newest) return { ok: true, evidence: newest, commit: newest.commit };
    return {
      ok: false,
      why: `no staging deploy in the last ${windowH} h went live, passed verification and passed its watch`,
    };
  }
  const match = proven.find((e) => sameCommit(e.commit, commit));
  if (match)
    return { ok: true, evidence: match, commit: match.commit.length > commit.length ? match.commit : commit };
  const others = proven.slice(0, 3).map((e) => shortCommit(e.commit));
  return {
    ok: false,
    why: `commit ${shortCommit(commit)} has no staging deploy in the last ${windowH} h that went live, passed verification and passed its watch${others.length ? ` (staging proved: ${others.join(', ')})` : ''}`,
  };
}
