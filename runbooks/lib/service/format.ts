/** What service.ts prints: the status of the service and the outcome of an act. Strings only. */
import { describeFailure } from '../platform/events';
import type { PlatformEvent } from '../platform/types';
import { renderTable } from '../probes/table';
import { formatDuration, formatMb, formatPct } from '../units';
import type { ServiceStatus } from './status';

const time = (iso: string) => (iso.length >= 19 ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso);

/** One event as the status table shows it: its type and what it says. */
export function eventDetail(e: PlatformEvent): [string, string] {
  switch (e.type) {
    case 'server_failed':
      return [e.type, `${describeFailure(e.reason)}${e.instanceId ? ` (instance ${e.instanceId})` : ''}`];
    case 'server_restarted':
      return [e.type, e.triggeredByUser ? `asked by ${e.triggeredByUser}` : 'by the platform'];
    case 'deploy_started':
      return [
        e.type,
        `${e.deployId ?? ''}${e.trigger?.rollback ? ' (a rollback)' : e.trigger?.manual ? ' (manual)' : ''}`,
      ];
    case 'deploy_ended':
      return [e.type, `${e.deployId ?? ''} ${e.deployStatus ?? ''}`.trim()];
    case 'instance_count_changed':
    case 'autoscaling_started':
    case 'autoscaling_ended':
      return [e.type, `${e.fromInstances ?? '?'} → ${e.toInstances ?? '?'} instances`];
    case 'suspender_added':
    case 'suspender_removed':
      return [e.type, e.actor ?? ''];
    case 'other':
      return [e.rawType, ''];
    default:
      return [e.type, ''];
  }
}

/** `service.ts status`, for a terminal. Every figure here comes from the platform. */
export function formatServiceStatus(s: ServiceStatus, env: string): string {
  const sv = s.service;
  const m = s.memory;
  const since = formatDuration(s.window.endMs - s.window.startMs);
  const lines = [
    `${env}: ${s.describes} — ${sv.name} (${sv.type})`,
    `  plan ${sv.plan ?? 'unknown'}; ${sv.numInstances ?? '?'} instance${sv.numInstances === 1 ? '' : 's'}; ${sv.suspended ? `SUSPENDED (by ${sv.suspenders.join(', ') || 'unknown'}): it answers 503 until resumed` : 'not suspended'}${sv.region ? `; ${sv.region}` : ''}`,
  ];
  const pct = m.latestMb !== null && m.limitMb ? (m.latestMb / m.limitMb) * 100 : null;
  lines.push(
    m.latestMb === null
      ? `  memory [platform]: no data in the last ${since}${m.limitMb ? ` (limit ${formatMb(m.limitMb)})` : ''}`
      : `  memory [platform]: ${formatMb(m.latestMb)} of ${m.limitMb ? formatMb(m.limitMb) : 'an unknown limit'}${pct === null ? '' : ` (${formatPct(pct, 0)})`}; peak ${formatMb(m.peakMb)} in the last ${since}`,
  );
  for (const n of m.notes) lines.push(`  note: ${n}`);
  if (!s.events.length) lines.push('', `Events [platform], last ${since}: none`);
  else {
    lines.push(
      '',
      `Events [platform], last ${since}, newest first${s.eventsTruncated ? ' (more not shown)' : ''}:`,
    );
    lines.push(
      renderTable(
        ['at (UTC)', 'event', 'detail'],
        s.events.map((e) => [time(e.at), ...eventDetail(e)]),
        70,
      ).replace(/^/gm, '  '),
    );
  }
  return lines.join('\n');
}
