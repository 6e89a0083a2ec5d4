import type { SmokeEvent, SmokeResult, SmokeStep, SmokeStepId, StepVerdict } from './smoke';
import { stepTimeoutMs } from './smoke';
import { renderTable, ms } from './table';
import type { Config } from '../config/schema';
import { formatDuration } from '../units';

const GENERATE: readonly SmokeStepId[] = ['routine', 'nutrition', 'behavior'];

/**
 * What the run is about to do and how long it takes, printed before the first request: the
 * generate steps make real OpenAI calls (tens of seconds each on the real service), and
 * every step has its own timeout, so the worst case is their sum.
 */
export function formatSmokePlan(config: Config, baseUrl: string, steps: readonly SmokeStepId[]): string {
  const slow = steps.filter((s) => GENERATE.includes(s));
  const perStep = config.slo.perStep as Record<string, { p95Ms: number } | undefined>;
  const targets = slow.filter((s) => perStep[s]).map((s) => `${s} ${formatDuration(perStep[s]!.p95Ms)}`);
  const worst = steps.reduce((a, s) => a + stepTimeoutMs(config, s), 0);
  const typical = slow.length
    ? `${slow.join(', ')} call OpenAI: on the real service expect tens of seconds each${targets.length ? ` (p95 targets: ${targets.join(', ')})` : ''}, seconds on a fast sandbox`
    : 'No step calls OpenAI: seconds';
  return `Smoke test of ${baseUrl}: ${steps.length} steps, one after another (${steps.join(' → ')}). ${typical[0]!.toUpperCase()}${typical.slice(1)}; every step has its own timeout, so it ends within ${formatDuration(worst)}.`;
}

const MARK: Record<StepVerdict, string> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  'known-broken': 'KNOWN',
  skipped: 'SKIP',
};

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
  out.push(
    `Smoke test of ${r.baseUrl}${r.sandbox ? '  [SANDBOX — not the real service]' : ''} as user ${r.userId}`,
    '',
  );
  out.push(
    renderTable(
      ['step', 'verdict', 'time', 'detail'],
      r.steps.map((s) => [s.id, MARK[s.verdict], s.verdict === 'skipped' ? '–' : ms(s.durationMs), s.detail]),
      90,
    ).replace(/^/gm, '  '),
  );
  out.push('');
  const counted = r.steps.filter((s) => s.verdict !== 'skipped');
  if (!r.failed.length) {
    const warn = r.steps.filter((s) => s.verdict === 'warn' || s.verdict === 'known-broken').map((s) => s.id);
    out.push(
      `PASSED: ${counted.length - warn.length} of ${counted.length} step(s) passed${warn.length ? `; warnings or known issues: ${warn.join(', ')}` : ''}.`,
    );
  } else {
    out.push(`FAILED: ${r.failed.length} of ${counted.length} step(s) failed:`);
    for (const s of r.failed) out.push(`  ✗ ${failureLine(s)}${s.code ? ` [${s.code}]` : ''}`);
  }
  return out.join('\n');
}
