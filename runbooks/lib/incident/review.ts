/**
 * The post-incident review (report kind `incident`): a resolved incident's UTC timeline,
 * its severity, time to detect, first assessment, mitigate and resolve against the config's
 * targets, every handbook command that ran while it was open, and its action items. Pure.
 */
import { cpus, hostname } from 'node:os';
import type { Config } from '../config/schema';
import type { LedgerRecord } from '../ledger/index';
import { REPORT_SCHEMA_VERSION, type ThresholdVerdictJson } from '../report/common';
import type { provenance } from '../report/build';
import type { IncidentReport, TargetedDuration, TimelineEntry } from '../report/incident';
import { formatMs } from '../units';
import { ASSESSMENT_COMMANDS, commandLine, commandMatches, commandsBetween } from './commands';
import { incidentLabel, type Incident } from './model';

const t = (iso: string) => Date.parse(iso);

/** A duration against its target. */
export function targeted(ms: number | null, targetMs: number | null, source: string): TargetedDuration {
  const status =
    ms === null ? 'no-data' : targetMs === null ? 'no-target' : ms <= targetMs ? 'met' : 'missed';
  return { ms, targetMs, source, status };
}

/** The incident's own events as timeline lines. */
export function incidentTimeline(inc: Incident): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  if (t(inc.beganAt) < t(inc.openedAt))
    out.push({ at: inc.beganAt, kind: 'began', text: 'the trouble began (as given when opened)' });
  for (const r of inc.events) {
    const by = r.operator;
    switch (r.event) {
      case 'open':
        out.push({ at: r.at, kind: 'opened', text: `opened as ${r.severity}: ${r.title}`, by });
        break;
      case 'note':
        out.push({ at: r.at, kind: 'note', text: r.text, by });
        break;
      case 'action':
        out.push({ at: r.at, kind: 'action', text: `action: ${r.text}`, by });
        break;
      case 'done':
        out.push({ at: r.at, kind: 'done', text: `${r.action} done${r.text ? `: ${r.text}` : ''}`, by });
        break;
      case 'update':
        out.push({ at: r.at, kind: 'update', text: `stakeholder update: ${r.text}`, by });
        break;
      case 'severity':
        out.push({
          at: r.at,
          kind: 'severity',
          text: `severity ${r.severity}${r.text ? `: ${r.text}` : ''}`,
          by,
        });
        break;
      case 'mitigated':
        out.push({ at: r.at, kind: 'mitigated', text: `mitigated${r.text ? `: ${r.text}` : ''}`, by });
        break;
      case 'assess':
        out.push({ at: r.at, kind: 'assess', text: `quick assessment: ${r.text}`, by });
        break;
      case 'resolve':
        out.push({ at: r.at, kind: 'resolved', text: `resolved: ${r.summary}`, by });
        break;
    }
  }
  return out;
}

/** Merges timelines by time, keeping each source's order for equal times. */
export function mergeTimeline(...lists: TimelineEntry[][]): TimelineEntry[] {
  return lists
    .flat()
    .map((e, i) => ({ e, i }))
    .sort((a, b) => t(a.e.at) - t(b.e.at) || a.i - b.i)
    .map((x) => x.e);
}

export interface ReviewContext {
  prov: ReturnType<typeof provenance>;
  target: { url: string; loopback: boolean; protected: boolean; sandbox: boolean };
}

