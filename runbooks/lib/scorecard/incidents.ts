/**
 * The promises incident reviews and drills answer: P0 incidents resolved within the P0
 * target, and the playbook halving resolution time — each drill scenario's first against
 * latest time to mitigate, and real incidents' time to restore before and after the
 * handbook's first drill. Drills run on the sandbox: they are shown, labelled, and count
 * only for the local environment.
 */
import { formatMs, formatPct } from '../units';
import type { DrillReport } from '../report/drill';
import type { IncidentReport } from '../report/incident';
import type { Evidence, PromiseRow } from '../report/scorecard';
import { ageDays, evidenceEntry, exclusion, reportFacts } from './evidence';
import type { PublishedReport, ScorecardInputs } from './types';

type Of<R> = PublishedReport & { report: R };
const incidents = (i: ScorecardInputs) =>
  i.reports.filter((p): p is Of<IncidentReport> => p.report.kind === 'incident' && !p.report.incident.drill);
const drills = (i: ScorecardInputs) =>
  i.reports.filter((p): p is Of<DrillReport> => p.report.kind === 'drill');
const ctxOf = (i: ScorecardInputs) => ({
  environment: i.environment,
  asOf: i.asOf,
  maxAgeDays: i.config.scorecard.evidenceMaxAgeDays,
});

/** Time to restore of a review: began → mitigated, else → resolved. */
export const restoreMs = (r: IncidentReport): number | null =>
  r.incident.durations.mitigate.ms ?? r.incident.durations.resolve.ms;

/** The median of a list (null when empty). */
export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** P0: every real P0 incident of the environment in the window resolved within incident.severities.P0.resolveWithinMs. */
export function p0Row(inputs: ScorecardInputs): PromiseRow {
  const target = inputs.config.incident.severities.P0.resolveWithinMs;
  const windowDays = inputs.config.scorecard.windowDays;
  const ctx = { ...ctxOf(inputs), maxAgeDays: windowDays };
  const spec = {
    id: 'p0-resolution' as const,
    promise: `P0 incidents resolved within ${formatMs(target)}`,
    target: {
      value: target,
      unit: 'ms',
      text: `within ${formatMs(target)}`,
      source: 'incident.severities.P0.resolveWithinMs',
    },
  };
  const p0 = incidents(inputs).filter((p) => p.report.incident.severity === 'P0');
  const counted = p0.filter((p) => exclusion(reportFacts(p, ''), ctx) === null);
  const evidence: Evidence[] = p0
    .map((p) => {
      const f = reportFacts(p, `P0 review: ${p.report.incident.title}`);
      return evidenceEntry(f, inputs.asOf, exclusion(f, ctx));
    })
    .sort((a, b) => Number(b.counted) - Number(a.counted))
    .slice(0, 8);
  if (!counted.length)
    return {
      ...spec,
      measured: null,
      verdict: 'not-measured',
      reason: `Not measured: no review of a real P0 incident on ${inputs.environment} in the last ${windowDays} days (scorecard.windowDays), so there is no resolution time to judge.`,
      source: 'incident-reviews',
      evidence,
    };
  const times = counted.map((p) => p.report.incident.durations.resolve.ms ?? Infinity);
  const worst = Math.max(...times);
  const late = times.filter((t) => t > target).length;
  return {
    ...spec,
    measured: {
      value: Number.isFinite(worst) ? worst : null,
      unit: 'ms',
      text: `slowest ${formatMs(worst)} of ${counted.length} P0 incident${counted.length > 1 ? 's' : ''}`,
    },
    verdict: late ? 'missed' : 'kept',
    reason: late
      ? `${late} of ${counted.length} P0 incidents took longer than ${formatMs(target)} to resolve.`
      : `Every P0 incident of the window (${counted.length}) was resolved within ${formatMs(target)}.`,
    source: 'incident-reviews',
    evidence,
  };
}

