/**
 * What `incident.ts open` and `status` print, and the first update filled in. Strings
 * only; the roles come from the config, and an unset name, contact or link reads "not
 * configured" — the handbook never makes up who is on call.
 */
import type { Config } from '../config/schema';
import { formatMs } from '../units';
import { sectionUrl } from '../sections/index';
import { targetFlags } from '../target/flags';
import { labelText } from '../target/label';
import { incidentLabel, type Incident, type IncidentStatus, type Severity } from './model';

export const NOT_CONFIGURED = 'not configured';

export type RoleKey = keyof Config['incident']['roles'];
export const ROLE_KEYS: readonly RoleKey[] = ['commander', 'scribe', 'communications'];

/** One role as pages and the terminal show it. */
export interface RoleView {
  key: RoleKey;
  title: string;
  name: string;
  contact: string;
  link: string;
  first15: string[];
}

/** The configured roles, unset fields as "not configured". */
export function rolesView(config: Config): RoleView[] {
  return ROLE_KEYS.map((key) => {
    const r = config.incident.roles[key];
    return {
      key,
      title: r.title,
      name: r.name ?? NOT_CONFIGURED,
      contact: r.contact ?? NOT_CONFIGURED,
      link: r.link ?? NOT_CONFIGURED,
      first15: [...r.first15],
    };
  });
}

/**
 * A UTC time as the terminal says it: the clock ("06:14") on the day of `refMs`, with its
 * date on any other ("2026-12-04 06:14"), so a P2's 24-hour deadline never reads as this
 * morning.
 */
