/**
 * Breaking the sandbox as a scenario says, and putting it back: a fault switched on (its
 * parameter scaled to the sandbox's clock; with an end of its own when the scenario gives
 * one: the next restart through the platform, or a drawn time for an outside cause), or a
 * release deployed through the sandbox's deploy API (Render's flow); afterwards the drill's
 * faults go off, a release it left behind is rolled back and a suspended service resumed, so
 * the sandbox ends healthy whoever did what.
 */
import type { Config } from '../config/schema';
import { RunbookError } from '../errors';
import { abortableSleep, httpRequest } from '../http';
import { parsePrometheus, valueOf } from '../metrics';
import { limitsOf, platformForSandbox } from '../platform/index';
import type { FaultEndRequest, FaultsView, LocalDeploy, SandboxClient } from '../sandbox-client/index';
import type { Scenario } from './scenarios';

export interface Injected {
  /** What was switched on, as labels (`memory-leak:100`, `release broken-routine`). */
  labels: string[];
  /** Faults the drill switched on (switched off again at the end). */
  switched: string[];
  /** The deploy the drill made, and the one that was live before it. */
  deployId: string | undefined;
  previousDeployId: string | undefined;
  previousRelease: string;
  /** An outside cause: when it ends by itself (wall ms). */
  passesAt: number | undefined;
}

/** A seeded draw in [0, 1) (mulberry32's first output), so a drill's outside cause ends at a reproducible time. */
export function seededFraction(seed: number): number {
  let t = (seed + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** When an outside cause passes, modelled ms after the alert: drawn from `seed` within its window. */
export function passesAfterMs(window: readonly [number, number], seed: number): number {
  return Math.round(window[0] + seededFraction(seed) * (window[1] - window[0]));
}

const sleep = (ms: number, signal?: AbortSignal) => abortableSleep(ms, signal).catch(() => undefined);

/** Waits (bounded) until `id` is live; throws when it fails. */
async function untilLive(client: SandboxClient, id: string, timeoutMs: number): Promise<LocalDeploy> {
  const end = Date.now() + timeoutMs;
  for (let i = 0; Date.now() < end && i < 1_000; i++) {
    const d = await client.deploy(id).catch(() => undefined);
    if (d?.status === 'live') return d;
    if (d && /failed|canceled|deactivated/.test(d.status))
      throw new RunbookError('RB_CHECK_FAILED', `The drill's deploy ${id} ended ${d.status}.`, {
        hint: 'Another deploy may have overridden it; run the drill again.',
      });
    await sleep(100);
  }
  throw new RunbookError(
    'RB_TIMEOUT',
    `The drill's deploy ${id} was not live within ${Math.round(timeoutMs / 1000)} s.`,
  );
}

const deployWaitMs = (config: Config, timeScale: number) =>
  (config.sandbox.deployBuildS * 1000 * 4) / timeScale + 15_000;

/** The leak before anyone saw it: fast growth until memory is over the alert's threshold (bounded in time and count). */
async function leakUnseen(client: SandboxClient, config: Config, signal: AbortSignal): Promise<void> {
  await client.setFaults([`memory-leak:${UNSEEN_LEAK_MB_PER_S}`], [], { 'memory-leak': { onRestart: true } });
  const need = config.alerts.memoryTargetMb - config.sandbox.memory.startMb;
  const end = Date.now() + (Math.max(0, need) / UNSEEN_LEAK_MB_PER_S) * 1000 + 10_000;
  for (let i = 0; Date.now() < end && i < 2_000 && !signal.aborted; i++) {
    if (((await memoryMb(client.url)) ?? 0) >= config.alerts.memoryTargetMb) return;
    await sleep(20, signal);
  }
}

/** Memory the sandbox reports on /metrics, MB (undefined when unreadable). */
async function memoryMb(url: string): Promise<number | undefined> {
  try {
    const res = await httpRequest({ url: `${url}/metrics`, timeoutMs: 5_000 });
    const b = valueOf(parsePrometheus(res.text), 'holisticos_memory_usage_bytes');
    return b === undefined ? undefined : b / 1024 / 1024;
  } catch {
    return undefined;
  }
}

/** Growth, MB per wall second, that brings a fresh instance to the alert's threshold quickly (a leak that grew unseen). */
const UNSEEN_LEAK_MB_PER_S = 100;

/**
 * Breaks the sandbox. A leak grows unseen to the threshold the alert names (bounded), then
 * at the scenario's rate, so the alert comes first and the OOM kill follows if nobody acts.
 * An outside cause is set to end by itself at a time drawn from `seed`.
 */
export async function breakSandbox(
  client: SandboxClient,
  s: Scenario,
  before: FaultsView,
  config: Config,
  signal: AbortSignal,
  seed: number,
): Promise<Injected> {
  const scale = before.timeScale ?? 1;
  const live = (await client.deploys()).find((d) => d.status === 'live');
  const out: Injected = {
    labels: [],
    switched: [],
    deployId: undefined,
    previousDeployId: live?.id,
    previousRelease: before.release,
    passesAt: undefined,
  };
  const inj = s.inject;
  const fault =
    inj.kind === 'fault'
      ? { name: inj.fault, param: inj.param(scale, config) }
      : inj.fault
        ? { name: inj.fault.name, param: inj.fault.param(scale) }
        : undefined;
  if (inj.kind === 'deploy') {
    const release = inj.release ?? before.release;
    const d = await client.trigger(release, `drill-${s.id}`);
    out.deployId = d.id;
    out.labels.push(`deploy of release ${release}`);
    await untilLive(client, d.id, deployWaitMs(config, scale));
  }
  if (fault) {
    const label = fault.param === undefined ? fault.name : `${fault.name}:${fault.param}`;
    const ends = inj.kind === 'fault' ? inj.ends : undefined;
    if (fault.name === 'memory-leak') await leakUnseen(client, config, signal);
    let end: FaultEndRequest | undefined;
    if (ends?.kind === 'restart') end = { onRestart: true };
    if (ends?.kind === 'passes') {
      const afterMs = passesAfterMs(ends.windowMs, seed) / scale;
      end = { afterMs };
      out.passesAt = Date.now() + afterMs;
    }
    await client.setFaults([label], [], end ? { [fault.name]: end } : undefined);
    out.labels.push(label);
    out.switched.push(fault.name);
  }
  return out;
}

/** Puts the sandbox back; returns what it did, one line each. Never uses the run's (maybe aborted) signal. */
export async function restoreSandbox(
  client: SandboxClient,
  s: Scenario,
  inj: Injected,
  remedied: boolean,
  config: Config,
): Promise<string[]> {
  const done: string[] = [];
  const view = await client.faults().catch(() => undefined);
  const still = inj.switched.filter(
    (n) => view?.active.some((a) => a.name === n && a.source === 'switched') ?? true,
  );
  if (still.length) {
    await client.setFaults([], still);
    done.push(`switched off ${still.join(', ')}`);
  }
  if (inj.deployId && view && view.release !== inj.previousRelease && inj.previousDeployId) {
    const d = await client.rollback(inj.previousDeployId);
    await untilLive(client, d.id, 60_000).catch(() => undefined);
    done.push(`rolled back to release ${inj.previousRelease} (${d.id})`);
  }
  if (view?.platform?.suspended) {
    await platformForSandbox(client.record, limitsOf(config)).resume();
    done.push('resumed the suspended service');
  } else if (s.id === 'memory-leak' && !remedied) {
    await client.restart();
    done.push('restarted it, which frees the leaked memory');
  }
  return done;
}
