/**
 * The sandbox: a local HolisticOS-compatible API for demos, drills and tests. This is its
 * programmatic entry; `runbooks/sandbox.ts` is the CLI shell over it. See faults.ts for
 * the fault catalogue, latency.ts and capacity.ts for the models.
 */
import type { Config } from '../config/schema';
import { listen } from './server';
import { FaultError, newAdminToken, SandboxState, type SandboxEvent, type SandboxSettings } from './state';
import { DeployLog } from './deploys';

export interface StartSandboxOptions {
  /** 0 = an ephemeral port (default 0). */
  port?: number;
  /** Default 'fast'. */
  profile?: 'fast' | 'realistic';
  /** Divides every modelled delay (default 1). */
  timeScale?: number;
  seed?: number;
  /** Faults switched on at start, `name` or `name:param` from the catalogue (faults/catalogue.ts). */
  faults?: string[];
  /** The release it starts as (config.sandbox.releases; default the first one). Its faults come on with it. */
  release?: string;
  /** The X-API-Key it accepts (default: the config's development key, sandbox.devApiKey). */
  apiKey?: string;
  healInsights?: boolean;
  healthShape?: 'full' | 'fallback';
  /** The config it serves by (journey, costs, windows): given, never loaded here. */
  config: Config;
  /** Called by the crash fault (default process.exit), so in-process tests survive it. */
  exit?: (code: number) => void;
}

/** Knobs beyond the public contract, for the CLI shell and the sandbox's own tests. */
export interface SandboxInternals {
  now?: () => number;
  adminToken?: string;
  graceMs?: number;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  maxBodyBytes?: number;
  onEvent?: (e: SandboxEvent) => void;
}

export interface RunningSandbox {
  url: string;
  port: number;
  adminToken: string;
  close(): Promise<void>;
  setFaults(enable: string[], disable?: string[]): void;
}

/** Starts a sandbox on 127.0.0.1; resolves once it is listening. */
export async function startSandbox(opts: StartSandboxOptions & SandboxInternals): Promise<RunningSandbox> {
  const timeScale = opts.timeScale ?? 1;
  const release = opts.release ?? Object.keys(opts.config.sandbox.releases)[0]!;
  if (!opts.config.sandbox.releases[release])
    throw new FaultError(
      `no release "${release}"; the config declares: ${Object.keys(opts.config.sandbox.releases).join(', ')}`,
    );
  if (!(timeScale > 0) || !Number.isFinite(timeScale))
    throw new RangeError(`timeScale must be a positive number (got ${opts.timeScale})`);
  const settings: SandboxSettings = {
    port: opts.port ?? 0,
    profile: opts.profile ?? 'fast',
    release,
    timeScale,
    seed: opts.seed ?? 1,
    faults: opts.faults ?? [],
    apiKey: opts.apiKey ?? opts.config.sandbox.devApiKey,
    healInsights: opts.healInsights ?? false,
    healthShape: opts.healthShape ?? 'full',
    config: opts.config,
    // eslint-disable-next-line no-restricted-properties -- the crash fault exits the sandbox by design; injectable for tests
    exit: opts.exit ?? ((code) => process.exit(code)),
    now: opts.now ?? Date.now,
    adminToken: opts.adminToken ?? newAdminToken(),
    graceMs: opts.graceMs ?? 5_000,
    headersTimeoutMs: opts.headersTimeoutMs ?? 10_000,
    requestTimeoutMs: opts.requestTimeoutMs ?? 30_000,
    maxBodyBytes: opts.maxBodyBytes ?? 1024 * 1024,
    onEvent: opts.onEvent ?? (() => {}),
  };
  const st = new SandboxState(settings);
  // Bad fault names fail before the port is bound.
  st.setFaults(settings.faults);
  st.applyReleaseFaults(opts.config.sandbox.releases[release]!.faults);
  const deploys = new DeployLog(st);
  let running;
  try {
    running = await listen(st, deploys);
  } catch (e) {
    st.dispose();
    deploys.dispose();
    throw e;
  }
  // The platform's ids derive from the port, known only now.
  st.platform.port = running.port;
  return {
    url: `http://127.0.0.1:${running.port}`,
    port: running.port,
    adminToken: settings.adminToken,
    close: running.close,
    setFaults: (enable, disable = []) => st.setFaults(enable, disable),
  };
}

export { FAULTS, FAULT_NAMES, parseFault, type FaultSpec, type FaultName } from '../faults/catalogue';
export { FaultError, type SandboxEvent } from './state';
export { PROFILES, type Profile } from './latency';
export { CAPACITY } from './capacity';
