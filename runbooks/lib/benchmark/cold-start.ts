/**
 * Cold start. Local: start the service (the sandbox, or --start-command) and time process
 * start → first answer → first healthy health body. Remote: after an idle period, time the
 * first answer and the first healthy body (Render's starter plan does not sleep, but a
 * fresh deploy or a restarted instance shows here). The spawned process is returned
 * running: the rest of the benchmark measures it, then stops it.
 */
import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { RequestFn } from '../http/client';
import { parseJsonBody } from '../http/json';
import { readHealth } from '../checks/response-rules';
import type { ColdStart } from '../report/benchmark';
import { formatDuration, formatMs } from '../units';

/** A free port on 127.0.0.1 (bound and released; the service binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Spawned {
  child: ChildProcess;
  /** Last lines the process wrote (for error messages; the caller redacts). */
  tail(): string;
  exited(): boolean;
  /** SIGTERM to its process group, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `argv` in its own process group, capturing the tail of its output. */
export function spawnService(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  spawnFn: typeof nodeSpawn = nodeSpawn,
): Spawned {
  const child = spawnFn(argv[0]!, argv.slice(1), {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buf = '';
  const keep = (d: Buffer) => void (buf = (buf + d.toString('utf8')).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let done = false;
  const exit = new Promise<void>((r) => child.once('exit', () => ((done = true), r())));
  child.once('error', () => (done = true));
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, sig);
    } catch {
      child.kill(sig);
    }
  };
  return {
    child,
    tail: () => buf.split('\n').slice(-8).join('\n'),
    exited: () => done,
    async stop(graceMs = 6_000) {
      if (done) return;
      signal('SIGTERM');
      const t = setTimeout(() => signal('SIGKILL'), graceMs);
      await exit;
      clearTimeout(t);
    },
  };
}

export interface ProbeOptions {
  baseUrl: string;
  request: RequestFn;
  timeoutMs: number;
  pollMs: number;
  healthTimeoutMs: number;
  now?: () => number;
  signal?: AbortSignal;
  /** Stops waiting when the process is gone. */
  gone?: () => boolean;
}

/** Polls `/` until anything answers, then `/api/health` until healthy; times from `t0`. */
export async function timeToHealthy(
  t0: number,
  o: ProbeOptions,
): Promise<{
  firstResponseMs: number | null;
  firstHealthyMs: number | null;
  lastHealthStatus: string | null;
}> {
  const now = o.now ?? Date.now;
  const deadline = t0 + o.timeoutMs;
  let firstResponseMs: number | null = null;
  let lastHealthStatus: string | null = null;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // Bounded: the deadline, and at most timeoutMs / pollMs attempts of each kind.
  for (let i = 0; firstResponseMs === null && now() < deadline && i < o.timeoutMs / o.pollMs + 1; i++) {
    if (o.signal?.aborted || o.gone?.()) return { firstResponseMs, firstHealthyMs: null, lastHealthStatus };
    try {
      await o.request({
        url: `${o.baseUrl}/`,
        timeoutMs: Math.min(2_000, o.timeoutMs),
        ...(o.signal ? { signal: o.signal } : {}),
      });
      firstResponseMs = now() - t0;
    } catch {
      await sleep(o.pollMs);
    }
  }
  for (let i = 0; firstResponseMs !== null && now() < deadline && i < o.timeoutMs / o.pollMs + 1; i++) {
    if (o.signal?.aborted || o.gone?.()) break;
    try {
      const res = await o.request({
        url: `${o.baseUrl}/api/health`,
        timeoutMs: o.healthTimeoutMs,
        ...(o.signal ? { signal: o.signal } : {}),
      });
      const b = parseJsonBody(res);
      const h = res.status === 200 && b.ok ? readHealth(b.value) : undefined;
      lastHealthStatus = h?.status ?? `HTTP ${res.status}`;
      if (h?.status === 'healthy') return { firstResponseMs, firstHealthyMs: now() - t0, lastHealthStatus };
    } catch {
      lastHealthStatus = 'no answer';
    }
    await sleep(o.pollMs);
  }
  return { firstResponseMs, firstHealthyMs: null, lastHealthStatus };
}

/** Cold start of a process started at `t0` (the moment of spawn). */
export async function spawnColdStart(command: string, t0: number, o: ProbeOptions): Promise<ColdStart> {
  const r = await timeToHealthy(t0, o);
  return { mode: 'spawn', command, ...r, timeoutMs: o.timeoutMs };
}

