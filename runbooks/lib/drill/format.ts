/** What drill.ts prints: the catalogue, the alert as Slack shows it, the drill's events and its score. Strings only. */
import type { Config } from '../config/schema';
import type { SlackMessage } from '../notify/slack';
import { handbookLink, sectionRef } from '../sections/index';
import type { DrillReport } from '../report/drill';
import { renderTable } from '../probes/table';
import { formatMs } from '../units';
import { commandLine } from '../incident/commands';
import type { DrillEvent } from './run';
import { SCENARIOS, type Alert } from './scenarios';

/** `drill.ts --list`: scenarios, severity and symptom; never the remedy. */
export function formatScenarioList(config: Config): string {
  const rows = SCENARIOS.map((s) => [
    s.id,
    s.title,
    `${s.severity} ${config.incident.severities[s.severity].title}`,
    sectionRef(s.symptom).title.replace(/^Playbook: /, ''),
  ]);
  return [
    'Drill scenarios (npx zx runbooks/drill.ts --scenario <id>):',
    '',
    renderTable(['scenario', 'what breaks', 'severity', 'symptom'], rows).replace(/^/gm, '  '),
  ].join('\n');
}

/** The alert as a Slack message (posted when SLACK_WEBHOOK_URL is set); it names its page section. */
export function alertMessage(config: Config, a: Alert, incident: string): SlackMessage {
  const sec = sectionRef(a.section, config.handbook.url);
  return {
    text: `[DRILL] ${a.from}: ${a.title}`,
    details: [...a.lines, `Drill incident ${incident}; it is a drill on the local sandbox, not production.`],
    link: { label: sec.title, url: sec.url },
  };
}

/** The alert as it reads in Slack, boxed for the terminal. */
export function formatAlert(m: SlackMessage, at: number): string {
  const lines = [
    `${m.text}   ${new Date(at).toISOString().slice(11, 19)} UTC`,
    ...(m.details ?? []),
    ...(m.link ? [`${m.link.label}: ${m.link.url}`] : []),
  ];
  const rule = '─'.repeat(Math.min(100, Math.max(...lines.map((l) => l.length)) + 2));
  return [`┌${rule}`, ...lines.map((l) => `│ ${l}`), `└${rule}`].join('\n');
}

/** One line (or block) per drill event. */
export function formatDrillEvent(config: Config, e: DrillEvent, incident?: string): string {
  switch (e.type) {
    case 'sandbox':
      return e.own
        ? `No sandbox runs on the drill's port: started one for this drill at ${e.url}${e.timeScale !== 1 ? ` (time scale ×${e.timeScale})` : ''}; it stops when the drill ends.`
        : `Drilling on the running sandbox at ${e.url}${e.timeScale !== 1 ? ` (time scale ×${e.timeScale})` : ''}.`;
    case 'alert':
      return [
        formatAlert(alertMessage(config, e.alert, incident ?? e.incident), e.at),
        '',
        `You are the responder. Work from the incident-now page and the playbook against this sandbox: ${e.url}`,
        e.url === config.environments.local.url
          ? '(the local environment: --env local, the default)'
          : `(not the local environment's URL: add --url ${e.url} to each command; sandbox.ts takes --port ${new URL(e.url).port})`,
        'The drill ends when the service is restored and the diagnosis was run, or at its deadline; Ctrl-C ends it early.',
      ].join('\n');
    case 'diagnosis':
      return `drill: diagnosis seen: ${commandLine(e.command)} at ${e.command.startedAt.slice(11, 19)} UTC`;
    case 'remedy':
      return `drill: service restored: ${e.seen.what} at ${new Date(e.seen.at).toISOString().slice(11, 19)} UTC${e.waitingForDiagnosis ? ' — waiting for the diagnosis the playbook gives for this symptom (or the deadline)' : ''}`;
    case 'wrong':
      return `drill: noted: ${e.seen.what} — still waiting for the remedy`;
    case 'restored':
      return e.what.length
        ? `drill: put the sandbox back: ${e.what.join('; ')}`
        : 'drill: the sandbox is back as it was';
  }
}

/** The score, after the report is written; the section's link absolute under `handbookUrl` (config.handbook.url). */
export function formatDrillSummary(r: DrillReport, handbookUrl?: string): string {
  const d = r.drill;
  const t = (x: typeof d.diagnosis.time) =>
    x.ms === null ? 'not seen' : `${formatMs(x.ms)} (target ${formatMs(x.targetMs)}: ${x.status})`;
  return [
    `Drill ${d.scenario} [${d.severity}]: ${r.verdict.status === 'pass' ? 'PASSED' : r.partial ? 'INTERRUPTED (partial)' : 'NOT PASSED'} — ${d.outcome}`,
    `  time to diagnose ${t(d.diagnosis.time)}${d.diagnosis.command ? ` with ${commandLine(d.diagnosis.command).replace(/ \(.*\)$/, '')}` : ''}; expected one of: ${d.diagnosis.expected.join(', ')}`,
    `  time to mitigate ${t(d.remedy.time)}${d.remedy.observed ? `: ${d.remedy.observed}` : ''}`,
    `  the remedy here: ${d.remedy.expected}`,
    ...d.wrongRemedies.map((w) => `  noted: ${w.what}`),
    ...r.verdict.failures.map((f) => `  ✗ ${f}`),
    `  the section for this symptom: ${d.section.title} — ${handbookLink(d.section.url, handbookUrl)}`,
  ].join('\n');
}

/** The drill's result for Slack: the score, and the section that handles the symptom. */
export function resultMessage(config: Config, r: DrillReport): SlackMessage {
  const d = r.drill;
  const sec = sectionRef('drills', config.handbook.url);
  const t = (ms: number | null) => (ms === null ? 'not seen' : formatMs(ms));
  return {
    text: `[DRILL] ${d.scenario}: ${r.verdict.status === 'pass' ? 'passed' : 'not passed'} (diagnosed in ${t(d.diagnosis.time.ms)}, restored in ${t(d.remedy.time.ms)})`,
    details: [
      `The symptom's section: ${d.section.title} ${handbookLink(d.section.url, config.handbook.url)}`,
    ],
    link: { label: sec.title, url: sec.url },
  };
}
