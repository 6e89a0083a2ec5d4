import type { SmokeEvent, SmokeResult, SmokeStep, StepVerdict } from './smoke';
import { renderTable, ms } from './table';

const MARK: Record<StepVerdict, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', 'known-broken': 'KNOWN', skipped: 'SKIP' };

/** One progress line per finished step (for the live output while generate calls take minutes). */
export function formatSmokeEvent(e: SmokeEvent): string | undefined {
  if (e.type === 'step-start') return `… ${e.title}`;
  return `${MARK[e.step.verdict].padEnd(5)} ${e.step.id} (${ms(e.step.durationMs)}): ${e.step.detail}`;
}

/** "routine: fallback plan: model_used is …" — one line per failed step, for the closing summary. */
export function failureLine(s: SmokeStep): string {
  return `${s.id}: ${s.detail}${s.hint ? ` ${s.hint}` : ''}`;
}

/** The smoke run's report: table of steps, then every failure and why. */
export function formatSmoke(r: SmokeResult): string {
  const out: string[] = [];
  out.push(`Smoke test of ${r.baseUrl}${r.sandbox ? '  [SANDBOX — not the real service]' : ''} as user ${r.userId}`, '');
  out.push(renderTable(['step', 'verdict', 'time', 'detail'], r.steps.map((s) => [s.id, MARK[s.verdict], s.verdict === 'skipped' ? '–' : ms(s.durationMs), s.detail]), 90).replace(/^/gm, '  '));
  out.push('');
  const counted = r.steps.filter((s) => s.verdict !== 'skipped');
  if (!r.failed.length) {
    const warn = r.steps.filter((s) => s.verdict === 'warn' || s.verdict === 'known-broken').map((s) => s.id);
    out.push(`PASSED: ${counted.length - warn.length} of ${counted.length} step(s) passed${warn.length ? `; warnings or known issues: ${warn.join(', ')}` : ''}.`);
  } else {
    out.push(`FAILED: ${r.failed.length} of ${counted.length} step(s) failed:`);
    for (const s of r.failed) out.push(`  ✗ ${failureLine(s)}${s.code ? ` [${s.code}]` : ''}`);
  }
  return out.join('\n');
}