/** A deploy record: Render's deploy object ({createdAt, finishedAt}) or {startedAt, healthyAt}. */
export function deployDuration(record: unknown): number | null {
  if (!record || typeof record !== 'object') return null;
  const r = record as Record<string, unknown>;
  const start = Date.parse(String(r.startedAt ?? r.createdAt ?? ''));
  const end = Date.parse(String(r.healthyAt ?? r.finishedAt ?? ''));
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? end - start : null;
}

/** Slack between our clock and the service's uptime counter (its start, its rounding, the request's own time). */
export const UPTIME_SLACK_MS = 2_000;

/**
 * Whether a remote first answer was a cold start. The service's uptime decides when it
 * reports one: started after the measurement began (a restart or deploy during the idle
 * wait) is cold; up since before it is warm, however long the idle. Without an uptime, an
 * idle of 0 is warm by construction (the previous request may have been a moment ago) and
 * any other idle is unknown. Only `cold` is judged.
 */
export function judgeRemoteColdStart(x: {
  idleMs: number;
  /** The service's uptime when read, seconds; null when it reports none. */
  uptimeS: number | null;
  /** From the start of the idle wait to that read, ms. */
  sinceMs: number;
}): { observed: 'cold' | 'warm' | 'unknown'; evidence: string } {
  const idle = x.idleMs > 0 ? `after ${formatDuration(x.idleMs)} idle` : 'with no idle period (--idle 0)';
  if (x.uptimeS !== null) {
    const up = formatMs(Math.round(x.uptimeS * 1000));
    return x.uptimeS * 1000 <= x.sinceMs + UPTIME_SLACK_MS
      ? {
          observed: 'cold',
          evidence: `the service had been up ${up} when it was read: it started during the measurement (${idle}), so its first answer was a cold start`,
        }
      : {
          observed: 'warm',
          evidence: `the service had been up ${up} when it was read, since before the measurement began (${idle}): a warm first request, not a cold start`,
        };
  }
  return x.idleMs > 0
    ? {
        observed: 'unknown',
        evidence: `${idle}, and the target reports no uptime, so whether it had gone cold is not known`,
      }
    : {
        observed: 'warm',
        evidence: `${idle} and no restart seen: a warm first request, not a cold start`,
      };
}

/** The service's own uptime in seconds (monitoring stats, or the basic health body), null when it reports none. */
export async function readUptimeS(o: ProbeOptions): Promise<number | null> {
  for (const path of ['/api/monitoring/stats', '/api/health']) {
    try {
      const res = await o.request({
        url: `${o.baseUrl}${path}`,
        timeoutMs: o.healthTimeoutMs,
        ...(o.signal ? { signal: o.signal } : {}),
      });
      const b = parseJsonBody(res);
      if (res.status !== 200 || !b.ok || !b.value || typeof b.value !== 'object') continue;
      const v = b.value as Record<string, unknown>;
      const sub = (k: string) => (v[k] && typeof v[k] === 'object' ? (v[k] as Record<string, unknown>) : {});
      const up = sub('metrics').uptime_seconds ?? sub('system_info').uptime_seconds ?? v.uptime_seconds;
      if (typeof up === 'number' && Number.isFinite(up) && up >= 0) return up;
    } catch {
      // Best effort: an uptime the target does not give leaves the answer "unknown".
    }
  }
  return null;
}

/** Remote: wait `idleMs` with no traffic, then time the first answers, and read whether they were cold. */
export async function remoteColdStart(
  idleMs: number,
  deploy: { ms: number | null; source: string | null },
  o: ProbeOptions,
): Promise<ColdStart> {
  const began = (o.now ?? Date.now)();
  if (idleMs > 0)
    await new Promise<void>((r) => {
      const t = setTimeout(r, idleMs);
      o.signal?.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
    });
  const t0 = (o.now ?? Date.now)();
  const r = await timeToHealthy(t0, o);
  const uptimeS = r.firstResponseMs === null || o.signal?.aborted ? null : await readUptimeS(o);
  const judged = judgeRemoteColdStart({ idleMs, uptimeS, sinceMs: (o.now ?? Date.now)() - began });
  return {
    mode: 'remote',
    idleMs,
    ...r,
    deployToHealthyMs: deploy.ms,
    deploySource: deploy.source,
    timeoutMs: o.timeoutMs,
    ...(r.firstResponseMs === null ? {} : judged),
    uptimeS,
  };
}
