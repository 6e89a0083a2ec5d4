/**
 * Breaking the sandbox as a scenario says, and putting it back: a fault switched on (its
 * parameter scaled to the sandbox's clock), or a release deployed through the sandbox's
 * deploy API (Render's flow); afterwards the drill's faults go off and a release it left
 * behind is rolled back, so the sandbox ends healthy whoever did what.
 */
import type { Config } from '../config/schema';
import { RunbookError } from '../errors';
import { abortableSleep, httpRequest } from '../http';
import { parsePrometheus, valueOf } from '../metrics';
import type { FaultsView, LocalDeploy, SandboxClient } from '../sandbox-client/index';
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

/** Breaks the sandbox; for a leak, waits (bounded) until memory is over the target the alert names. */
export async function breakSandbox(
  client: SandboxClient,
  s: Scenario,
  before: FaultsView,
  config: Config,
  signal: AbortSignal,
): Promise<Injected> {
  const scale = before.timeScale ?? 1;
  const live = (await client.deploys()).find((d) => d.status === 'live');
  const out: Injected = {
    labels: [],
    switched: [],
    deployId: undefined,
    previousDeployId: live?.id,
    previousRelease: before.release,
  };
  const inj = s.inject;
  const fault =
    inj.kind === 'fault'
      ? { name: inj.fault, param: inj.param(scale) }
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
    await client.setFaults([label], []);
    out.labels.push(label);
    out.switched.push(fault.name);
  }
  if (s.id === 'memory-leak') {
    const end = Date.now() + 300_000 / scale + 5_000;
    for (let i = 0; Date.now() < end && i < 3_000 && !signal.aborted; i++) {
      if (((await memoryMb(client.url)) ?? 0) >= config.alerts.memoryTargetMb) break;
      await sleep(Math.max(50, 1_000 / scale), signal);
    }
  }
  return out;
}

/** Puts the sandbox back; returns what it did, one line each. Never uses the run's (maybe aborted) signal. */
export async function restoreSandbox(
  client: SandboxClient,
  s: Scenario,
  inj: Injected,
  remedied: boolean,
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
  if (s.id === 'memory-leak' && !remedied) {
    await client.restart();
    done.push('restarted it, which frees the leaked memory');
  }
  return done;
}
