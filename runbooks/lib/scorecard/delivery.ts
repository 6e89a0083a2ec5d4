/**
 * Delivery, DORA's four keys, over the window: deployment frequency, lead time for changes
 * (commit → live), change failure rate (deploys that failed verification or were rolled
 * back, over the deploys that went live) and time to restore (rollbacks, and real incidents'
 * reviews). Each key names the source it used. The two delivery promises (daily deploys
 * possible, consistent releases) are judged from them.
 */
import { formatMs, formatPct } from '../units';
import type { IncidentReport } from '../report/incident';
import type { DeliveryKey, PromiseRow, ScorecardSection } from '../report/scorecard';
import { evidenceEntry, exclusion, reportFacts } from './evidence';
import { median, restoreMs } from './incidents';
import type { DeployFact, PublishedReport, ScorecardInputs } from './types';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export type Delivery = ScorecardSection['delivery'];

/** Deploys of the window (created within it), newest first. */
export function inWindow(i: ScorecardInputs): DeployFact[] {
  const from = i.asOf - i.config.scorecard.windowDays * DAY_MS;
  return i.deploys.facts
    .filter((d) => {
      const t = Date.parse(d.createdAt);
      return t >= from && t <= i.asOf;
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

const wentLive = (d: DeployFact) => d.outcome !== 'not-live';
const failed = (d: DeployFact) => d.outcome === 'failed-verification' || d.outcome === 'rolled-back';
const sourceName = { ledger: 'the ledger', render: "Render's deploy list" } as Record<string, string>;

/** The four keys from the deploys of the window and the environment's incident reviews. */
export function deliveryKeys(i: ScorecardInputs): Delivery {
  const days = i.config.scorecard.windowDays;
  const all = inWindow(i);
  const live = all.filter(wentLive);
  const src = i.deploys.source;
  const from = sourceName[src] ?? src;
  const none = (what: string): DeliveryKey => ({
    value: null,
    unit: '',
    text: 'not measured',
    source: 'none',
    basis: 0,
    detail: what,
  });
  const noDeploys = `no deploy of ${i.environment} in the last ${days} days${i.deploys.facts.length ? '' : ` (${i.deploys.statuses.map((s) => `${s.source}: ${s.status}`).join('; ')})`}`;

  const perDay = Math.round((live.length / days) * 100) / 100;
  const deploymentFrequency: DeliveryKey = {
    value: perDay,
    unit: 'per day',
    text: `${perDay} per day (${live.length} deploy${live.length === 1 ? '' : 's'} went live in ${days} days)`,
    source: src,
    basis: live.length,
    detail: `Deploys of ${i.environment} that went live, from ${from}${all.length > live.length ? `; ${all.length - live.length} more never went live` : ''}.`,
  };

  const leads = live
    .filter((d) => d.commitAt && d.liveAt)
    .map((d) => ({ d, ms: Date.parse(d.liveAt!) - Date.parse(d.commitAt!) }))
    .filter((x) => x.ms >= 0);
  const leadSources = [...new Set(leads.map((x) => x.d.commitAtSource))].join(' and ');
  const lead = median(leads.map((x) => x.ms));
  const leadTime: DeliveryKey =
    lead === null
      ? none(
          live.length
            ? `The commit time of none of the ${live.length} live deploys is known (Render's deploy list gives it; the ledger's commits are looked up in git when this checkout has them).`
            : noDeploys,
        )
      : {
          value: lead,
          unit: 'ms',
          text: `median ${formatMs(lead)} over ${leads.length} deploy${leads.length === 1 ? '' : 's'}`,
          source: src,
          basis: leads.length,
          detail: `Commit time (from ${leadSources}) to live (from ${from}).`,
        };

  const bad = live.filter(failed);
  const cfr = live.length ? Math.round((bad.length / live.length) * 1000) / 10 : null;
  const changeFailureRate: DeliveryKey =
    cfr === null
      ? none(noDeploys)
      : {
          value: cfr,
          unit: '%',
          text: `${formatPct(cfr)} (${bad.length} of ${live.length})`,
          source: src,
          basis: live.length,
          detail: `Deploys that failed verification or were rolled back (${bad.filter((d) => d.outcome === 'rolled-back').length} rolled back), over the deploys that went live, from ${from}.`,
        };

  const rollbacks = live
    .filter((d) => d.restoredAt && d.liveAt)
    .map((d) => Date.parse(d.restoredAt!) - Date.parse(d.liveAt!))
    .filter((ms) => ms >= 0);
  const reviews = realIncidents(i).map((p) => restoreMs(p.report)!);
  const ttr = median([...rollbacks, ...reviews]);
  const timeToRestore: DeliveryKey =
    ttr === null
      ? none(`no rollback and no reviewed real incident of ${i.environment} in the last ${days} days`)
      : {
          value: ttr,
          unit: 'ms',
          text: `median ${formatMs(ttr)} over ${rollbacks.length + reviews.length} restoration${rollbacks.length + reviews.length === 1 ? '' : 's'}`,
          source: rollbacks.length ? src : 'incident-reviews',
          basis: rollbacks.length + reviews.length,
          detail: `${rollbacks.length} rollback${rollbacks.length === 1 ? '' : 's'} (live → previous version serving again, from ${from}) and ${reviews.length} incident review${reviews.length === 1 ? '' : 's'} (began → mitigated).`,
        };

  return {
    deploymentFrequency,
    leadTime,
    changeFailureRate,
    timeToRestore,
    deploys: all.slice(0, 50).map((d) => ({
      id: d.id,
      commit: d.commit,
      createdAt: d.createdAt,
      liveAt: d.liveAt,
      outcome: d.outcome,
      source: d.source,
    })),
  };
}

/** Real (not drill) incident reviews of the environment, in the window, that counted. */
function realIncidents(i: ScorecardInputs): (PublishedReport & { report: IncidentReport })[] {
  const ctx = { environment: i.environment, asOf: i.asOf, maxAgeDays: i.config.scorecard.windowDays };
  return i.reports.filter(
    (p): p is PublishedReport & { report: IncidentReport } =>
      p.report.kind === 'incident' &&
      !p.report.incident.drill &&
      restoreMs(p.report) !== null &&
      exclusion(reportFacts(p, ''), ctx) === null,
  );
}

/** The evidence entry of the deploy source, for the delivery promises. */
function deployEvidence(i: ScorecardInputs, count: number) {
  const newest = inWindow(i)[0]?.createdAt ?? null;
  return evidenceEntry(
    {
      source: i.deploys.source,
      label: `${count} deploy${count === 1 ? '' : 's'} of ${i.environment} in ${sourceName[i.deploys.source] ?? i.deploys.source}`,
      file: null,
      measuredAt: newest,
      environment: i.environment,
      sandbox: false,
    },
    i.asOf,
    null,
  );
}

/** "Daily deployments possible": deploys went live in the window and the median lead time is within scorecard.deployLeadTimeH. */
export function dailyDeploysRow(i: ScorecardInputs, d: Delivery): PromiseRow {
  const h = i.config.scorecard.deployLeadTimeH;
  const spec = {
    id: 'daily-deploys' as const,
    promise: 'Daily deployments possible',
    target: {
      value: h * HOUR_MS,
      unit: 'ms',
      text: `a change live within ${formatMs(h * HOUR_MS)} (median lead time)`,
      source: 'scorecard.deployLeadTimeH',
    },
  };
  const live = d.deploymentFrequency.basis;
  if (d.leadTime.value === null)
    return {
      ...spec,
      measured: live ? { ...d.deploymentFrequency } : null,
      verdict: 'not-measured',
      reason: `Not measured: ${d.leadTime.detail}`,
      source: d.leadTime.source === 'none' ? i.deploys.source : d.leadTime.source,
      evidence: live ? [deployEvidence(i, live)] : [],
    };
  const ok = d.leadTime.value <= h * HOUR_MS;
  return {
    ...spec,
    measured: {
      value: d.leadTime.value,
      unit: 'ms',
      text: `lead time ${d.leadTime.text}; ${d.deploymentFrequency.text}`,
    },
    verdict: ok ? 'kept' : 'missed',
    reason: ok
      ? `A change reaches ${i.environment} in ${formatMs(d.leadTime.value)} (median), so a daily deploy is possible.`
      : `The median change takes ${formatMs(d.leadTime.value)} to go live, longer than a day allows.`,
    source: d.leadTime.source,
    evidence: [deployEvidence(i, live)],
  };
}

/** "The deployment runbook enables consistent releases": change failure rate at most scorecard.changeFailureRatePct over at least scorecard.minDeploys deploys. */
export function consistentReleasesRow(i: ScorecardInputs, d: Delivery): PromiseRow {
  const { changeFailureRatePct: max, minDeploys } = i.config.scorecard;
  const cfr = d.changeFailureRate;
  const spec = {
    id: 'consistent-releases' as const,
    promise: 'The deployment runbook enables consistent releases',
    target: {
      value: max,
      unit: '%',
      text: `change failure rate at most ${formatPct(max)}`,
      source: 'scorecard.changeFailureRatePct',
    },
  };
  if (cfr.value === null || cfr.basis < minDeploys)
    return {
      ...spec,
      measured: cfr.value === null ? null : { value: cfr.value, unit: '%', text: cfr.text },
      verdict: 'not-measured',
      reason:
        cfr.value === null
          ? `Not measured: ${cfr.detail}`
          : `Not measured: ${cfr.basis} deploy${cfr.basis === 1 ? '' : 's'} went live in the window, fewer than scorecard.minDeploys (${minDeploys}).`,
      source: cfr.source === 'none' ? i.deploys.source : cfr.source,
      evidence: cfr.basis ? [deployEvidence(i, cfr.basis)] : [],
    };
  return {
    ...spec,
    measured: { value: cfr.value, unit: '%', text: `change failure rate ${cfr.text}` },
    verdict: cfr.value <= max ? 'kept' : 'missed',
    reason: cfr.detail,
    source: cfr.source,
    evidence: [deployEvidence(i, cfr.basis)],
  };
}
