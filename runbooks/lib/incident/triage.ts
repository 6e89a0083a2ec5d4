/**
 * The quick assessment as a triage by symptom (pure): for each symptom of the playbook, a
 * verdict from the evidence and the page section that handles it. Suspects first.
 */
import type { Config } from '../config/schema';
import { EXIT, type ExitCode } from '../errors/exit-codes';
import { sectionRef, type SectionId, type SectionRef } from '../sections/index';
import { isUnreachable } from '../probes/common';
import { formatMb, formatMs, formatPct, formatUsd } from '../units';
import type { Evidence } from './evidence';
import { utcClock } from './briefing';
import { deploysToCount, judgeRelease } from './triage-release';
import {
  platformAvailability,
  platformErrors,
  platformMemory,
  type PlatformFinding,
} from './triage-platform';
import { formatPlatformEvidence } from './platform-format';

export type TriageVerdict = 'suspect' | 'watch' | 'known' | 'unknown' | 'ok';

/**
 * When a row's evidence is from, against the incident's start: a reading taken now, an
 * event during (or just before) the incident, counters since a process start that predates
 * it (so partly from before it), or an event before it. Fresher evidence ranks first.
 */
export type Recency = 'now' | 'during' | 'mixed' | 'before';

export interface TriageRow {
  symptom: string;
  verdict: TriageVerdict;
  evidence: string;
  section: SectionRef;
  recency: Recency;
}

/** What the assessment is for: when the incident began (null: no incident), and the flags that reach the same target. */
export interface TriageContext {
  beganAt: string | null;
  targetFlags: string;
}

const RANK: Record<TriageVerdict, number> = { suspect: 0, watch: 1, unknown: 2, known: 3, ok: 4 };
const FRESH: Record<Recency, number> = { now: 0, during: 1, mixed: 2, before: 3 };
/** An uptime this short means it restarted just now. */
const RECENT_RESTART_S = 300;

