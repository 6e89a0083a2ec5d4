/**
 * The validation run: accounting snapshot, a bounded load run, snapshot again, and the
 * projection for the calls actually made set against the target's own delta.
 */
import type { Config } from '../config/schema';
import type { Target } from '../target/resolve';
import type { RequestFn } from '../http/client';
import { boundedLoad } from '../benchmark/load-run';
import { neverConnected } from '../load/stop';
import type { EngineEvent, LoadResult } from '../load/types';
import type { CostValidation } from '../report/cost';
import { accountingDelta, snapshotAccounting } from './accounting';
import { judgeValidation, usd } from './model';

export interface ValidationRunOptions {
  users: number;
  durationMs: number;
  graceMs: number;
  countKnownBroken: boolean;
  runId: string;
  signal: AbortSignal;
  onEvent?: (e: EngineEvent) => void;
}

/** Projection per endpoint for a finished run: calls made × per-call cost (counted steps only). */
export function endpointsOf(
  config: Config,
  result: Pick<LoadResult, 'steps'>,
  countKnownBroken: boolean,
): CostValidation['endpoints'] {
  const out: CostValidation['endpoints'] = [];
  for (const s of config.journey.steps) {
    if (!s.cost) continue;
    const r = result.steps.find((x) => x.id === s.id);
    const made = r?.requests ?? 0;
    const counted = !s.knownBroken || countKnownBroken;
    out.push({
      costKey: s.cost,
      step: s.id,
      callsMade: made,
      okCalls: r?.ok ?? 0,
      projectedUsd: counted ? usd(made * (config.costModel.perCall[s.cost] ?? 0)) : 0,
      accountedCalls: null,
      accountedUsd: null,
    });
  }
  return out;
}

/** Runs the load and the two snapshots; returns the judged validation and the load result. */
export async function runValidation(
  config: Config,
  target: Target,
  o: ValidationRunOptions,
  request: RequestFn,
): Promise<{ runId: string; startedAt: string; validation: CostValidation; result: LoadResult }> {
  const startedAt = new Date().toISOString();
  const t = config.timeouts.root;
  const before = await snapshotAccounting(request, target.baseUrl, { timeoutMs: t, signal: o.signal });
  const result = await boundedLoad(config, target, {
    users: o.users,
    durationMs: o.durationMs,
    graceMs: o.graceMs,
    runId: o.runId,
    signal: o.signal,
    ...(o.onEvent ? { onTick: o.onEvent } : {}),
  });
  const after = await snapshotAccounting(request, target.baseUrl, { timeoutMs: t });
  const d = accountingDelta(before, after);
  const endpoints = endpointsOf(config, result, o.countKnownBroken).map((e) =>
    d.sandbox
      ? {
          ...e,
          accountedCalls: d.sandbox[e.costKey]?.calls ?? 0,
          accountedUsd: d.sandbox[e.costKey]?.costUsd ?? 0,
        }
      : e,
  );
  const onSandbox = d.sandboxTotalUsd !== null;
  const validation = judgeValidation({
    source: onSandbox ? 'sandbox-accounting' : 'rate-limits',
    run: {
      runId: o.runId,
      users: o.users,
      durationMs: result.elapsedMs,
      requests: result.requests,
      journeysCompleted: result.journeys.completed,
    },
    endpoints,
    accountedUsd: onSandbox ? d.sandboxTotalUsd : d.rateLimitsUsd,
    redisAvailable: after.rateLimits?.redisAvailable ?? null,
    rateLimitsDeltaUsd: d.rateLimitsUsd,
    tolerancePct: config.costModel.validationTolerancePct,
  });
  return {
    runId: o.runId,
    startedAt,
    validation: { ...validation, unreachable: neverConnected(result) },
    result,
  };
}
