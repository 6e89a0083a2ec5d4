/**
 * Incidents as the log's events fold into them (pure): what is open, its severity over
 * time, notes, actions, updates, and where it stands against the config's targets.
 */
import type { Config } from '../config/schema';
import { usageError } from '../errors';
import type { IncidentRecord, Severity } from './log';
import type { TargetLabel } from '../target/label';

export { SEVERITY_IDS, type Severity } from './log';

export interface Incident {
  id: string;
  title: string;
  severity: Severity;
  env: string;
  /** The explicit --url it was opened with, or null: the environment's own URL. */
  url: string | null;
  drill: boolean;
  scenario: string | undefined;
  beganAt: string;
  openedAt: string;
  openedBy: string;
  severityChanges: { at: string; from: Severity; to: Severity }[];
  mitigatedAt: string | null;
  resolvedAt: string | null;
  summary: string | null;
  notes: { at: string; text: string; by: string }[];
  /** Action items in the order they were added: A1, A2, … */
  actions: { id: string; text: string; at: string; done: boolean }[];
  updates: { at: string; text: string }[];
  assessments: { at: string; text: string; suspects: string[] }[];
  events: IncidentRecord[];
}

/** Every incident in the log, in the order they were opened (events of unknown incidents are skipped). */
export function foldIncidents(records: readonly IncidentRecord[]): Incident[] {
  const byId = new Map<string, Incident>();
  for (const r of records) {
    if (r.event === 'open') {
      if (byId.has(r.incident)) continue;
      byId.set(r.incident, {
        id: r.incident,
        title: r.title,
        severity: r.severity,
        env: r.env,
        url: typeof r.url === 'string' && r.url ? r.url : null,
        drill: Boolean(r.drill),
        scenario: r.scenario,
        beganAt: r.beganAt ?? r.at,
        openedAt: r.at,
        openedBy: r.operator,
        severityChanges: [],
        mitigatedAt: null,
        resolvedAt: null,
        summary: null,
        notes: [],
        actions: [],
        updates: [],
        assessments: [],
        events: [r],
      });
      continue;
    }
    const inc = byId.get(r.incident);
    if (!inc || inc.resolvedAt) continue;
    inc.events.push(r);
    switch (r.event) {
      case 'note':
        inc.notes.push({ at: r.at, text: r.text, by: r.operator });
        break;
      case 'action':
        inc.actions.push({ id: `A${inc.actions.length + 1}`, text: r.text, at: r.at, done: false });
        break;
      case 'done': {
        const a = inc.actions.find((x) => x.id.toLowerCase() === String(r.action).toLowerCase());
        if (a) a.done = true;
        break;
      }
      case 'update':
        inc.updates.push({ at: r.at, text: r.text });
        break;
      case 'severity':
        if (r.severity !== inc.severity)
          inc.severityChanges.push({ at: r.at, from: inc.severity, to: r.severity });
        inc.severity = r.severity;
        break;
      case 'mitigated':
        inc.mitigatedAt ??= r.at;
        break;
      case 'assess':
        inc.assessments.push({ at: r.at, text: r.text, suspects: r.suspects ?? [] });
        break;
      case 'resolve':
        inc.resolvedAt = r.at;
        inc.summary = r.summary;
        break;
    }
  }
  return [...byId.values()];
}

/**
 * The incident a command acts on: `id` when given; else the one open incident; else, with
 * several open, the most recently opened (`ambiguous` says so). None open is a usage error.
 */
export function pickIncident(
  list: readonly Incident[],
  id: string | undefined,
  what: string,
): { incident: Incident; ambiguous: Incident[] } {
  if (id) {
    const found = list.find((i) => i.id === id);
    if (!found)
      throw usageError(
        `No incident ${id} in the log.`,
        `incident.ts status lists what is open${list.length ? `; the latest is ${list.at(-1)!.id}` : ''}.`,
      );
    if (found.resolvedAt)
      throw usageError(
        `Incident ${id} was resolved at ${found.resolvedAt}; nothing can be added to it.`,
        'Open a new one with incident.ts open --sev … --title ….',
      );
    return { incident: found, ambiguous: [] };
  }
  const open = list.filter((i) => !i.resolvedAt);
  if (!open.length)
    throw usageError(
      `No incident is open to ${what}.`,
      'Open one first: npx zx runbooks/incident.ts open --sev P1 --title "…".',
    );
  return { incident: open.at(-1)!, ambiguous: open.length > 1 ? open.slice(0, -1) : [] };
}

