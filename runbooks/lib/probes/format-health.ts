import type { HealthResult, HealthVerdict } from './health';
import { BASIC_CHECK_ONLY } from '../checks/response-rules';
import { formatMb } from '../units';
import { renderTable, ms } from './table';

const HEADLINE: Record<HealthVerdict, string> = {
  healthy: 'HEALTHY',
  basic: `HEALTHY? ${BASIC_CHECK_ONLY.toUpperCase()} (warning)`,
  degraded: 'DEGRADED (warning)',
  critical: 'CRITICAL',
  unreachable: 'UNREACHABLE',
};

/** A sub-service's status with its own severity: critical fails (✗), degraded warns (!). */
const mark = (status: string) =>
  status === 'critical' ? `✗ ${status}` : status === 'healthy' ? status : `! ${status} (warning)`;

/** The health probe's human report: verdict, per-service table, memory, causes and warnings. */
export function formatHealth(r: HealthResult): string {
  const out: string[] = [];
  out.push(
    `Health of ${r.baseUrl}${r.sandbox ? '  [SANDBOX — not the real service]' : ''}: ${HEADLINE[r.verdict]}`,
  );
  const l = r.liveness;
  out.push(
    `  liveness  GET /           ${l.ok ? `HTTP ${l.status} in ${ms(l.elapsedMs)}${l.version ? ` (version ${l.version})` : ''}` : 'failed'}`,
  );
  const h = r.health;
  if (h.status !== null)
    out.push(
      `  health    GET /api/health HTTP ${h.status} in ${ms(h.elapsedMs)}${h.reading ? `, body says "${h.reading.status}" (${h.reading.shape === 'full' ? 'full check' : BASIC_CHECK_ONLY})` : ''}`,
    );
  if (h.reading?.services.length) {
    out.push('');
    out.push(
      renderTable(
        ['service', 'status', 'time', 'message'],
        h.reading.services.map((s) => [s.name, mark(s.status), ms(s.responseTimeMs), s.message || '–']),
      ).replace(/^/gm, '  '),
    );
  }
  if (r.memory) {
    const m = r.memory;
    const mark =
      m.level === 'above-alert'
        ? '  ✗ at/above alert'
        : m.level === 'above-target'
          ? '  ! above target'
          : '  ✓';
    out.push(
      '',
      `  process memory ${formatMb(m.mb)}  (target < ${formatMb(m.targetMb)}, alert ≥ ${formatMb(m.alertMb)})${mark}`,
    );
  }
  // The deciding request error is printed once, at the end, as the one-paragraph error.
  // Causes (what makes the verdict fail) and warnings apart, each finding by its own severity.
  const issues = r.findings.filter((f) => f.severity !== 'notice' && f.message !== r.error?.message);
  for (const [severity, title] of [
    ['error', '  Causes:'],
    ['warning', '  Warnings:'],
  ] as const) {
    const list = issues.filter((f) => f.severity === severity);
    if (!list.length) continue;
    out.push('', title);
    for (const f of list)
      out.push(`  ${severity === 'error' ? '✗' : '!'} ${f.message}${f.hint ? ` ${f.hint}` : ''}`);
  }
  for (const f of r.findings.filter((x) => x.severity === 'notice')) out.push(`  note: ${f.message}`);
  if (r.error)
    out.push('', `error [${r.error.code}]: ${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}`);
  return out.join('\n');
}
