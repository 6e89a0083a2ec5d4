/**
 * Uptime over the window: from the platform's events (`server_failed` → `server_available`,
 * `service_suspended` → `service_resumed`) where a platform is configured; otherwise from the
 * published monitor runs, with the share of the window they cover stated — a few watches do
 * not prove a month, so below scorecard.uptimeMinCoveragePct the promise is not measured.
 */
import { formatDuration, formatPct } from '../units';
import type { MonitorReport } from '../report/monitor';
import type { Evidence, PromiseRow } from '../report/scorecard';
import { evidenceEntry, exclusion, reportFacts } from './evidence';
import type { PlatformEvent, PublishedReport, ScorecardInputs } from './types';

const DAY_MS = 86_400_000;

export interface Downtime {
  from: string;
  to: string;
  cause: 'server_failed' | 'service_suspended';
}

/**
 * Down intervals within [from, to] from platform events. A failure opens one (a suspension
 * too); the matching recovery closes it; one still open at `to` ends there. A recovery with
 * nothing open, first in the window, means the service was down when the window began: it
 * counts from `from` (not knowing is not counted as up).
 */
export function downtimeFromEvents(events: readonly PlatformEvent[], from: number, to: number): Downtime[] {
  const out: Downtime[] = [];
  const iso = (t: number) => new Date(t).toISOString();
  let open: { since: number; cause: Downtime['cause'] } | null = null;
  let first = true;
  const sorted = events
    .map((e) => ({ ...e, t: Date.parse(e.at) }))
    .filter((e) => Number.isFinite(e.t) && e.t >= from && e.t <= to)
    .sort((a, b) => a.t - b.t);
  for (const e of sorted) {
    switch (e.type) {
      case 'server_failed':
      case 'service_suspended':
        if (!open) open = { since: e.t, cause: e.type };
        else if (e.type === 'service_suspended') open.cause = e.type; // only a resume ends a suspension
        first = false;
        break;
      case 'server_available':
      case 'service_resumed': {
        const closes =
          open &&
          (e.type === 'service_resumed'
            ? open.cause === 'service_suspended'
            : open.cause === 'server_failed');
        if (closes) {
          out.push({ from: iso(open!.since), to: iso(e.t), cause: open!.cause });
          open = null;
        } else if (!open && first) {
          out.push({
            from: iso(from),
            to: iso(e.t),
            cause: e.type === 'service_resumed' ? 'service_suspended' : 'server_failed',
          });
        }
        first = false;
        break;
      }
    }
  }
  if (open) out.push({ from: iso(open.since), to: iso(to), cause: open.cause });
  return out;
}

/** Uptime percent of [from, to] given its down intervals. */
export function uptimePct(down: readonly Downtime[], from: number, to: number): number {
  const span = Math.max(1, to - from);
  const ms = down.reduce((n, d) => n + (Date.parse(d.to) - Date.parse(d.from)), 0);
  return Math.round((1 - ms / span) * 100_000) / 1000;
}