/**
 * How an incident's target is named (target/label.ts): its environment, or, when it was
 * opened with a --url other than that environment's, the URL's host. Never "local" for a
 * URL that is not the local sandbox.
 */
export function incidentLabel(inc: Pick<Incident, 'env' | 'url'>): TargetLabel {
  if (!inc.url) return { source: 'environment', name: inc.env };
  let host = inc.url;
  try {
    host = new URL(inc.url).host;
  } catch {
    // recorded as given; shown as given
  }
  return { source: 'url', name: host };
}

/** The URL an incident's commands target: its explicit --url, else its environment's (`envUrl`). */
export function incidentUrl(inc: Incident, envUrl: (env: string) => string | undefined): string | undefined {
  return inc.url ?? envUrl(inc.env);
}

/**
 * The open incident an assessment of `baseUrl` belongs to: with `id`, that one; else the
 * latest open incident whose target is `baseUrl` (`sameTarget`), so a drill's assessment
 * lands in the drill's incident and not in another opened beside it. None matching: none
 * (the assessment is shown, not recorded), with the open ones listed for --id.
 */
export function incidentForTarget(
  list: readonly Incident[],
  id: string | undefined,
  baseUrl: string,
  target: (inc: Incident) => string | undefined,
  sameTarget: (a: string, b: string) => boolean,
): { incident: Incident | undefined; others: Incident[] } {
  if (id) return { incident: pickIncident(list, id, 'assess').incident, others: [] };
  const open = list.filter((i) => !i.resolvedAt);
  const matching = open.filter((i) => {
    const u = target(i);
    return u !== undefined && sameTarget(u, baseUrl);
  });
  const incident = matching.at(-1);
  return { incident, others: open.filter((i) => i !== incident) };
}

export interface IncidentStatus {
  elapsedMs: number;
  /** The severity's resolution target, and what is left of it (negative: overdue). */
  targetMs: number;
  remainingMs: number;
  /** Acknowledge and assess within config.incident.firstResponseMs of opening. */
  firstResponse: { dueAt: string; assessedAt: string | null };
  /** Stakeholder updates: required at this severity, and when the next is due (null when not required). */
  updatesRequired: boolean;
  nextUpdateAt: string | null;
  openActions: Incident['actions'];
}

/** Where an open incident stands at `now`; `assessedAt` is when its first diagnosis ran (commands.ts). */
export function statusOf(
  inc: Incident,
  config: Config,
  now: number,
  assessedAt: string | null,
): IncidentStatus {
  const sev = config.incident.severities[inc.severity];
  const began = Date.parse(inc.beganAt);
  const elapsedMs = now - began;
  const last = Math.max(Date.parse(inc.openedAt), ...inc.updates.map((u) => Date.parse(u.at)));
  return {
    elapsedMs,
    targetMs: sev.resolveWithinMs,
    remainingMs: sev.resolveWithinMs - elapsedMs,
    firstResponse: {
      dueAt: new Date(Date.parse(inc.openedAt) + config.incident.firstResponseMs).toISOString(),
      assessedAt,
    },
    updatesRequired: sev.updates,
    nextUpdateAt: sev.updates ? new Date(last + config.incident.updateEveryMs).toISOString() : null,
    openActions: inc.actions.filter((a) => !a.done),
  };
}

/**
 * When an incident began, from `--since`: a duration ago ("20m"), a UTC clock time today
 * ("14:05", taken as yesterday when that is in the future), or an ISO time.
 */
export function parseSince(
  text: string | undefined,
  now: number,
  parseDuration: (t: string) => number | undefined,
): string {
  if (!text) return new Date(now).toISOString();
  const ago = parseDuration(text);
  if (ago !== undefined && !/^\d+$/.test(text.trim())) return new Date(now - ago).toISOString();
  const clock = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (clock) {
    const d = new Date(now);
    d.setUTCHours(Number(clock[1]), Number(clock[2]), 0, 0);
    if (d.getTime() > now) d.setUTCDate(d.getUTCDate() - 1);
    return d.toISOString();
  }
  const t = Date.parse(text);
  if (Number.isFinite(t) && /\d{4}-\d\d-\d\d/.test(text)) {
    if (t > now) throw usageError(`--since ${text} is in the future.`);
    return new Date(t).toISOString();
  }
  throw usageError(
    `--since "${text}" is not a time: give how long ago (20m, 1h30m), a UTC clock time (14:05) or an ISO time.`,
  );
}
