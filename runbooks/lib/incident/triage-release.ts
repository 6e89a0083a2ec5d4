/**
 * "A bad release?" from the deploy lists (pure): deploys are counted as deploys, not as
 * records, and weighed by when they happened against the incident's start. A release that
 * went live shortly before the incident (or during it) and still serves is the suspect; one
 * that was rolled back before the incident began is history, not a cause.
 */
import { formatMs } from '../units';
import type { DeployView } from './deploys';
import { utcClock } from './briefing';

/** A deploy this long before the incident began (or after) is a suspect when it still serves. */
export const RECENT_DEPLOY_MS = 2 * 3_600_000;

export interface ReleaseFinding {
  verdict: 'suspect' | 'watch' | 'ok';
  evidence: string;
  /** When the deciding deploy happened against the incident's start. */
  recency: 'during' | 'before';
}

/**
 * The deploys to count: the platform's list (the sandbox's or Render's) when there is one,
 * since it records what was deployed; else the ledger's runs. Both at once would count a
 * deploy twice. The sandbox's record of how it started is not a deploy.
 */
export function deploysToCount(all: readonly DeployView[]): DeployView[] {
  const platform = all.filter((d) => d.source !== 'ledger');
  return (platform.length ? platform : all).filter((d) => !d.initial);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Judges the recent deploys of `deploys` (newest first) at `nowMs` for an incident that began at `beganMs` (null: none open). */
export function judgeRelease(
  deploys: readonly DeployView[],
  nowMs: number,
  beganMs: number | null,
): ReleaseFinding {
  const ref = beganMs ?? nowMs;
  const counted = deploysToCount(deploys);
  const recent = counted.filter((d) => Date.parse(d.at) >= ref - RECENT_DEPLOY_MS);
  const when = (d: DeployView) => `${utcClock(d.at, nowMs)} UTC`;
  const against = (d: DeployView) => {
    if (beganMs === null) return `${formatMs(nowMs - Date.parse(d.at))} ago`;
    const delta = Date.parse(d.at) - beganMs;
    return delta >= 0
      ? `${formatMs(delta)} after the incident began`
      : `${formatMs(-delta)} before the incident began`;
  };
  if (!recent.length)
    return {
      verdict: 'ok',
      recency: 'before',
      evidence: counted.length
        ? `latest deploy ${when(counted[0]!)}, more than ${formatMs(RECENT_DEPLOY_MS)} before ${beganMs === null ? 'now' : 'the incident began'}`
        : 'no deploy recorded in the last day',
    };
  const deploysN = recent.filter((d) => d.kind === 'deploy').length;
  const rollbacksN = recent.length - deploysN;
  const count = [plural(deploysN, 'deploy'), rollbacksN ? plural(rollbacksN, 'rollback') : '']
    .filter(Boolean)
    .join(' and ');
  const span = `in the ${formatMs(RECENT_DEPLOY_MS)} before ${beganMs === null ? 'now' : 'the incident began'}${beganMs !== null && recent.some((d) => Date.parse(d.at) >= beganMs) ? ' or since' : ''}`;
  // A deploy serves unless its source says it does not, or something was deployed after it.
  const serving = recent.find(
    (d, i) => d.kind === 'deploy' && d.live !== false && (d.live === true || !recent.slice(0, i).length),
  );
  if (serving)
    return {
      verdict: 'suspect',
      recency: 'during',
      evidence: `${count} ${span}: ${serving.what} went live ${when(serving)} (${against(serving)}) and still serves (${serving.status}, ${serving.source}); if the trouble began with it, roll back`,
    };
  const latest = recent[0]!;
  const undoneBefore = beganMs !== null && Date.parse(latest.at) < beganMs;
  return {
    verdict: undoneBefore ? 'ok' : 'watch',
    recency: undoneBefore ? 'before' : 'during',
    evidence: `${count} ${span}, none of them serving a new release now: the latest, ${latest.what} (${latest.status}), at ${when(latest)}, ${against(latest)}${undoneBefore ? '; not what serves now' : ''}`,
  };
}
