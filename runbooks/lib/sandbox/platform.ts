/**
 * The sandbox as Render sees it: an instance with an id, a memory limit and a life (OOM
 * kills, crashes, restarts, suspension, scaling), and the platform's record of it — service
 * events, logs, metrics (platform-log.ts, platform-series.ts). SandboxState drives it: it
 * says when the instance restarted and why, and calls `tick` to advance the clock (a
 * restart's server_available, a sample every 5 modelled seconds). Ids come from the port
 * (../platform/sandbox-target.ts), known once the sandbox listens.
 */
import type { Config } from '../config/schema';
import { SANDBOX_ADMIN_USER, sandboxOwnerId, sandboxServiceId } from '../platform/sandbox-target';
import { EventLog, LogStore, newInstanceSuffix } from './platform-log';
import { SAMPLE_EVERY_MODELLED_MS, SeriesStore } from './platform-series';

/** Why an instance ended: an OOM kill, the crash-loop fault's crash, a restart someone asked for, a deploy, a resume. */
export type InstanceEnd = 'oom' | 'crash-loop' | 'admin' | 'deploy' | 'resume';

/** What the model reads of the instance (SandboxState provides it). */
export interface PlatformHost {
  now(): number;
  readonly timeScale: number;
  memoryMb(): number;
  cpuCores(): number;
}

export class PlatformModel {
  readonly events = new EventLog();
  readonly logs = new LogStore();
  readonly series: SeriesStore;
  /** The current instance's 5-character suffix. */
  instance = newInstanceSuffix();
  suspended = false;
  numInstances = 1;
  /** The port it listens on (the ids derive from it); 0 until it listens. */
  port = 0;
  readonly createdAt: number;
  /** A restart's end not yet recorded: when, and whether Render would record server_available. */
  private starting: { at: number; event: boolean } | undefined;
  private lastSampleAt = -Infinity;

  constructor(
    private readonly h: PlatformHost,
    private readonly config: Config,
  ) {
    this.createdAt = h.now();
    this.series = new SeriesStore(this.createdAt);
    this.app('info', 'Application startup complete.', this.createdAt);
  }

  get serviceId(): string {
    return sandboxServiceId(this.port);
  }

  get ownerId(): string {
    return sandboxOwnerId(this.port);
  }

  /** srv-…-xxxxx for a suffix (default: the current instance's). */
  instanceId(suffix = this.instance): string {
    return `${this.serviceId}-${suffix}`;
  }

  /** An app log line of the current instance. */
  app(level: 'info' | 'warning' | 'error', message: string, at = this.h.now()): void {
    this.logs.add({ type: 'app', level, message, instance: this.instance }, at);
  }

  /** The instance ended at `at` and a new one starts, serving from `until`; Render's events for how it ended. */
  restarted(end: InstanceEnd, at: number, until: number, by?: string): void {
    const old = this.instance;
    const limitMb = this.config.service.plan.memoryMb;
    if (end === 'oom') {
      // The peak that killed it, so the memory series shows it.
      this.series.sample({
        at,
        instance: old,
        mb: limitMb,
        cores: this.h.cpuCores(),
        instances: this.numInstances,
      });
      this.events.add(
        'server_failed',
        {
          instanceID: this.instanceId(old),
          reason: { evicted: false, oomKilled: { memoryLimit: `${limitMb}Mi` } },
        },
        at,
      );
    }
    if (end === 'crash-loop') {
      this.app('error', 'Process exited with status 1 (the crash-loop fault)', at);
      this.events.add(
        'server_failed',
        { instanceID: this.instanceId(old), reason: { evicted: false, nonZeroExit: 1 } },
        at,
      );
    }
    this.instance = newInstanceSuffix();
    if (end === 'oom' || end === 'crash-loop' || end === 'admin')
      this.events.add(
        'server_restarted',
        { triggeredByUser: end === 'admin' ? (by ?? SANDBOX_ADMIN_USER) : null },
        at,
      );
    this.starting = { at: until, event: end !== 'deploy' };
  }

