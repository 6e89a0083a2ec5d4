/**
 * The evidence rules, in one place: what may count for a verdict on an environment, and how
 * a row's verdict follows from its candidates. Sandbox evidence never counts for another
 * environment; evidence older than scorecard.evidenceMaxAgeDays, partial or invalid runs,
 * and runs on another environment count as not measured; a candidate that cannot decide the
 * promise (too few users, no validation run) is passed over, never read as kept.
 */
import type { Evidence, EvidenceSource, Figure, PromiseRow, PromiseVerdict } from '../report/scorecard';
import type { PublishedReport, ScorecardInputs } from './types';

const DAY_MS = 86_400_000;

/** Age in days (one decimal) of something measured at `at`, at the scorecard's time; null when unknown. */
export function ageDays(at: string | null, asOf: number): number | null {
  if (!at) return null;
  const t = Date.parse(at);
  if (!Number.isFinite(t)) return null;
  return Math.round(((asOf - t) / DAY_MS) * 10) / 10;
}

/** The facts about a piece of evidence the rules read. */
export interface EvidenceFacts {
  source: EvidenceSource;
  label: string;
  file: string | null;
  measuredAt: string | null;
  environment: string | null;
  sandbox: boolean;
  example?: boolean;
  /** A run cut short, or one whose generator was the bottleneck. */
  partial?: boolean;
  invalid?: boolean;
}

/** Why this evidence cannot count for the environment at the scorecard's time, or null when it counts. */
export function exclusion(
  e: EvidenceFacts,
  ctx: Pick<ScorecardInputs, 'environment' | 'asOf'> & { maxAgeDays: number },
): string | null {
  if (e.sandbox && ctx.environment !== 'local')
    return `measured against the sandbox, which says nothing about ${ctx.environment}`;
  if (e.environment !== null && e.environment !== ctx.environment)
    return `measured on ${e.environment}, not ${ctx.environment}`;
  if (e.partial) return 'a partial run (interrupted or cut short)';
  if (e.invalid) return 'an invalid run (the load generator was the bottleneck)';
  const age = ageDays(e.measuredAt, ctx.asOf);
  if (age === null) return 'its time is unknown';
  if (age < 0) return "measured after the scorecard's time";
  if (age > ctx.maxAgeDays)
    return `${age} days old, older than scorecard.evidenceMaxAgeDays (${ctx.maxAgeDays})`;
  return null;
}

/** The facts of a published report. */
export function reportFacts(p: PublishedReport, label: string): EvidenceFacts {
  const r = p.report;
  return {
    source: 'report',
    label,
    file: p.file,
    measuredAt: r.startedAt,
    environment: r.target.environment,
    sandbox: r.target.sandbox,
    example: p.example,
    partial: r.partial,
    invalid: r.invalid,
  };
}

/** What a candidate says about the promise: a verdict with its figure, or that it cannot decide it. */
export type Judgement =
  | { decides: true; verdict: Exclude<PromiseVerdict, 'not-measured'>; measured: Figure; reason: string }
  | { decides: false; why: string };

/** A piece of evidence and what it says. */
export interface Candidate {
  facts: EvidenceFacts;
  judge: () => Judgement;
}

export interface RowSpec {
  id: PromiseRow['id'];
  promise: string;
  target: PromiseRow['target'];
  /** Where this promise's evidence comes from, for "no evidence" reasons ("no published load, stress or benchmark report"). */
  none: string;
}

/** Turns facts into the schema's evidence entry. */
export function evidenceEntry(f: EvidenceFacts, asOf: number, excludedBecause: string | null): Evidence {
  return {
    source: f.source,
    label: f.label,
    file: f.file,
    measuredAt: f.measuredAt,
    ageDays: ageDays(f.measuredAt, asOf) === null ? null : Math.max(0, ageDays(f.measuredAt, asOf)!),
    environment: f.environment,
    sandbox: f.sandbox,
    example: Boolean(f.example),
    counted: excludedBecause === null,
    excludedBecause,
  };
}

const when = (iso: string | null) => (iso ? iso.slice(0, 10) : 'an unknown date');

/**
 * A row from its candidates, newest first: the newest candidate that counts and decides the
 * promise gives the verdict. With none, the row is not measured, says why, and shows what
 * the newest uncounted candidate measured, labelled as not counted.
 */
export function judgeRow(
  spec: RowSpec,
  candidates: readonly Candidate[],
  ctx: Pick<ScorecardInputs, 'environment' | 'asOf'> & { maxAgeDays: number },
): PromiseRow {
  const sorted = [...candidates].sort((a, b) =>
    (b.facts.measuredAt ?? '').localeCompare(a.facts.measuredAt ?? ''),
  );
  const seen: { c: Candidate; why: string }[] = [];
  for (const c of sorted) {
    const why = exclusion(c.facts, ctx);
    if (why !== null) {
      seen.push({ c, why });
      continue;
    }
    const j = c.judge();
    if (!j.decides) {
      seen.push({ c, why: j.why });
      continue;
    }
    return {
      ...spec,
      measured: j.measured,
      verdict: j.verdict,
      reason: j.reason,
      source: c.facts.source,
      evidence: [
        evidenceEntry(c.facts, ctx.asOf, null),
        ...seen.slice(0, 4).map((s) => evidenceEntry(s.c.facts, ctx.asOf, s.why)),
      ],
    };
  }
  const { none, ...row } = spec;
  if (!seen.length)
    return { ...row, measured: null, verdict: 'not-measured', reason: none, source: 'none', evidence: [] };
  const first = seen[0]!;
  const j = first.c.judge();
  const label = first.c.facts.sandbox ? 'sandbox, not counted' : 'not counted';
  return {
    ...row,
    measured: j.decides ? { ...j.measured, text: `${j.measured.text} (${label})` } : null,
    verdict: 'not-measured',
    reason: `Not measured: the newest evidence, ${first.c.facts.label} of ${when(first.c.facts.measuredAt)}, ${
      first.why
    }${seen.length > 1 ? `; ${seen.length - 1} older piece${seen.length > 2 ? 's' : ''} of evidence did not count either` : ''}.`,
    source: first.c.facts.source,
    evidence: seen.slice(0, 5).map((s) => evidenceEntry(s.c.facts, ctx.asOf, s.why)),
  };
}
