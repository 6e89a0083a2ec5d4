/**
 * The quick assessment as a triage by symptom (pure): for each symptom of the playbook, a
 * verdict from the evidence and the page section that handles it. Suspects first.
 */
import type { Config } from '../config/schema';
import { EXIT, type ExitCode } from '../errors/exit-codes';
import { sectionRef, type SectionId, type SectionRef } from '../sections/index';
import { isUnreachable } from '../probes/common';
import { renderTable } from '../probes/table';
import { formatMb, formatMs, formatPct, formatUsd } from '../units';
import type { Evidence } from './evidence';

export type TriageVerdict = 'suspect' | 'watch' | 'ok' | 'unknown';

export interface TriageRow {
  symptom: string;
  verdict: TriageVerdict;
  evidence: string;
  section: SectionRef;
}

const RANK: Record<TriageVerdict, number> = { suspect: 0, watch: 1, unknown: 2, ok: 3 };
/** A deploy this recent is a suspect when the service misbehaves. */
const RECENT_DEPLOY_MS = 2 * 3_600_000;
/** An uptime this short means it restarted just now. */
const RECENT_RESTART_S = 300;

/** The triage rows for `e`, suspects first. */
export function triage(config: Config, e: Evidence): TriageRow[] {
  const a = config.alerts;
  const url = config.handbook.url;
  const row = (symptom: string, id: SectionId, verdict: TriageVerdict, evidence: string): TriageRow => ({
    symptom,
    verdict,
    evidence,
    section: sectionRef(id, url),
  });
  const h = e.health.reading;
  const rows: TriageRow[] = [];

  const live = e.liveness;
  rows.push(
    live.error
      ? row('service unavailable', 'unavailable', 'suspect', `GET / failed: ${live.error.message}`)
      : !live.ok
        ? row(
            'service unavailable',
            'unavailable',
            'suspect',
            `GET / answered ${live.status} (starting, restarting or crash-looping)`,
          )
        : e.stats.uptimeS !== null && e.stats.uptimeS < RECENT_RESTART_S
          ? row(
              'service unavailable',
              'unavailable',
              'watch',
              `up only ${formatMs(e.stats.uptimeS * 1000)}: it restarted just now (a deploy, a crash, a restart loop?)`,
            )
          : row(
              'service unavailable',
              'unavailable',
              'ok',
              `GET / answers 200${e.stats.uptimeS !== null ? `, up ${formatMs(e.stats.uptimeS * 1000)}` : ''}`,
            ),
  );

  rows.push(
    !h
      ? row(
          'health degraded or critical',
          'health',
          'unknown',
          `no health body: ${e.health.error?.message ?? 'unreadable'}`,
        )
      : h.status === 'critical'
        ? row('health degraded or critical', 'health', 'suspect', `critical: ${h.causes.join('; ')}`)
        : h.status === 'degraded'
          ? row('health degraded or critical', 'health', 'watch', `degraded: ${h.causes.join('; ')}`)
          : h.shape === 'fallback'
            ? row(
                'health degraded or critical',
                'health',
                'watch',
                'only the basic health body: it checks neither the database nor OpenAI',
              )
            : row('health degraded or critical', 'health', 'ok', 'healthy'),
  );

  const openai = h?.services.find((s) => s.name === 'openai');
  rows.push(
    !openai
      ? row(
          '200 but failing (fallback plans)',
          'fallback',
          'unknown',
          'health does not report OpenAI here: run smoke, which reads the generate bodies',
        )
      : openai.status !== 'healthy'
        ? row(
            '200 but failing (fallback plans)',
            'fallback',
            'suspect',
            `OpenAI ${openai.status} (${openai.message}): generate calls answer HTTP 200 with fallback plans; smoke confirms`,
          )
        : row(
            '200 but failing (fallback plans)',
            'fallback',
            'ok',
            'OpenAI answers health; smoke reads the bodies to be sure',
          ),
  );

  const mem = e.metrics.memoryMb ?? h?.processMemoryMb ?? null;
  rows.push(
    mem === null
      ? row('memory climbing', 'memory', 'unknown', 'no memory figure (metrics and health unreadable)')
      : mem >= a.memoryMb
        ? row(
            'memory climbing',
            'memory',
            'suspect',
            `${formatMb(mem)}, over the ${formatMb(a.memoryMb)} alert (the plan has ${formatMb(config.service.plan.memoryMb)})`,
          )
        : mem >= a.memoryTargetMb
          ? row(
              'memory climbing',
              'memory',
              'watch',
              `${formatMb(mem)}, over the ${formatMb(a.memoryTargetMb)} target`,
            )
          : row('memory climbing', 'memory', 'ok', formatMb(mem)),
  );

  const m = e.metrics;
  const errPct = m.generateCalls ? ((m.generateErrors ?? 0) / m.generateCalls) * 100 : null;
  rows.push(
    m.error
      ? row('error rate', 'errors', 'unknown', `/metrics unreadable: ${m.error.message}`)
      : errPct === null
        ? row('error rate', 'errors', 'ok', 'no generate call counted since the process started')
        : errPct > a.errorRatePct
          ? row(
              'error rate',
              'errors',
              'suspect',
              `${formatPct(errPct)} of ${m.generateCalls} generate calls since start counted as errors (over ${formatPct(a.errorRatePct)}; 401 and 429 count as 500 there)`,
            )
          : row(
              'error rate',
              'errors',
              'ok',
              `${formatPct(errPct)} of ${m.generateCalls} generate calls since start`,
            ),
  );

  rows.push(
    m.generateMeanMs === null
      ? row(
          'slow responses',
          'slow',
          m.error ? 'unknown' : 'ok',
          m.error ? '/metrics unreadable' : 'no generate call timed since start',
        )
      : m.generateMeanMs > a.generateResponseTimeMs
        ? row(
            'slow responses',
            'slow',
            'suspect',
            `generate calls average ${formatMs(m.generateMeanMs)} since start (over ${formatMs(a.generateResponseTimeMs)})`,
          )
        : row(
            'slow responses',
            'slow',
            'ok',
            `generate calls average ${formatMs(m.generateMeanMs)} since start`,
          ),
  );

  const c = e.cost;
  const top = c.topUsers[0];
  const topText =
    top && c.todayUsd
      ? `; top user ${top.userId} ${formatUsd(top.usd)} (${formatPct((top.usd / c.todayUsd) * 100, 0)})`
      : '';
  rows.push(
    c.error
      ? row('cost overrun', 'cost', 'unknown', `rate-limits unreadable: ${c.error.message}`)
      : !c.tracked || c.todayUsd === null
        ? row(
            'cost overrun',
            'cost',
            'unknown',
            'cost is not tracked (the service tracks it only with Redis)',
          )
        : c.todayUsd > a.dailyCostUsd
          ? row(
              'cost overrun',
              'cost',
              'suspect',
              `${formatUsd(c.todayUsd)} today, over the ${formatUsd(a.dailyCostUsd)} alert${topText}`,
            )
          : row('cost overrun', 'cost', 'ok', `${formatUsd(c.todayUsd)} today${topText}`),
  );

  const at = Date.parse(e.at);
  const recent = e.deploys.filter(
    (d) => !d.initial && at - Date.parse(d.at) <= RECENT_DEPLOY_MS && !/fail|cancel/.test(d.status),
  );
  rows.push(
    recent.length
      ? row(
          'a bad release',
          'bad-release',
          'suspect',
          `${recent.length} deploy(s) in the last ${formatMs(RECENT_DEPLOY_MS)}, latest ${recent[0]!.at.slice(11, 19)} UTC: ${recent[0]!.what} (${recent[0]!.status}, ${recent[0]!.source}); if the trouble began with it, roll back`,
        )
      : row(
          'a bad release',
          'bad-release',
          'ok',
          e.deploys.length
            ? `latest deploy ${e.deploys[0]!.at.slice(0, 16).replace('T', ' ')} UTC`
            : 'no deploy recorded in the last day',
        ),
  );
  return rows.sort((x, y) => RANK[x.verdict] - RANK[y.verdict]);
}

