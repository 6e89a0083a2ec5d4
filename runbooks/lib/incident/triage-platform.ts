/**
 * What the platform's record says for each hypothesis of the triage (pure). An OOM kill in
 * the window is strong evidence for "memory climbing"; repeated non-zero exits are a crash
 * loop ("service unavailable"), as is a suspension; 5xx at the edge count for "error rate"
 * (the 502/503s the app never saw). Each is weighed by when it happened against the
 * incident's start: during it (or without an incident, in the window) it is a suspect;
 * only before it began, a lead to watch. The triage takes the stronger of the app's and
 * the platform's verdict for a symptom and shows both evidences.
 */
import type { Config } from '../config/schema';
import { formatMb, formatMs, formatPct } from '../units';
import type { PlatformEvidence } from './platform';

export interface PlatformFinding {
  verdict: 'suspect' | 'watch' | 'ok';
  evidence: string;
  recency: 'now' | 'during' | 'before';
}

const clock = (iso: string) => `${iso.slice(11, 19)} UTC`;
const t = (iso: string) => Date.parse(iso);

/** "3 min after the incident began" / "10 min before it began" / "12 min ago". */
function against(iso: string, nowMs: number, beganMs: number | null): string {
  if (beganMs === null) return `${formatMs(nowMs - t(iso))} ago`;
  const d = t(iso) - beganMs;
  return d >= 0 ? `${formatMs(d)} after the incident began` : `${formatMs(-d)} before the incident began`;
}

/** Memory from the platform: OOM kills in the window, else memory against the limit and its trend. */
export function platformMemory(
  config: Config,
  p: PlatformEvidence,
  nowMs: number,
  beganMs: number | null,
): PlatformFinding | null {
  const a = config.alerts;
  const m = p.memory;
  const trend =
    m && m.latestMb !== null
      ? `memory ${formatMb(m.latestMb)}${m.limitMb !== null ? ` of the ${formatMb(m.limitMb)} limit` : ''}${m.peakMb !== null ? ` (peak ${formatMb(m.peakMb)} in the window)` : ''}${m.slopeMbPerMin !== null && m.slopeMbPerMin > 0 ? `, growing ${m.slopeMbPerMin} MB/min${m.toLimitMs !== null ? `: the limit in about ${formatMs(m.toLimitMs)}` : ''}` : ''}`
      : null;
  const kills = p.failures.filter((f) => f.reason?.kind === 'oom');
  if (kills.length) {
    const last = kills.at(-1)!;
    const limit = last.reason?.oomKilled?.memoryLimit;
    const during = beganMs === null || t(last.at) >= beganMs - BEFORE_MARGIN_MS;
    return {
      verdict: during ? 'suspect' : 'watch',
      recency: during ? 'during' : 'before',
      evidence: `the platform OOM-killed the instance at ${clock(last.at)}${limit ? ` (memory limit ${limit})` : ''}, ${against(last.at, nowMs, beganMs)}${kills.length > 1 ? `; ${kills.length} OOM kills in the window` : ''}${trend ? `; ${trend}` : ''}`,
    };
  }
  if (!m || m.latestMb === null || !trend) return null;
  return m.latestMb > a.memoryMb
    ? {
        verdict: 'suspect',
        recency: 'now',
        evidence: `platform: ${trend}, over the ${formatMb(a.memoryMb)} alert`,
      }
    : m.latestMb > a.memoryTargetMb
      ? {
          verdict: 'watch',
          recency: 'now',
          evidence: `platform: ${trend}, over the ${formatMb(a.memoryTargetMb)} target`,
        }
      : { verdict: 'ok', recency: 'now', evidence: `platform: ${trend}` };
}

/** A failure this long before the incident's recorded start still counts as during it (a start is an estimate). */
const BEFORE_MARGIN_MS = 5 * 60_000;

/** Availability from the platform: a suspension, a crash loop (repeated non-zero exits), restarts. */
export function platformAvailability(
  p: PlatformEvidence,
  nowMs: number,
  beganMs: number | null,
): PlatformFinding | null {
  if (p.suspendedSince)
    return {
      verdict: 'suspect',
      recency: 'now',
      evidence: `the platform has the service SUSPENDED since ${clock(p.suspendedSince)}: nothing serves until it is resumed`,
    };
  const crashes = p.failures.filter((f) => f.reason && f.reason.kind !== 'oom');
  if (crashes.length >= 2) {
    const last = crashes.at(-1)!;
    const during = beganMs === null || t(last.at) >= beganMs - BEFORE_MARGIN_MS;
    const reasons = [
      ...new Set(p.ends.filter((e) => e.cause !== 'oom' && e.cause !== 'restart').map((e) => e.why)),
    ];
    return {
      verdict: during ? 'suspect' : 'watch',
      recency: during ? 'during' : 'before',
      evidence: `a crash loop: ${crashes.length} server_failed in the window (${reasons.join(', ')}), the latest at ${clock(last.at)}, ${against(last.at, nowMs, beganMs)}`,
    };
  }
  const ends = p.ends;
  if (!ends.length) return null;
  const last = ends.at(-1)!;
  return {
    verdict: 'watch',
    recency: beganMs === null || t(last.at) >= beganMs ? 'during' : 'before',
    evidence: `the platform recorded ${ends.length} instance end(s) in the window, the latest at ${clock(last.at)}: ${last.why}`,
  };
}

/** 5xx at the edge over the window, and the most frequent error message. */
export function platformErrors(config: Config, p: PlatformEvidence): PlatformFinding | null {
  const r = p.requests;
  const top = p.errors?.groups[0];
  const topText = top ? `; top error log ×${top.count}: "${top.message.slice(0, 80)}"` : '';
  if (!r || r.serverErrorPct === null)
    return top ? { verdict: 'ok', recency: 'during', evidence: topText.slice(2) } : null;
  const codes = r.byStatus
    .filter((x) => /^5/.test(x.status))
    .map((x) => `${x.status} ×${x.count}`)
    .join(', ');
  const text = `at the edge: ${formatPct(r.serverErrorPct)} of ${r.total} requests in the window answered 5xx${codes ? ` (${codes})` : ''}${topText}`;
  return {
    verdict: r.serverErrorPct > config.alerts.errorRatePct ? 'suspect' : 'ok',
    recency: 'during',
    evidence: text,
  };
}
