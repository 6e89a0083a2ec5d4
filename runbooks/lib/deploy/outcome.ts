/**
 * How a deploy run ends: the stop that ends it early (an outcome, a step, a reason), the
 * exit code of each outcome, and the ledger record the staging-first rule and the incident
 * timeline read back.
 */
import { exitCodeFor, type ErrorCode } from '../errors';
import { EXIT, type ExitCode } from '../errors/exit-codes';
import { formatDuration } from '../units';
import type { Deploy, DeployOutcome, DeployResult, StepId } from './types';
import type { FollowResult } from './follow';

/** Stops the run at a step: the outcome and why. */
export class Stop extends Error {
  constructor(
    readonly outcome: DeployOutcome,
    readonly step: StepId,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** 0 when deployed (or only triggered), 130 interrupted, an error's own code, else 1. */
export function outcomeExitCode(outcome: DeployOutcome, error: DeployResult['error']): ExitCode {
  if (outcome === 'deployed' || outcome === 'triggered') return EXIT.OK;
  if (outcome === 'interrupted') return EXIT.INTERRUPTED;
  if (outcome === 'errored' && error) return exitCodeFor(error.code as ErrorCode);
  return EXIT.FAILED;
}

/** The `deploy` ledger record of a finished run (the caller adds kind, run id, env and operator). */
export function deployRecord(r: DeployResult): Record<string, unknown> {
  const { plan } = r;
  return {
    provider: plan.provider,
    commit: r.deploy?.commit.id ?? plan.commit ?? null,
    release: plan.release ?? null,
    outcome: r.outcome,
    failedStep: r.failedStep,
    reason: r.reason,
    deployId: r.deploy?.id ?? null,
    previousLive: r.previousLive?.id ?? null,
    verified: r.verified,
    watched: r.watched,
    watchMs: r.watched ? plan.watchMs : 0,
    rollback: r.rollback,
    skipped: {
      checklist: plan.checklist === null,
      stagingCheck: plan.staging.required && plan.staging.skipped,
      autoRollback: !plan.autoRollback,
    },
    // Which proof allowed a production deploy: this machine's ledger, or Render's record of staging.
    ...(plan.staging.required && !plan.staging.skipped ? { stagingProof: plan.staging.proof } : {}),
    steps: r.steps.map((s) => ({ step: s.step, verdict: s.verdict, durationMs: s.durationMs })),
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

/** Why a followed deploy is not live, and what keeps serving. */
export function notLive(f: FollowResult, prev: Deploy | null): string {
  const keeps = prev ? `; ${prev.id} keeps serving` : '';
  switch (f.end) {
    case 'failed':
      return `deploy ${f.deploy.id} ended ${f.deploy.status}${keeps}`;
    case 'superseded':
      return `deploy ${f.deploy.id} was superseded by a newer deploy before this run saw it live`;
    case 'timed-out':
      return `deploy ${f.deploy.id} was still ${f.deploy.status} at its ${formatDuration(f.deadlineMs)} deadline (checked at ${formatDuration(f.elapsedMs)}) and was canceled${keeps}`;
    default:
      return `deploy ${f.deploy.id} is ${f.deploy.status}`;
  }
}
