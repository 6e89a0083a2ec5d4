/**
 * The health body (both shapes), the alert history the service keeps in memory, and the
 * monitoring stats. Health is always HTTP 200 with the verdict in the body, as in the
 * real service; the sandbox says it is a sandbox in system_info.environment.
 */
import { naiveIso, type Json } from './plans';

export type Status = 'healthy' | 'degraded' | 'critical';

export interface HealthInputs {
  now: number;
  uptimeSeconds: number;
  memoryBytes: number;
  cpuPercent: number;
  /** What the openai faults make of OpenAI, or undefined when it answers. */
  openai?: { status: 'critical' | 'degraded'; message: string } | undefined;
  thresholds: { memoryMb: number; memoryTargetMb: number; planMemoryMb: number };
}

interface Service {
  status: Status;
  response_time_ms: number;
  message: string;
  details: Json;
}

/** The full health body: overall_status, services, summary, system_info. */
export function fullHealth(i: HealthInputs): Json {
  const mb = Math.round((i.memoryBytes / 1024 / 1024) * 100) / 100;
  const t = i.thresholds;
  const memStatus: Status = mb >= t.memoryMb ? 'critical' : mb >= t.memoryTargetMb ? 'degraded' : 'healthy';
  const services: Record<string, Service> = {
    database: {
      status: 'healthy',
      response_time_ms: 0,
      message: 'Database checks disabled on Render (using Supabase REST API)',
      details: { mode: 'rest-api-only', environment: 'sandbox', timestamp: naiveIso(i.now) },
    },
    openai: i.openai
      ? {
          status: i.openai.status,
          response_time_ms: -1,
          message: i.openai.message,
          details: { api_key_configured: true },
        }
      : {
          status: 'healthy',
          response_time_ms: 412,
          message: 'OpenAI API accessible',
          details: { api_key_configured: true, models_available: 87 },
        },
    system: {
      status: memStatus,
      response_time_ms: 1000,
      message:
        memStatus === 'critical'
          ? `Critical memory usage: ${mb} MB`
          : memStatus === 'degraded'
            ? `High memory usage: ${mb} MB`
            : 'System resources normal',
      details: {
        process_memory_mb: mb,
        process_memory_percent: Math.round((mb / t.planMemoryMb) * 10000) / 100,
        process_cpu_percent: i.cpuPercent,
        system_memory_percent: Math.round((mb / t.planMemoryMb) * 1000) / 10,
        system_cpu_percent: i.cpuPercent,
        available_memory_mb: Math.max(0, Math.round((t.planMemoryMb - mb) * 100) / 100),
        disk_usage_percent: 23.0,
      },
    },
    agents: {
      status: 'healthy',
      response_time_ms: 0.04,
      message: 'All agents importable',
      details: {
        orchestrator: 'importable',
        memory: 'importable',
        insights: 'importable',
        adaptation: 'importable',
      },
    },
  };
  const entries = Object.entries(services);
  const critical = entries.filter(([, s]) => s.status === 'critical').map(([n, s]) => `${n}: ${s.message}`);
  const warnings = entries.filter(([, s]) => s.status === 'degraded').map(([n, s]) => `${n}: ${s.message}`);
  return {
    overall_status: critical.length ? 'critical' : warnings.length ? 'degraded' : 'healthy',
    timestamp: naiveIso(i.now),
    services,
    summary: {
      critical_issues: critical,
      warnings,
      healthy_services: entries.filter(([, s]) => s.status === 'healthy').map(([n]) => n),
    },
    system_info: { environment: 'sandbox', version: '1.0.0', uptime_check: true },
  };
}

/** The shape the service returns when its full check throws: top-level `status`, not `overall_status`. */
export function fallbackHealth(i: HealthInputs): Json {
  const full = fullHealth(i);
  return {
    status: full.overall_status === 'healthy' ? 'healthy' : 'degraded',
    timestamp: naiveIso(i.now),
    uptime_seconds: Math.round(i.uptimeSeconds * 100) / 100,
    version: '2.0.0',
    environment: 'sandbox',
    monitoring: 'basic',
    services: {
      api_gateway: 'operational',
      memory_agent: 'operational',
      insights_agent: 'operational',
      adaptation_agent: 'operational',
    },
  };
}

export interface Alert {
  severity: 'info' | 'warning' | 'error' | 'critical';
  title: string;
  service: string;
  timestamp: string;
  at: number;
  details: Json;
}

/** The service's cooldowns per severity, minutes. */
const COOLDOWN_MIN: Record<Alert['severity'], number> = { critical: 5, error: 10, warning: 15, info: 30 };

/** In-memory alert history with the service's cooldowns (lost on restart, as in the real one). */
export class AlertLog {
  private readonly alerts: Alert[] = [];
  private readonly lastSent = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  add(severity: Alert['severity'], title: string, service: string, details: Json): void {
    const key = `${severity}:${title}`;
    const t = this.now();
    const last = this.lastSent.get(key);
    if (last !== undefined && t - last < COOLDOWN_MIN[severity] * 60_000) return;
    this.lastSent.set(key, t);
    this.alerts.push({ severity, title, service, timestamp: naiveIso(t), at: t, details });
    if (this.alerts.length > 500) this.alerts.shift();
  }

  /** Records what a full health body says, as the service's monitor does. */
  fromHealth(h: Json): void {
    const s = h.summary as { critical_issues: string[]; warnings: string[]; healthy_services: string[] };
    if (h.overall_status === 'critical')
      this.add('critical', 'Critical System Issues Detected', 'system', {
        critical_issues: s.critical_issues,
        healthy_services: s.healthy_services,
      });
    else if (h.overall_status === 'degraded')
      this.add('warning', 'System Performance Degraded', 'system', {
        warnings: s.warnings,
        healthy_services: s.healthy_services,
        degraded_services: s.warnings.length,
      });
  }

  history(hours: number): Json {
    const since = this.now() - hours * 3_600_000;
    const alerts = this.alerts.filter((a) => a.at >= since).map(({ at: _at, ...a }) => a);
    return { alerts, total_count: alerts.length, period_hours: hours };
  }

  summary(hours = 24): Json {
    const since = this.now() - hours * 3_600_000;
    const recent = this.alerts.filter((a) => a.at >= since);
    const bySeverity: Record<string, number> = { info: 0, warning: 0, error: 0, critical: 0 };
    const byService: Record<string, number> = {};
    for (const a of recent) {
      bySeverity[a.severity] = (bySeverity[a.severity] ?? 0) + 1;
      byService[a.service] = (byService[a.service] ?? 0) + 1;
    }
    const t = this.now();
    let cooling = 0;
    for (const [key, last] of this.lastSent)
      if (t - last < COOLDOWN_MIN[key.split(':')[0] as Alert['severity']] * 60_000) cooling++;
    return {
      total_alerts: recent.length,
      by_severity: bySeverity,
      by_service: byService,
      active_cooldowns: cooling,
      period_hours: hours,
    };
  }
}