  suspend(at: number): void {
    this.suspended = true;
    this.starting = undefined;
    this.app('info', 'Shutting down (the service was suspended)', at);
    this.events.add('service_suspended', {}, at);
  }

  /** Called before the restart that starts the resumed instance. */
  resume(at: number): void {
    this.suspended = false;
    this.events.add('service_resumed', {}, at);
  }

  scale(to: number, at: number): void {
    this.events.add('instance_count_changed', { fromInstances: this.numInstances, toInstances: to }, at);
    this.numInstances = to;
  }

  deployStarted(d: { id: string; trigger: string; rollbackTo?: string | undefined }, at: number): void {
    this.events.add(
      'deploy_started',
      {
        deployId: d.id,
        trigger: {
          firstBuild: d.trigger === 'initial',
          envUpdated: false,
          manual: d.trigger === 'api',
          deployedByRender: false,
          clearCache: false,
          rollback: d.trigger === 'rollback',
          ...(d.rollbackTo ? { rollbackTargetDeployId: d.rollbackTo } : {}),
        },
      },
      at,
    );
  }

  /** A deploy ended: live (succeeded), build_failed (failed), or canceled by a newer one. */
  deployEnded(id: string, status: 'live' | 'build_failed' | 'canceled', at: number, newer?: string): void {
    const deployStatus = status === 'live' ? 'succeeded' : status === 'canceled' ? 'canceled' : 'failed';
    this.events.add(
      'deploy_ended',
      {
        deployId: id,
        deployStatus,
        // Deprecated by Render, still sent.
        status: deployStatus === 'succeeded' ? 2 : deployStatus === 'failed' ? 3 : 4,
        reason:
          status === 'build_failed'
            ? { buildFailed: { id } }
            : status === 'canceled' && newer
              ? { newDeploy: { id: newer } }
              : {},
      },
      at,
    );
  }

  /** One request as the edge saw it: the series and a request log line. */
  edge(r: { at: number; status: number; ms: number; method: string; path: string; host: string }): void {
    this.series.request({ at: r.at, status: r.status, ms: r.ms, host: r.host });
    this.logs.add(
      {
        type: 'request',
        instance: this.instance,
        request: { method: r.method, path: r.path, statusCode: r.status, host: r.host, ms: r.ms },
      },
      r.at,
    );
  }

  /** Advances to `t`: a restart that has ended is recorded, and a sample is taken when one is due. */
  tick(t: number): void {
    if (this.starting && t >= this.starting.at) {
      const { at, event } = this.starting;
      this.starting = undefined;
      if (event) this.events.add('server_available', {}, at);
      this.app('info', 'Application startup complete.', at);
    }
    if (t - this.lastSampleAt < SAMPLE_EVERY_MODELLED_MS / this.h.timeScale) return;
    this.lastSampleAt = t;
    this.series.sample(
      this.suspended
        ? { at: t, instances: 0 }
        : {
            at: t,
            instance: this.instance,
            mb: this.h.memoryMb(),
            cores: this.h.cpuCores(),
            instances: this.numInstances,
          },
    );
  }

  /** GET /services/{id}: Render's service object, the fields the spec requires. */
  serviceJson(url: string): Record<string, unknown> {
    const t = new Date(this.createdAt).toISOString();
    const slug = this.config.service.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    return {
      id: this.serviceId,
      name: `${slug}-sandbox`,
      ownerId: this.ownerId,
      type: 'web_service',
      suspended: this.suspended ? 'suspended' : 'not_suspended',
      suspenders: this.suspended ? ['user'] : [],
      autoDeploy: 'no',
      notifyOnFail: 'default',
      createdAt: t,
      updatedAt: new Date(this.h.now()).toISOString(),
      dashboardUrl: `${url}/__sandbox/faults`,
      slug,
      rootDir: '',
      serviceDetails: {
        plan: this.config.service.plan.renderPlan,
        numInstances: this.numInstances,
        url,
        region: 'oregon',
        runtime: 'python',
        env: 'python',
        buildPlan: 'starter',
        healthCheckPath: '/api/health',
        openPorts: [{ port: this.port, protocol: 'TCP' }],
        envSpecificDetails: {},
      },
    };
  }
}