/** 1 when a symptom is suspect, 3 when the target could not be reached at all, else 0. */
export function triageExitCode(e: Evidence, rows: readonly TriageRow[]): ExitCode {
  if (e.liveness.error && isUnreachable(e.liveness.error) && e.health.error && isUnreachable(e.health.error))
    return EXIT.UNREACHABLE;
  return rows.some((r) => r.verdict === 'suspect') ? EXIT.FAILED : EXIT.OK;
}

/** The triage as the terminal shows it. */
export function formatTriage(e: Evidence, rows: readonly TriageRow[]): string {
  const out = [
    `Quick assessment of ${e.baseUrl}${e.sandbox ? ' (the sandbox)' : ''} at ${e.at.slice(11, 19)} UTC, by symptom:`,
    '',
  ];
  out.push(
    renderTable(
      ['verdict', 'symptom', 'evidence'],
      rows.map((r) => [r.verdict.toUpperCase(), r.symptom, r.evidence]),
      110,
    ).replace(/^/gm, '  '),
  );
  const act = rows.filter((r) => r.verdict === 'suspect' || r.verdict === 'watch');
  out.push(
    '',
    act.length
      ? 'Where to go next:'
      : 'Nothing stands out. Still run smoke: health alone misses the 200-but-failing trap.',
  );
  for (const r of act) out.push(`  ${r.symptom}: ${r.section.title} — ${r.section.url}`);
  if (e.deploys.length) {
    out.push('', 'Recent deploys (newest first):');
    for (const d of e.deploys.slice(0, 6))
      out.push(
        `  ${d.at.slice(0, 19).replace('T', ' ')} UTC  ${d.source.padEnd(7)}  ${d.status.padEnd(18)}  ${d.what}`,
      );
  }
  for (const n of e.notes) out.push(`  note: ${n}`);
  return out.join('\n');
}