/** Monitor runs: samples up over samples taken, and the share of the window their spans cover (overlaps once). */
export function uptimeFromMonitorRuns(
  runs: readonly Pick<MonitorReport, 'startedAt' | 'endedAt' | 'monitor'>[],
  from: number,
  to: number,
): { uptimePct: number | null; coveragePct: number; samples: number; up: number } {
  const spans = runs
    .map((r) => [Math.max(from, Date.parse(r.startedAt)), Math.min(to, Date.parse(r.endedAt))] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let end = -Infinity;
  for (const [a, b] of spans) {
    if (b <= end) continue;
    covered += b - Math.max(a, end);
    end = b;
  }
  const samples = runs.reduce((n, r) => n + r.monitor.samples, 0);
  const up = runs.reduce((n, r) => n + r.monitor.upSamples, 0);
  return {
    uptimePct: samples ? Math.round((up / samples) * 100_000) / 1000 : null,
    coveragePct: Math.round((covered / Math.max(1, to - from)) * 100_000) / 1000,
    samples,
    up,
  };
}

/** The uptime row: platform events where configured, else published monitor runs with their coverage. */
export function uptimeRow(inputs: ScorecardInputs): PromiseRow {
  const target = inputs.config.slo.uptimePct;
  const { windowDays, uptimeMinCoveragePct: minCoverage } = inputs.config.scorecard;
  const to = inputs.asOf;
  const from = to - windowDays * DAY_MS;
  const ctx = { environment: inputs.environment, asOf: inputs.asOf, maxAgeDays: windowDays };
  const spec = {
    id: 'uptime' as const,
    promise: `Uptime ${formatPct(target, 3)}`,
    target: { value: target, unit: '%', text: `at least ${formatPct(target, 2)}`, source: 'slo.uptimePct' },
  };
  const p = inputs.platform;
  if (p) {
    // The platform speaks only for the time it has known the service: a window that starts
    // before the service existed is covered from its creation on, and judged by the coverage
    // rule of monitor runs (a sandbox started minutes ago is not a month without an outage).
    const start = p.since !== null && p.since > from ? Math.min(p.since, to) : from;
    const coveragePct = ((to - start) / (to - from)) * 100;
    const span = start > from ? formatDuration(to - start) : `${windowDays} days`;
    const f = {
      source: 'platform' as const,
      label: `platform events over ${span} (${p.events.length} events)`,
      file: null,
      measuredAt: new Date(to).toISOString(),
      environment: inputs.environment,
      sandbox: p.sandbox,
    };
    const short =
      coveragePct < minCoverage
        ? `cover ${formatPct(coveragePct, 2)} of the ${windowDays}-day window (the service exists since ${new Date(start).toISOString().slice(0, 16).replace('T', ' ')} UTC), less than scorecard.uptimeMinCoveragePct (${formatPct(minCoverage)})`
        : null;
    const why = exclusion(f, ctx) ?? short;
    const down = downtimeFromEvents(p.events, start, to);
    const pct = to > start ? uptimePct(down, start, to) : 100;
    const measured = {
      value: pct,
      unit: '%',
      text: `${formatPct(pct, 3)} over ${span} (${down.length} outage${down.length === 1 ? '' : 's'})`,
    };
    if (why === null)
      return {
        ...spec,
        measured,
        verdict: pct >= target ? 'kept' : 'missed',
        reason: `From the platform's events: ${down.length} down interval(s) (server_failed → server_available, suspensions) over the window.`,
        source: 'platform',
        evidence: [evidenceEntry(f, inputs.asOf, null)],
      };
    return {
      ...spec,
      measured: { ...measured, text: `${measured.text} (not counted)` },
      verdict: 'not-measured',
      reason: `Not measured: the platform's events ${why}.`,
      source: 'platform',
      evidence: [evidenceEntry(f, inputs.asOf, why)],
    };
  }
  const monitors = inputs.reports.filter(
    (r): r is PublishedReport & { report: MonitorReport } => r.report.kind === 'monitor',
  );
  const inWindow = monitors.filter((m) => Date.parse(m.report.endedAt) > from);
  const judged = inWindow.map((m) => {
    const f = reportFacts(m, `monitor run, ${m.report.monitor.samples} samples`);
    // A monitor run cut short by Ctrl-C still measured what it sampled.
    const why = exclusion({ ...f, partial: false }, ctx);
    return { m, f, why };
  });
  const counted = judged.filter((j) => j.why === null).map((j) => j.m.report);
  const evidence: Evidence[] = judged
    .sort(
      (a, b) =>
        Number(a.why !== null) - Number(b.why !== null) ||
        b.m.report.startedAt.localeCompare(a.m.report.startedAt),
    )
    .slice(0, 6)
    .map((j) => evidenceEntry({ ...j.f, source: 'monitor-runs' }, inputs.asOf, j.why));
  const noPlatform = 'no platform is configured (Render)';
  if (!counted.length)
    return {
      ...spec,
      measured: null,
      verdict: 'not-measured',
      reason: `Not measured: ${noPlatform} and no published monitor run of ${inputs.environment} in the last ${windowDays} days counts${judged.length ? ` (${judged[0]!.why})` : ''}. Publish watches with monitor.ts --publish, or configure Render.`,
      source: 'monitor-runs',
      evidence,
    };
  const u = uptimeFromMonitorRuns(counted, from, to);
  const measured = {
    value: u.uptimePct,
    unit: '%',
    text: `${formatPct(u.uptimePct, 3)} of ${u.samples} samples in ${counted.length} monitor run${counted.length > 1 ? 's' : ''}, covering ${formatPct(u.coveragePct, 2)} of ${windowDays} days`,
  };
  if (u.coveragePct < minCoverage || u.uptimePct === null)
    return {
      ...spec,
      measured,
      verdict: 'not-measured',
      reason: `Not measured: ${noPlatform}, and the published monitor runs cover ${formatPct(u.coveragePct, 2)} of the window, less than scorecard.uptimeMinCoveragePct (${formatPct(minCoverage)}).`,
      source: 'monitor-runs',
      evidence,
    };
  return {
    ...spec,
    measured,
    verdict: u.uptimePct >= target ? 'kept' : 'missed',
    reason: `From published monitor runs (${noPlatform}): ${u.up} of ${u.samples} samples found the service up.`,
    source: 'monitor-runs',
    evidence,
  };
}