export function utcClock(iso: string, refMs: number): string {
  const day = new Date(refMs).toISOString().slice(0, 10);
  return iso.slice(0, 10) === day ? iso.slice(11, 16) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** Where an incident is: "environment staging", or "http://10.0.0.5:8002 (explicit --url, host 10.0.0.5:8002)". */
export function whereText(inc: Pick<Incident, 'env' | 'url'>): string {
  const l = incidentLabel(inc);
  return l.source === 'environment' ? `environment ${l.name}` : `${inc.url} (${labelText(l)})`;
}

/** The commands that act on `inc`, pointed at the target it was opened with (and at it, by id, when asked). */
export function nextCommands(inc: Incident, withId = false): string[] {
  const id = withId ? ` --id ${inc.id}` : '';
  const at = targetFlags({ env: inc.env, url: inc.url });
  return [
    `  npx zx runbooks/incident.ts assess ${at}${id}     the quick assessment, by symptom`,
    `  npx zx runbooks/incident.ts note "what you saw or did"${id}   the timeline (--mitigated, --action, --update)`,
    `  npx zx runbooks/incident.ts status${id}                       elapsed against the target, open actions, next update`,
  ];
}

/** `{name}` placeholders replaced; an unknown one is left as written. */
export function fillTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

/** The first update to stakeholders (config.incident.firstUpdateTemplate), filled in for `inc`. */
export function firstUpdate(config: Config, inc: Incident): string {
  const sev = config.incident.severities[inc.severity];
  const next = new Date(
    Date.parse(inc.openedAt) +
      (sev.updates ? config.incident.updateEveryMs : config.incident.firstResponseMs),
  ).toISOString();
  return fillTemplate(config.incident.firstUpdateTemplate, {
    severity: inc.severity,
    severityTitle: sev.title,
    title: inc.title,
    id: inc.id,
    commander: config.incident.roles.commander.name ?? NOT_CONFIGURED,
    startedAt: utcClock(inc.beganAt, Date.parse(inc.openedAt)),
    nextUpdateAt: utcClock(next, Date.parse(inc.openedAt)),
    channel: config.incident.channel,
    page: sectionUrl('now-first-15', config.handbook.url),
  });
}

/** The severity line: level, title, definition and resolution target. */
export function severityLine(config: Config, s: Severity): string {
  const sev = config.incident.severities[s];
  return `${s} ${sev.title}: ${sev.definition}. Resolve within ${formatMs(sev.resolveWithinMs)}${sev.updates ? `; stakeholder updates every ${formatMs(config.incident.updateEveryMs)}` : ''}.`;
}

/**
 * The briefing printed when an incident opens (`withId`: the commands name it, for an
 * incident that is not the only one open).
 */
export function formatOpen(config: Config, inc: Incident, withId = false): string {
  const sev = config.incident.severities[inc.severity];
  const opened = Date.parse(inc.openedAt);
  const at = (ms: number) => utcClock(new Date(ms).toISOString(), opened);
  const out: string[] = [];
  out.push(
    `${inc.drill ? 'DRILL ' : ''}Incident ${inc.id} opened: [${inc.severity} ${sev.title}] ${inc.title}`,
  );
  out.push(
    `  began ${inc.beganAt.slice(0, 16).replace('T', ' ')} UTC, opened ${at(opened)} UTC, ${whereText(inc)}; resolve by ${at(Date.parse(inc.beganAt) + sev.resolveWithinMs)} UTC`,
  );
  out.push('', 'Severity levels (the one chosen marked >):');
  for (const s of ['P0', 'P1', 'P2', 'P3'] as const)
    out.push(`${s === inc.severity ? '> ' : '  '}${severityLine(config, s)}`);
  out.push(
    '',
    `Who does what in the first ${formatMs(config.incident.firstResponseMs)} (until ${at(opened + config.incident.firstResponseMs)} UTC):`,
  );
  for (const r of rolesView(config)) {
    out.push(`  ${r.title}: ${r.name} (contact: ${r.contact}; page: ${r.link})`);
    for (const d of r.first15) out.push(`    - ${d}`);
  }
  out.push(
    '',
    `The first update, for ${config.incident.channel} (filled in; post it now):`,
    `  ${firstUpdate(config, inc)}`,
  );
  out.push('', 'Next:', ...nextCommands(inc, withId));
  out.push(`  The page for this: ${sectionUrl('now-first-15', config.handbook.url)}`);
  return out.join('\n');
}

/** `incident.ts status`. */
export function formatStatus(config: Config, inc: Incident, st: IncidentStatus, now: number): string {
  const sev = config.incident.severities[inc.severity];
  const out: string[] = [];
  const left =
    st.remainingMs >= 0 ? `${formatMs(st.remainingMs)} left` : `OVERDUE by ${formatMs(-st.remainingMs)}`;
  const hhmm = (iso: string) => utcClock(iso, now);
  out.push(
    `${inc.drill ? 'DRILL ' : ''}Incident ${inc.id}: [${inc.severity} ${sev.title}] ${inc.title}${inc.resolvedAt ? ` — resolved ${hhmm(inc.resolvedAt)} UTC` : ''}`,
  );
  out.push(
    `  elapsed ${formatMs(st.elapsedMs)} of the ${formatMs(st.targetMs)} target (${left})${inc.mitigatedAt ? `; mitigated at ${hhmm(inc.mitigatedAt)} UTC` : '; not mitigated yet'}`,
  );
  const fr = st.firstResponse;
  out.push(
    `  first assessment: ${fr.assessedAt ? `at ${hhmm(fr.assessedAt)} UTC` : Date.parse(fr.dueAt) < now ? `NONE yet, was due ${hhmm(fr.dueAt)} UTC` : `due by ${hhmm(fr.dueAt)} UTC`}`,
  );
  if (st.nextUpdateAt) {
    const late = Date.parse(st.nextUpdateAt) < now;
    out.push(
      `  next stakeholder update ${late ? 'OVERDUE since' : 'due'} ${hhmm(st.nextUpdateAt)} UTC (every ${formatMs(config.incident.updateEveryMs)}; ${inc.updates.length} sent; record one with note --update "…")`,
    );
  } else out.push(`  stakeholder updates: no fixed cadence at ${inc.severity}`);
  out.push(st.openActions.length ? `  open actions:` : '  open actions: none');
  for (const a of st.openActions) out.push(`    ${a.id} ${a.text}  (close with note --done ${a.id} "…")`);
  const last = inc.notes.at(-1);
  if (last) out.push(`  last note ${hhmm(last.at)} UTC by ${last.by}: ${last.text}`);
  return out.join('\n');
}