/** The triage rows for `e`, suspects first and, among equals, the freshest evidence first. */
export function triage(
  config: Config,
  e: Evidence,
  ctx: TriageContext = { beganAt: null, targetFlags: '' },
): TriageRow[] {
  const a = config.alerts;
  const url = config.handbook.url;
  const row = (
    symptom: string,
    id: SectionId,
    verdict: TriageVerdict,
    evidence: string,
    recency: Recency = 'now',
  ): TriageRow => ({ symptom, verdict, evidence, section: sectionRef(id, url), recency });
  const h = e.health.reading;
  const rows: TriageRow[] = [];
  const nowMs = Date.parse(e.at);
  const beganMs = ctx.beganAt ? Date.parse(ctx.beganAt) : null;
  const smoke = `npx zx runbooks/smoke.ts${ctx.targetFlags ? ` ${ctx.targetFlags}` : ''} --only routine,nutrition`;

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

  // Health's view of OpenAI only: the assessment sends no generate call, so it never claims
  // a plan was a fallback; smoke reads the bodies.
  const openai = h?.services.find((s) => s.name === 'openai');
  rows.push(
    !openai
      ? row(
          '200 but failing (fallback plans)',
          'fallback',
          'unknown',
          `health does not report OpenAI here, and the assessment sends no generate call: run smoke to see the plans: ${smoke}`,
        )
      : openai.status !== 'healthy'
        ? row(
            '200 but failing (fallback plans)',
            'fallback',
            'suspect',
            `health says OpenAI is ${openai.status} (${openai.message}), so generate calls are likely answering HTTP 200 with fallback plans; not checked here (no generate call sent): run smoke to confirm: ${smoke}`,
          )
        : row(
            '200 but failing (fallback plans)',
            'fallback',
            'ok',
            `health says OpenAI answers; only smoke reads the plans: ${smoke}`,
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

  // The service's counters run from its process start: when that predates the incident,
  // what they show is partly from before it, and a breach there is a lead, not a suspect.
  const startMs = e.stats.uptimeS !== null ? nowMs - e.stats.uptimeS * 1000 : null;
  const predates = beganMs !== null && startMs !== null && startMs < beganMs;
  const counted: Recency = predates ? 'mixed' : 'during';
  const since = predates
    ? ` since the process started at ${utcClock(new Date(startMs).toISOString(), nowMs)} UTC, ${formatMs(beganMs - startMs)} before the incident began: partly from before it, so a lead, not a suspect; the monitor shows the rate now`
    : ' since the process started';
  const breach = predates ? 'watch' : 'suspect';

  const m = e.metrics;
  const errPct = m.generateCalls ? ((m.generateErrors ?? 0) / m.generateCalls) * 100 : null;
  rows.push(
    m.error
      ? row('error rate', 'errors', 'unknown', `/metrics unreadable: ${m.error.message}`)
      : errPct === null
        ? row('error rate', 'errors', 'ok', 'no generate call counted since the process started', counted)
        : errPct > a.errorRatePct
          ? row(
              'error rate',
              'errors',
              breach,
              `${formatPct(errPct)} of ${m.generateCalls} generate calls counted as errors${since} (over ${formatPct(a.errorRatePct)}; 401 and 429 count as 500 there)`,
              counted,
            )
          : row(
              'error rate',
              'errors',
              'ok',
              `${formatPct(errPct)} of ${m.generateCalls} generate calls since the process started`,
              counted,
            ),
  );

  rows.push(
    m.generateMeanMs === null
      ? row(
          'slow responses',
          'slow',
          m.error ? 'unknown' : 'ok',
          m.error ? '/metrics unreadable' : 'no generate call timed since the process started',
          counted,
        )
      : m.generateMeanMs > a.generateResponseTimeMs
        ? row(
            'slow responses',
            'slow',
            breach,
            `generate calls average ${formatMs(m.generateMeanMs)}${since} (over ${formatMs(a.generateResponseTimeMs)})`,
            counted,
          )
        : row(
            'slow responses',
            'slow',
            'ok',
            `generate calls average ${formatMs(m.generateMeanMs)} since the process started`,
            counted,
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
            'cost is not tracked (the service tracks it only with Redis: rate-limits says redis_available false)',
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

  const rel = judgeRelease(e.deploys, nowMs, beganMs);
  rows.push(row('a bad release', 'bad-release', rel.verdict, rel.evidence, rel.recency));

  // What the release is known to break: named, so a 500 there is not taken for the incident.
  for (const s of config.journey.steps.filter((x) => x.knownBroken))
    rows.push(
      row(
        `${s.id} broken in this release (known)`,
        'errors',
        'known',
        `${s.method} ${s.path} fails on every call in the current release: a known defect, not this incident (the assessment does not call it)`,
      ),
    );
  // The platform's record beside the app's: the stronger verdict for a symptom, both evidences shown.
  const p = e.platform;
  if (p) {
    const merge = (symptom: string, f: PlatformFinding | null) => {
      const r = rows.find((x) => x.symptom === symptom);
      if (!r || !f) return;
      const app = r.verdict === 'unknown' ? Infinity : RANK[r.verdict];
      if (RANK[f.verdict] <= app) {
        r.evidence = r.verdict === 'unknown' ? f.evidence : `${f.evidence}; app: ${r.evidence}`;
        r.verdict = f.verdict;
        r.recency = f.recency;
      } else r.evidence = `${r.evidence}; ${f.evidence}`;
    };
    merge('memory climbing', platformMemory(config, p, nowMs, beganMs));
    merge('service unavailable', platformAvailability(p, nowMs, beganMs));
    merge('error rate', platformErrors(config, p));
  }
  return rows.sort((x, y) => RANK[x.verdict] - RANK[y.verdict] || FRESH[x.recency] - FRESH[y.recency]);
}

/** 1 when a symptom is suspect, 3 when the target could not be reached at all, else 0. */
export function triageExitCode(e: Evidence, rows: readonly TriageRow[]): ExitCode {
  if (e.liveness.error && isUnreachable(e.liveness.error) && e.health.error && isUnreachable(e.health.error))
    return EXIT.UNREACHABLE;
  return rows.some((r) => r.verdict === 'suspect') ? EXIT.FAILED : EXIT.OK;
}

/**
 * The assessment as the incident's timeline records it: the suspects, then what to watch;
 * "nothing stands out" only when the triage has neither (it said so beside a WATCH row).
 */
export function assessmentText(rows: readonly TriageRow[]): string {
  const of = (v: TriageVerdict) => rows.filter((r) => r.verdict === v).map((r) => r.symptom);
  const [suspects, watch] = [of('suspect'), of('watch')];
  const parts = [
    suspects.length ? `suspects: ${suspects.join(', ')}` : '',
    watch.length ? `to watch: ${watch.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'nothing stands out';
}

/** `text` wrapped at `width` columns (between words), each line after the first indented by `indent`. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join(`\n${indent}`);
}

/**
 * The triage as the terminal shows it: each symptom with its whole evidence (a table would
 * cut the command that evidence names) and, for what needs a look, its page section.
 */
export function formatTriage(e: Evidence, rows: readonly TriageRow[]): string {
  const out = [
    `Quick assessment of ${e.baseUrl}${e.sandbox ? ' (the sandbox)' : ''} at ${e.at.slice(11, 19)} UTC, by symptom:`,
  ];
  const pad = '           ';
  for (const r of rows) {
    out.push('', `  ${r.verdict.toUpperCase().padEnd(8)} ${r.symptom}`, `${pad}${wrap(r.evidence, 98, pad)}`);
    if (r.verdict === 'suspect' || r.verdict === 'watch')
      out.push(`${pad}→ ${r.section.title}: ${r.section.url}`);
  }
  if (!rows.some((r) => r.verdict === 'suspect' || r.verdict === 'watch'))
    out.push('', 'Nothing stands out. Still run smoke: health alone misses the 200-but-failing trap.');
  const deploys = deploysToCount(e.deploys);
  if (deploys.length) {
    out.push(
      '',
      `Recent deploys (newest first, from ${deploys[0]!.source === 'ledger' ? 'the ledger' : deploys[0]!.source}):`,
    );
    for (const d of deploys.slice(0, 6))
      out.push(
        `  ${d.at.slice(0, 19).replace('T', ' ')} UTC  ${d.source.padEnd(7)}  ${d.status.padEnd(18)}  ${d.what}`,
      );
  }
  for (const n of e.notes) out.push(`  note: ${n}`);
  if (e.platform) out.push(...formatPlatformEvidence(e.platform));
  return out.join('\n');
}
