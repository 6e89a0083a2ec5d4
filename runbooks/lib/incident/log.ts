/**
 * The incident log: incident events as ledger records (`kind: "incident"`), so an
 * incident's timeline and the handbook commands that ran during it are one append-only
 * file, each record written whole and fsynced before the command acknowledges it. A
 * process killed mid-write loses nothing it acknowledged (ledger/index.ts).
 */
import { randomBytes } from 'node:crypto';
import { openLedger, readLedger, type LedgerRecord } from '../ledger/index';

/** The severity levels (config.incident.severities). */
export type Severity = 'P0' | 'P1' | 'P2' | 'P3';
export const SEVERITY_IDS: readonly Severity[] = ['P0', 'P1', 'P2', 'P3'];

/** What can happen to an incident, each one ledger record. */
export type IncidentEventBody =
  | {
      event: 'open';
      title: string;
      severity: Severity;
      env: string;
      /** The explicit --url it was opened with (a drill: its sandbox's), when there was one. */
      url?: string;
      drill: boolean;
      scenario?: string;
      beganAt: string;
    }
  | { event: 'note'; text: string }
  | { event: 'action'; action: string; text: string }
  | { event: 'done'; action: string; text: string }
  | { event: 'update'; text: string }
  | { event: 'severity'; severity: Severity; text: string }
  | { event: 'mitigated'; text: string }
  | { event: 'assess'; text: string; suspects: string[] }
  | { event: 'resolve'; summary: string };

/** An incident event as the ledger holds it. */
export type IncidentRecord = LedgerRecord &
  IncidentEventBody & { kind: 'incident'; incident: string; operator: string };

export const INCIDENT_KIND = 'incident';

/** A new incident id: `inc-20261203-1405-3fa1` (`drill-…` for a drill's), sortable and unique enough. */
export function newIncidentId(at: Date, drill: boolean): string {
  const iso = at.toISOString();
  return `${drill ? 'drill' : 'inc'}-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 16).replace(':', '')}-${randomBytes(2).toString('hex')}`;
}

export interface IncidentLog {
  /** Appends one event and returns it once it is on disk. */
  append(incident: string, body: IncidentEventBody, at?: string): IncidentRecord;
  /** Every incident event, oldest first. */
  read(): IncidentRecord[];
}

/** The incident log of a state directory; `redact` is applied to each line before it is written. */
export function openIncidentLog(
  stateDir: string,
  operator: string,
  redact?: (line: string) => string,
): IncidentLog {
  const ledger = openLedger(stateDir, redact);
  return {
    append: (incident, body, at) =>
      ledger.append({
        kind: INCIDENT_KIND,
        incident,
        operator,
        ...body,
        ...(at ? { at } : {}),
      }) as IncidentRecord,
    read: () =>
      readLedger(stateDir, [INCIDENT_KIND]).filter(
        (r): r is IncidentRecord => typeof r.incident === 'string' && typeof r.event === 'string',
      ),
  };
}