/** The review of a resolved incident, from the ledger's records. */
export function buildReview(
  config: Config,
  inc: Incident,
  records: readonly LedgerRecord[],
  ctx: ReviewContext,
): IncidentReport {
  if (!inc.resolvedAt) throw new Error(`incident ${inc.id} is not resolved`);
  const sev = config.incident.severities[inc.severity];
  const opened = t(inc.openedAt);
  const resolved = t(inc.resolvedAt);
  const commands = commandsBetween(records, opened, resolved);
  const firstCmd = commands.find((c) => commandMatches(c, ASSESSMENT_COMMANDS));
  const firstAssess = [
    firstCmd ? t(firstCmd.startedAt) : Infinity,
    ...inc.assessments.map((a) => t(a.at)),
  ].reduce((a, b) => Math.min(a, b), Infinity);
  const began = t(inc.beganAt);
  const mitigatedAt = inc.mitigatedAt ?? inc.resolvedAt;
  const durations = {
    detect: targeted(opened - began, null, 'none: the config sets no detection target'),
    firstAssessment: targeted(
      Number.isFinite(firstAssess) ? firstAssess - opened : null,
      config.incident.firstResponseMs,
      'incident.firstResponseMs',
    ),
    mitigate: targeted(
      t(mitigatedAt) - began,
      sev.resolveWithinMs,
      `incident.severities.${inc.severity}.resolveWithinMs (no separate mitigation target)`,
    ),
    resolve: targeted(
      resolved - began,
      sev.resolveWithinMs,
      `incident.severities.${inc.severity}.resolveWithinMs`,
    ),
  };
  const stamps = [opened, ...inc.updates.map((u) => t(u.at)), resolved];
  const gaps = stamps.slice(1).map((s, i) => s - stamps[i]!);
  const thresholds: ThresholdVerdictJson[] = (['firstAssessment', 'mitigate', 'resolve'] as const).map(
    (k) => {
      const d = durations[k];
      const label = {
        firstAssessment: 'time to first assessment',
        mitigate: 'time to mitigate',
        resolve: 'time to resolve',
      }[k];
      return {
        name: `${label} ≤ ${formatMs(d.targetMs)}`,
        metric: `incident.${{ firstAssessment: 'first_assessment', mitigate: 'mitigate', resolve: 'resolve' }[k]}_ms`,
        expression: `<=${d.targetMs}`,
        abortOnFail: false,
        source: 'slo',
        excluded: false,
        observed: d.ms,
        status: d.status === 'met' ? 'pass' : d.status === 'missed' ? 'fail' : 'no-data',
      };
    },
  );
  const failures = thresholds
    .filter((x) => x.status === 'fail')
    .map((x) => `${x.name}: took ${formatMs(x.observed)}`);
  const timeline = mergeTimeline(
    incidentTimeline(inc),
    commands.map((c) => ({
      at: c.startedAt,
      kind: 'command' as const,
      text: commandLine(c),
      by: c.operator,
    })),
  );
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    runId: inc.id,
    tool: { ...ctx.prov.tool, script: 'incident' },
    git: ctx.prov.git,
    // Labelled by what it targeted: its environment, or the host of the --url it was opened with.
    target: { ...ctx.target, ...(inc.url ? { url: inc.url } : {}), environment: incidentLabel(inc).name },
    host: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      hostname: hostname(),
    },
    startedAt: inc.beganAt,
    endedAt: inc.resolvedAt,
    partial: false,
    invalid: false,
    invalidReasons: [],
    config: {
      severity: inc.severity,
      drill: inc.drill,
      incident: {
        severities: config.incident.severities,
        firstResponseMs: config.incident.firstResponseMs,
        updateEveryMs: config.incident.updateEveryMs,
      },
    },
    verdict: { status: failures.length ? 'fail' : 'pass', failures, thresholds },
    kind: 'incident',
    incident: {
      id: inc.id,
      title: inc.title,
      severity: inc.severity,
      severityTitle: sev.title,
      severityChanges: inc.severityChanges,
      drill: inc.drill,
      environment: incidentLabel(inc).name,
      summary: inc.summary ?? '',
      beganAt: inc.beganAt,
      openedAt: inc.openedAt,
      mitigatedAt: inc.mitigatedAt,
      resolvedAt: inc.resolvedAt,
      durations,
      timeline,
      commands,
      actionItems: inc.actions.map((a) => ({ id: a.id, text: a.text, done: a.done })),
      updates: {
        sent: inc.updates.length,
        required: sev.updates,
        everyMs: config.incident.updateEveryMs,
        longestGapMs: gaps.length ? Math.max(...gaps) : null,
      },
      reviewWithinDays: config.incident.reviewWithinDays,
    },
  };
}

/** The review's summary lines for the terminal. */
export function formatReview(r: IncidentReport): string {
  const i = r.incident;
  const d = (x: TargetedDuration) =>
    `${formatMs(x.ms)}${x.targetMs ? ` (target ${formatMs(x.targetMs)}: ${x.status})` : ''}`;
  return [
    `${i.drill ? 'DRILL ' : ''}Incident ${i.id} resolved: [${i.severity} ${i.severityTitle}] ${i.title} — ${r.verdict.status === 'pass' ? 'within its targets' : `missed: ${r.verdict.failures.join('; ')}`}`,
    `  detect ${d(i.durations.detect)} · first assessment ${d(i.durations.firstAssessment)} · mitigate ${d(i.durations.mitigate)}${i.mitigatedAt ? '' : ' (never marked: taken as resolved)'} · resolve ${d(i.durations.resolve)}`,
    `  ${i.timeline.length} timeline entries, ${i.commands.length} handbook command(s) ran, ${i.actionItems.filter((a) => !a.done).length} open action item(s); review due within ${i.reviewWithinDays} working days`,
  ].join('\n');
}
