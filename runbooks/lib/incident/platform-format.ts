/**
 * The platform's part of the assessment as the terminal shows it: the window's events with
 * their reasons, memory against the limit, requests by status and p95 at the edge, the
 * error logs grouped by message (count, first and last seen; the most frequent
 * ERROR_GROUPS_SHOWN), and the slowest paths.
 */
import { describeEvent } from '../platform/timeline';
import { formatMb, formatMs, formatPct } from '../units';
import { ERROR_GROUPS_SHOWN, SLOWEST_SHOWN, type PlatformEvidence } from './platform';

/** Events shown, the newest. */
const EVENTS_SHOWN = 12;
const clock = (iso: string) => iso.slice(11, 19);

/** Lines for the terminal. */
export function formatPlatformEvidence(p: PlatformEvidence): string[] {
  const out = [
    '',
    `Platform (${p.describes}), ${clock(p.windowStart)}–${clock(p.windowEnd)} UTC:`,
    p.events.length
      ? `  events (${p.events.length}${p.events.length > EVENTS_SHOWN ? `, the newest ${EVENTS_SHOWN}` : ''}):`
      : '  events: none in the window',
  ];
  for (const e of p.events.slice(-EVENTS_SHOWN)) out.push(`    ${clock(e.at)}  ${describeEvent(e)}`);
  const m = p.memory;
  if (m && m.latestMb !== null)
    out.push(
      `  memory: ${formatMb(m.latestMb)} now${m.limitMb !== null ? ` of the ${formatMb(m.limitMb)} limit` : ''}, ${formatMb(m.firstMb)} at the window's start, peak ${formatMb(m.peakMb)}${m.slopeMbPerMin !== null ? `; the latest instance ${m.slopeMbPerMin >= 0 ? 'grows' : 'shrinks'} ${Math.abs(m.slopeMbPerMin)} MB/min${m.toLimitMs !== null ? `, the limit in about ${formatMs(m.toLimitMs)}` : ''}` : ''}${m.instances > 1 ? ` (${m.instances} instances in the window)` : ''}`,
    );
  const r = p.requests;
  if (r && r.total)
    out.push(
      `  requests at the edge: ${r.total} (${r.byStatus.map((x) => `${x.status} ×${x.count}`).join(', ')}); 5xx ${formatPct(r.serverErrorPct)}${p.p95Ms !== null ? `; p95 ${formatMs(p.p95Ms)}` : ''}`,
    );
  if (p.errors) {
    const g = p.errors.groups;
    out.push(
      g.length
        ? `  error logs: ${p.errors.lines} line(s)${p.errors.truncated ? ' (more unread)' : ''} in ${g.length} group(s)${g.length > ERROR_GROUPS_SHOWN ? `, the ${ERROR_GROUPS_SHOWN} most frequent` : ''}:`
        : '  error logs: none in the window',
    );
    for (const x of g.slice(0, ERROR_GROUPS_SHOWN))
      out.push(`    ×${x.count}  ${clock(x.firstAt)}–${clock(x.lastAt)} UTC  ${x.message.slice(0, 100)}`);
  }
  if (p.slowest?.length) {
    out.push('  slowest paths (p95, from the request logs):');
    for (const x of p.slowest.slice(0, SLOWEST_SHOWN))
      out.push(
        `    ${formatMs(x.p95Ms).padStart(8)}  max ${formatMs(x.maxMs)}  ×${x.count}${x.serverErrors ? ` (${x.serverErrors} 5xx)` : ''}  ${x.route}`,
      );
  }
  for (const n of p.notes) out.push(`  note: ${n}`);
  return out;
}
