/**
 * Accounting: what the sandbox has served and what it would have cost. Costs use the
 * service's own flat per-call estimates (config.costModel.perCall, the same numbers
 * GET /api/admin/rate-limits reports as endpoint_costs). A call is charged when the model
 * answered it — a 200 that is not a fallback — because OpenAI bills only calls it served.
 * Memory is the instance's modelled memory (memory.ts), reported here for the snapshot.
 */
export type GenerateKind = 'routine' | 'nutrition' | 'behavior' | 'insights';

/** The cost-model key of each generate endpoint (also the Prometheus `endpoint` label). */
export const COST_KEY: Record<GenerateKind, string> = {
  routine: 'routine_generation',
  nutrition: 'nutrition_generation',
  behavior: 'behavior_analysis',
  insights: 'insights_generation',
};

/** Flat token estimates per charged call (the service keeps no token table; these are for reports only). */
export const TOKENS_PER_CALL: Record<GenerateKind, number> = {
  routine: 14_000,
  nutrition: 6_000,
  behavior: 9_000,
  insights: 3_000,
};

export interface EndpointTotals {
  /** Calls that reached the handler (validation, auth and duplicate checks passed). */
  calls: number;
  /** Calls the model answered (HTTP 200, not a fallback): the billable ones. */
  charged: number;
  errors: number;
  tokens: number;
  costUsd: number;
}

export class Accounting {
  startedAt: number;
  totalRequests = 0;
  totalErrors = 0;
  readonly byEndpoint = new Map<GenerateKind, EndpointTotals>();
  readonly costByUser = new Map<string, number>();

  constructor(
    private readonly perCall: Record<string, number>,
    private readonly now: () => number = Date.now,
    private readonly memoryBytes: () => number = () => 0,
  ) {
    this.startedAt = now();
  }

  private totals(kind: GenerateKind): EndpointTotals {
    let t = this.byEndpoint.get(kind);
    if (!t) this.byEndpoint.set(kind, (t = { calls: 0, charged: 0, errors: 0, tokens: 0, costUsd: 0 }));
    return t;
  }

  /** Any request served (the monitoring stats' total_requests / total_errors). */
  request(isError: boolean): void {
    this.totalRequests++;
    if (isError) this.totalErrors++;
  }

  /** A generate call that reached the handler, with how it ended. */
  call(kind: GenerateKind, userId: string, outcome: 'charged' | 'uncharged' | 'error'): void {
    const t = this.totals(kind);
    t.calls++;
    if (outcome === 'error') t.errors++;
    if (outcome !== 'charged') return;
    const cost = this.perCall[COST_KEY[kind]] ?? 0;
    t.charged++;
    t.tokens += TOKENS_PER_CALL[kind];
    t.costUsd += cost;
    this.costByUser.set(userId, (this.costByUser.get(userId) ?? 0) + cost);
  }

  totalCostUsd(): number {
    let s = 0;
    for (const t of this.byEndpoint.values()) s += t.costUsd;
    return s;
  }

  totalTokens(): number {
    let s = 0;
    for (const t of this.byEndpoint.values()) s += t.tokens;
    return s;
  }

  /**
   * A restart of the service at `at`: uptime and request counts start again. What was
   * billed stays billed: the real service keeps cost in Redis, and the sandbox's ledger of
   * calls is durable.
   */
  restart(at = this.now()): void {
    this.startedAt = at;
    this.totalRequests = 0;
    this.totalErrors = 0;
  }

  uptimeSeconds(): number {
    return (this.now() - this.startedAt) / 1000;
  }

  /** The JSON of GET /__sandbox/accounting: totals per endpoint, for the cost validation tool. */
  snapshot(): Record<string, unknown> {
    const endpoints: Record<string, EndpointTotals> = {};
    for (const [k, t] of this.byEndpoint) endpoints[COST_KEY[k]] = { ...t, costUsd: round(t.costUsd) };
    return {
      rule: 'a call is charged when the model answered it (HTTP 200, not a fallback); cost per call from config.costModel.perCall',
      uptime_seconds: round(this.uptimeSeconds()),
      total_requests: this.totalRequests,
      total_errors: this.totalErrors,
      total_cost_usd: round(this.totalCostUsd()),
      total_tokens: this.totalTokens(),
      users_with_usage: this.costByUser.size,
      endpoints,
      cost_per_call: { ...this.perCall },
      memory_bytes: this.memoryBytes(),
    };
  }
}

/** Six decimals: sums of cents must not print as 0.060000000000000005. */
export const round = (n: number, d = 6) => Math.round(n * 10 ** d) / 10 ** d;
