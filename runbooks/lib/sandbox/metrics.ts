/**
 * GET /metrics: the real service's Prometheus metric names and labels, on a private
 * prom-client Registry (never the global one, so several sandboxes in one test process
 * keep separate counts). As in the real service, holisticos_requests_total and the
 * duration histogram are fed only by the generate/analyze handlers, and any raised error
 * (401, 429 too) is counted as status "500". Unlike the real service, the OpenAI call and
 * cost counters are incremented, from the sandbox's accounting.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricsSources {
  memoryBytes(): number;
  cpuPercent(): number;
}

export class SandboxMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'method' | 'endpoint' | 'status'>;
  readonly duration: Histogram<'method' | 'endpoint'>;
  readonly errors: Counter<'endpoint' | 'error_type' | 'service'>;
  readonly healthStatus: Gauge<'service'>;
  readonly openaiCalls: Counter<'model' | 'endpoint'>;
  readonly openaiCost: Counter;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'holisticos_requests_total',
      help: 'Total HTTP requests',
      labelNames: ['method', 'endpoint', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'holisticos_request_duration_seconds',
      help: 'HTTP request duration in seconds',
      labelNames: ['method', 'endpoint'],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.errors = new Counter({
      name: 'holisticos_errors_total',
      help: 'Total errors',
      labelNames: ['endpoint', 'error_type', 'service'],
      registers,
    });
    new Gauge({
      name: 'holisticos_active_database_connections',
      help: 'Active database connections in pool',
      registers,
    });
    new Gauge({
      name: 'holisticos_idle_database_connections',
      help: 'Idle database connections in pool',
      registers,
    });
    this.openaiCalls = new Counter({
      name: 'holisticos_openai_calls_total',
      help: 'OpenAI API calls',
      labelNames: ['model', 'endpoint'],
      registers,
    });
    this.openaiCost = new Counter({
      name: 'holisticos_openai_cost_total',
      help: 'OpenAI API costs in USD',
      registers,
    });
    new Gauge({
      name: 'holisticos_memory_usage_bytes',
      help: 'Memory usage in bytes',
      registers,
      collect() {
        this.set(sources.memoryBytes());
      },
    });
    new Gauge({
      name: 'holisticos_cpu_usage_percent',
      help: 'CPU usage percentage',
      registers,
      collect() {
        this.set(sources.cpuPercent());
      },
    });
    this.healthStatus = new Gauge({
      name: 'holisticos_health_check_status',
      help: 'Health check status (1=healthy, 0=unhealthy)',
      labelNames: ['service'],
      registers,
    });
    // Counters the real service declares and scrapes empty.
    new Counter({ name: 'holisticos_analysis_total', help: 'Total behavior analyses performed', registers });
    new Counter({ name: 'holisticos_insights_generated_total', help: 'Total insights generated', registers });
  }

  /** One generate/analyze handler finished (modelled seconds, so a time-scaled run reads like the real one). */
  handled(endpoint: string, status: number, modelledSeconds: number): void {
    // The real middleware records raised HTTPExceptions (401, 429, 500) as "500".
    const recorded = status >= 400 ? '500' : String(status);
    this.requests.inc({ method: 'POST', endpoint, status: recorded });
    this.duration.observe({ method: 'POST', endpoint }, modelledSeconds);
    if (status >= 400) this.errors.inc({ endpoint, error_type: 'HTTPException', service: 'api' });
  }

  /** A call the model answered. */
  charged(endpoint: string, costUsd: number): void {
    this.openaiCalls.inc({ model: 'gpt-4o', endpoint });
    this.openaiCost.inc(costUsd);
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
