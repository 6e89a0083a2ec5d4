/**
 * The `drill` report from a drill's result: the responder's times from the alert, held to
 * the severity's targets (diagnosis within config.incident.firstResponseMs, the service
 * restored within the severity's resolveWithinMs), the UTC timeline and the commands that
 * ran. Pure.
 */
import { cpus, hostname } from 'node:os';
import type { Config } from '../config/schema';
import { sectionRef } from '../sections/index';
import { REPORT_SCHEMA_VERSION, type ThresholdVerdictJson } from '../report/common';
import type { provenance } from '../report/build';
import type { DrillReport } from '../report/drill';
import type { TimelineEntry } from '../report/incident';
import { commandLine, matchLabel } from '../incident/commands';
import { mergeTimeline, targeted } from '../incident/review';
import { formatMs } from '../units';
import type { DrillResult } from './run';

const iso = (ms: number) => new Date(ms).toISOString();

export function buildDrillReport(
  config: Config,
  r: DrillResult,
  o: { deadlineMs: number; prov: ReturnType<typeof provenance> },
): DrillReport {
  const s = r.scenario;
  const sev = config.incident.severities[s.severity];
  const diagMs = r.diagnosis ? Date.parse(r.diagnosis.startedAt) - r.alertAt : null;
  const remedyMs = r.remedy ? Math.max(0, r.remedy.at - r.alertAt) : null;
  const diagnosis = targeted(diagMs, config.incident.firstResponseMs, 'incident.firstResponseMs');
  const mitigate = targeted(
    remedyMs,
    sev.resolveWithinMs,
    `incident.severities.${s.severity}.resolveWithinMs`,
  );
  const thresholds: ThresholdVerdictJson[] = [
    {
      name: `time to diagnose ≤ ${formatMs(diagnosis.targetMs)}`,
      metric: 'drill.diagnose_ms',
      expression: `<=${diagnosis.targetMs}`,
      abortOnFail: false,
      source: 'slo',
      excluded: false,
      observed: diagMs,
      status: diagnosis.status === 'met' ? 'pass' : diagnosis.status === 'missed' ? 'fail' : 'no-data',
    },
    {
      name: `time to mitigate ≤ ${formatMs(mitigate.targetMs)}`,
      metric: 'drill.mitigate_ms',
      expression: `<=${mitigate.targetMs}`,
      abortOnFail: false,
      source: 'slo',
      excluded: false,
      observed: remedyMs,
      status: mitigate.status === 'met' ? 'pass' : mitigate.status === 'missed' ? 'fail' : 'no-data',
    },
  ];
  const failures = [
    ...(r.outcome === 'deadline'
      ? [
          `the service was not restored by the right remedy within the drill's ${formatMs(o.deadlineMs)} deadline`,
        ]
      : []),
    ...(r.diagnosis
      ? []
      : [
          `the playbook's diagnosis (${s.diagnosis.map(matchLabel).join(', ')}) was not run against the drill's sandbox`,
        ]),
    ...thresholds.filter((t) => t.status === 'fail').map((t) => `${t.name}: took ${formatMs(t.observed)}`),
  ];
  const own: TimelineEntry[] = [
    { at: iso(r.openedAt), kind: 'opened', text: `drill incident ${r.incident.id} opened (${s.severity})` },
    { at: iso(r.alertAt), kind: 'fault', text: `switched on: ${r.injected.join(', ')}` },
    { at: iso(r.alertAt), kind: 'alert', text: `alert handed to the responder: ${r.alert.title}` },
    ...(r.diagnosis
      ? [
          {
            at: r.diagnosis.startedAt,
            kind: 'diagnosis' as const,
            text: `first diagnosis: ${commandLine(r.diagnosis)}`,
            by: r.diagnosis.operator,
          },
        ]
      : []),
    ...r.wrong.map((w) => ({ at: iso(w.at), kind: 'wrong-remedy' as const, text: w.what })),
    ...(r.remedy
      ? [{ at: iso(r.remedy.at), kind: 'remedy' as const, text: `restored: ${r.remedy.what}` }]
      : []),
    {
      at: iso(r.endedAt),
      kind: 'ended',
      text: `drill ended (${r.outcome})${r.restored.length ? `; the drill then ${r.restored.join('; ')}` : ''}`,
    },
  ];
  const commands = r.commands.map((c) => ({
    at: c.startedAt,
    kind: 'command' as const,
    text: commandLine(c),
    by: c.operator,
  }));
  // Site-relative: the report becomes a page of the site, wherever the site is served; the
  // terminal's summary makes it absolute under handbook.url (format.ts).
  const section = sectionRef(s.symptom);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    runId: r.incident.id,
    tool: { ...o.prov.tool, script: 'drill' },
    git: o.prov.git,
    target: { url: r.sandbox.url, environment: 'local', loopback: true, protected: false, sandbox: true },
    host: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      hostname: hostname(),
    },
    startedAt: iso(r.openedAt),
    endedAt: iso(r.endedAt),
    partial: r.outcome === 'interrupted',
    invalid: false,
    invalidReasons: [],
    config: {
      scenario: s.id,
      severity: s.severity,
      timeScale: r.sandbox.timeScale,
      profile: r.sandbox.profile,
      faults: r.injected,
      deadlineMs: o.deadlineMs,
      seed: r.seed,
      ...(r.passesAt !== null ? { passesAt: iso(r.passesAt) } : {}),
      incident: { firstResponseMs: config.incident.firstResponseMs, resolveWithinMs: sev.resolveWithinMs },
    },
    verdict: { status: failures.length ? 'fail' : 'pass', failures, thresholds },
    kind: 'drill',
    drill: {
      scenario: s.id,
      title: s.title,
      severity: s.severity,
      incidentId: r.incident.id,
      injected: r.injected,
      alert: `${r.alert.from}: ${r.alert.title}`,
      section: { title: section.title, url: section.url },
      sandbox: r.sandbox,
      alertAt: iso(r.alertAt),
      endedAt: iso(r.endedAt),
      outcome: r.outcome,
      deadlineMs: o.deadlineMs,
      diagnosis: { expected: s.diagnosis.map(matchLabel), command: r.diagnosis, time: diagnosis },
      remedy: { expected: s.remedyText, observed: r.remedy?.what ?? null, time: mitigate },
      wrongRemedies: r.wrong.map((w) => ({ at: iso(w.at), what: w.what })),
      timeline: mergeTimeline(own, commands),
      commands: r.commands,
    },
  };
}
