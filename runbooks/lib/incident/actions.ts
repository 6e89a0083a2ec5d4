/**
 * Changing incidents: open, add to, resolve. Each change is one event appended to the
 * incident log (and so fsynced before it returns); the Slack notice for it is built here
 * and sent by the caller's notifier (best effort, never blocking).
 */
import type { Config } from '../config/schema';
import type { SlackMessage } from '../notify/slack';
import { sectionRef, type SectionId } from '../sections/index';
import { formatMs } from '../units';
import { firstUpdate } from './briefing';
import { newIncidentId, type IncidentEventBody, type IncidentLog } from './log';
import { foldIncidents, type Incident, type Severity } from './model';

export interface OpenRequest {
  title: string;
  severity: Severity;
  env: string;
  /** The explicit --url, when one was given (recorded so later commands point at the same target). */
  url?: string | undefined;
  beganAt: string;
  drill?: boolean;
  scenario?: string;
}

/** Opens an incident; returns it as folded from the log. */
export function openIncident(log: IncidentLog, req: OpenRequest, now: Date): Incident {
  const id = newIncidentId(now, Boolean(req.drill));
  log.append(
    id,
    {
      event: 'open',
      title: req.title,
      severity: req.severity,
      env: req.env,
      ...(req.url ? { url: req.url } : {}),
      drill: Boolean(req.drill),
      ...(req.scenario ? { scenario: req.scenario } : {}),
      beganAt: req.beganAt,
    },
    now.toISOString(),
  );
  return foldIncidents(log.read()).find((i) => i.id === id)!;
}

/** Appends one event to an open incident and returns the incident as it now stands. */
export function addEvent(log: IncidentLog, inc: Incident, body: IncidentEventBody): Incident {
  log.append(inc.id, body);
  return foldIncidents(log.read()).find((i) => i.id === inc.id)!;
}

const tag = (config: Config, inc: Incident) =>
  `${inc.drill ? '[DRILL] ' : ''}[${inc.severity} ${config.incident.severities[inc.severity].title}]`;

/** The Slack notice for an event (every message names the page section that handles it). */
export function slackFor(config: Config, inc: Incident, body: IncidentEventBody): SlackMessage | undefined {
  const link = (id: SectionId) => {
    const s = sectionRef(id, config.handbook.url);
    return { label: s.title, url: s.url };
  };
  switch (body.event) {
    case 'open':
      return {
        text: `${tag(config, inc)} incident opened: ${inc.title} (${inc.id})`,
        details: [firstUpdate(config, inc)],
        link: link('now-first-15'),
      };
    case 'update':
      return { text: `${tag(config, inc)} update on ${inc.title}: ${body.text}`, link: link('comms') };
    case 'severity':
      return {
        text: `${tag(config, inc)} severity is now ${body.severity} for ${inc.title}${body.text ? `: ${body.text}` : ''}`,
        link: link('severity'),
      };
    case 'mitigated':
      return {
        text: `${tag(config, inc)} mitigated: ${inc.title}${body.text ? ` (${body.text})` : ''}`,
        link: link('verify'),
      };
    case 'resolve': {
      const took = inc.resolvedAt
        ? ` after ${formatMs(Date.parse(inc.resolvedAt) - Date.parse(inc.beganAt))}`
        : '';
      return {
        text: `${tag(config, inc)} resolved${took}: ${inc.title}. ${body.summary}`,
        details: [`Post-incident review due within ${config.incident.reviewWithinDays} working days.`],
        link: link('review'),
      };
    }
    default:
      return undefined;
  }
}