/** Per drill scenario (at one time scale): the first drill's time to mitigate against the latest one's. */
export function drillComparisons(inputs: ScorecardInputs): {
  scenario: string;
  first: Of<DrillReport>;
  latest: Of<DrillReport>;
  reductionPct: number;
}[] {
  const groups = new Map<string, Of<DrillReport>[]>();
  for (const d of drills(inputs)) {
    if (d.report.drill.remedy.time.ms === null) continue;
    const key = `${d.report.drill.scenario} ×${d.report.drill.sandbox.timeScale}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  return [...groups.entries()]
    .filter(([, list]) => list.length >= 2)
    .map(([scenario, list]) => {
      const sorted = [...list].sort((a, b) => a.report.startedAt.localeCompare(b.report.startedAt));
      const first = sorted[0]!;
      const latest = sorted.at(-1)!;
      const reductionPct =
        (1 - latest.report.drill.remedy.time.ms! / Math.max(1, first.report.drill.remedy.time.ms!)) * 100;
      return { scenario, first, latest, reductionPct: Math.round(reductionPct * 10) / 10 };
    });
}

/**
 * The 50 % promise. Real incidents decide it where they can (time to restore before the
 * handbook's first drill against after it); drills (first against latest time to mitigate
 * per scenario) decide it only for the local environment, where the sandbox is the target.
 */
export function resolutionRow(inputs: ScorecardInputs): PromiseRow {
  const want = inputs.config.scorecard.resolutionReductionPct;
  const ctx = ctxOf(inputs);
  const spec = {
    id: 'resolution-halved' as const,
    promise: `The incident playbook reduces resolution time by ${formatPct(want)}`,
    target: {
      value: want,
      unit: '%',
      text: `at least ${formatPct(want)} shorter`,
      source: 'scorecard.resolutionReductionPct',
    },
  };
  const pct = (x: number) => `${x >= 0 ? '−' : '+'}${formatPct(Math.abs(x))}`;
  const evidence: Evidence[] = [];

  // Real incidents, split at the first drill.
  const firstDrill = drills(inputs)
    .map((d) => d.report.startedAt)
    .sort()[0];
  const real = incidents(inputs).filter(
    // Age is judged on the newest "after" incident below; an old "before" one still counts.
    (p) =>
      restoreMs(p.report) !== null &&
      exclusion(
        { ...reportFacts(p, ''), measuredAt: p.report.incident.beganAt },
        { ...ctx, maxAgeDays: Infinity },
      ) === null,
  );
  let fromIncidents: PromiseRow | null = null;
  if (firstDrill) {
    const before = real.filter((p) => p.report.incident.beganAt < firstDrill);
    const after = real.filter((p) => p.report.incident.beganAt >= firstDrill);
    const newestAfter =
      after
        .map((p) => p.report.incident.beganAt)
        .sort()
        .at(-1) ?? null;
    const fresh = newestAfter !== null && (ageDays(newestAfter, inputs.asOf) ?? Infinity) <= ctx.maxAgeDays;
    const decides = before.length > 0 && after.length > 0 && fresh;
    for (const p of [...after, ...before].slice(0, 6))
      evidence.push(
        evidenceEntry(
          reportFacts(p, `review: ${p.report.incident.title}`),
          inputs.asOf,
          decides ? null : 'a comparison needs reviews both before and (recently) after the first drill',
        ),
      );
    if (decides) {
      const b = median(before.map((p) => restoreMs(p.report)!))!;
      const a = median(after.map((p) => restoreMs(p.report)!))!;
      const reduction = Math.round((1 - a / Math.max(1, b)) * 1000) / 10;
      fromIncidents = {
        ...spec,
        measured: {
          value: reduction,
          unit: '%',
          text: `${pct(reduction)}: median time to restore ${formatMs(b)} → ${formatMs(a)}`,
        },
        verdict: reduction >= want ? 'kept' : 'missed',
        reason: `Real incidents on ${inputs.environment}: ${before.length} before the handbook's first drill (${firstDrill.slice(0, 10)}), ${after.length} after.`,
        source: 'incident-reviews',
        evidence,
      };
    }
  }
  if (fromIncidents) return fromIncidents;

  // Drills: first against latest per scenario, counted only where the sandbox is the target.
  const cmp = drillComparisons(inputs);
  for (const c of cmp.slice(0, 6)) {
    const f = reportFacts(
      c.latest,
      `drill ${c.scenario}: ${formatMs(c.first.report.drill.remedy.time.ms)} → ${formatMs(c.latest.report.drill.remedy.time.ms)}`,
    );
    evidence.unshift(evidenceEntry({ ...f, source: 'drills' }, inputs.asOf, exclusion(f, ctx)));
  }
  const counted = cmp.filter((c) => exclusion(reportFacts(c.latest, ''), ctx) === null);
  const overall = (list: typeof cmp) => {
    const first = list.reduce((n, c) => n + c.first.report.drill.remedy.time.ms!, 0);
    const latest = list.reduce((n, c) => n + c.latest.report.drill.remedy.time.ms!, 0);
    return Math.round((1 - latest / Math.max(1, first)) * 1000) / 10;
  };
  const drillText = (list: typeof cmp) =>
    `${pct(overall(list))} over ${list.length} drill scenario${list.length > 1 ? 's' : ''} (first against latest time to mitigate)`;
  if (counted.length) {
    const r = overall(counted);
    return {
      ...spec,
      measured: { value: r, unit: '%', text: drillText(counted) },
      verdict: r >= want ? 'kept' : 'missed',
      reason: `Drills on the sandbox: ${counted.map((c) => `${c.scenario} ${pct(c.reductionPct)}`).join(', ')}.`,
      source: 'drills',
      evidence,
    };
  }
  const noIncidents = !firstDrill
    ? 'no drill has been published, so there is no "before" and "after"'
    : `no real incident on ${inputs.environment} has a review both before and (within ${ctx.maxAgeDays} days) after the first drill of ${firstDrill.slice(0, 10)}`;
  const drillsNote = cmp.length
    ? `; drills show ${drillText(cmp)}, measured on the sandbox, which does not count for ${inputs.environment}`
    : '; no drill scenario was run twice at the same time scale';
  return {
    ...spec,
    measured: cmp.length
      ? { value: overall(cmp), unit: '%', text: `${drillText(cmp)} (sandbox, not counted)` }
      : null,
    verdict: 'not-measured',
    reason: `Not measured: ${noIncidents}${drillsNote}.`,
    source: cmp.length ? 'drills' : 'incident-reviews',
    evidence,
  };
}
