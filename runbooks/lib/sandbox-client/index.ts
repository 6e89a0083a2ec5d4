/**
 * A running sandbox, from outside: its faults, an in-place restart, its deploys. It finds
 * the sandbox by the announcement in the state directory (which holds the admin token), so
 * `sandbox.ts fault …`, the `local` deploy provider and the drills act on the sandbox that
 * `npm start` runs without restarting the site. Used over HTTP only: nothing here imports
 * the sandbox.
 */
import { RunbookError } from '../errors';
import { httpRequest, type RequestFn } from '../http/client';
import { expectJson } from '../http/json';
import { retry, expBackoff } from '../http/retry';
import { liveSandboxes, sandboxAt, type SandboxRecord } from '../state/sandboxes';
import type { FaultSpec } from '../faults/catalogue';

export interface ActiveFaultView {
  name: string;
  label: string;
  value: number;
  /** `release`: the deployed release's own; `switched`: switched on from outside. */
  source: 'release' | 'switched';
  since: string;
  /** ISO: it ends by itself then (an outside cause that passes). */
  until?: string;
  /** It ends with the next restart asked through the platform's API (the service command's). */
  endsOnRestart?: boolean;
}

/** How a fault went off: switched off, by itself at its time, by a restart through the platform, or replaced by a deploy. */
export interface EndedFaultView {
  name: string;
  at: string;
  how: 'cleared' | 'by-itself' | 'restart' | 'deploy';
  source: 'release' | 'switched';
}

/** An end of its own for a fault being switched on: after a wall time, or with the next restart through the platform. */
export interface FaultEndRequest {
  afterMs?: number;
  onRestart?: boolean;
}

export interface FaultsView {
  catalogue: FaultSpec[];
  release: string;
  active: ActiveFaultView[];
  /** How the latest faults went off, oldest first. */
  ended?: EndedFaultView[];
  /** False while the instance is starting (a restart's or the cold-start fault's 503s) or suspended. */
  serving?: boolean;
  /**
   * Its latest restarts, oldest first (ISO time, why: an OOM kill at the memory limit is `oom`;
   * who asked for an `admin` one: SANDBOX_API_USER through the platform's API, the service
   * command's, or SANDBOX_ADMIN_USER through the sandbox's own admin route).
   */
  restarts?: { at: string; cause: 'admin' | 'deploy' | 'crash-loop' | 'oom' | 'resume'; by?: string }[];
  timeScale?: number;
  profile?: string;
  /** The platform's view of the instance (its model of Render). */
  platform?: {
    serviceId: string;
    instanceId: string;
    memoryMb: number;
    memoryLimitMb: number;
    suspended: boolean;
    numInstances: number;
  };
}

/** A deploy of the local sandbox (Render's shape). */
export interface LocalDeploy {
  id: string;
  status: string;
  release: string;
  commit: { id: string; message: string };
  trigger: string;
  createdAt: string;
  startedAt: string;
  finishedAt: string | null;
  updatedAt: string;
}

export interface SandboxClient {
  readonly url: string;
  readonly record: SandboxRecord;
  faults(): Promise<FaultsView>;
  /** Switches faults on and off (`disable: '*'`: every switched fault); `ends` gives one switched on an end of its own. */
  setFaults(
    enable: readonly string[],
    disable: readonly string[] | '*',
    ends?: Readonly<Record<string, FaultEndRequest>>,
  ): Promise<FaultsView>;
  restart(): Promise<void>;
  deploys(): Promise<LocalDeploy[]>;
  deploy(id: string): Promise<LocalDeploy>;
  trigger(release: string, commitId?: string): Promise<LocalDeploy>;
  rollback(deployId: string): Promise<LocalDeploy>;
  cancel(deployId: string): Promise<LocalDeploy>;
}

/** The sandbox announced at `url` (or, without a url, the only one running); RB_REFUSED when none runs. */
export function connectSandbox(
  stateDir: string,
  url: string | undefined,
  request: RequestFn = httpRequest,
): SandboxClient {
  const record = url ? sandboxAt(stateDir, url) : onlyOne(stateDir);
  if (!record) {
    const others = url ? liveSandboxes(stateDir).map((r) => r.url) : [];
    const hint = others.length
      ? `Sandboxes run at ${others.join(', ')}: pick one with --port.`
      : 'Start one: npm start (site and sandbox), or npx zx runbooks/sandbox.ts.';
    throw new RunbookError('RB_REFUSED', `No sandbox runs${url ? ` at ${url}` : ''} on this machine.`, {
      hint,
    });
  }
  const auth = { authorization: `Bearer ${record.adminToken}` };
  const send = (method: 'GET' | 'POST', path: string, body?: unknown) =>
    request({
      method,
      url: `${record.url}${path}`,
      headers: method === 'POST' ? auth : {},
      ...(body !== undefined ? { body } : {}),
      timeoutMs: 10_000,
    });
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    // A restart of the sandbox closes its connections: a read on a pooled one is asked again.
    const res =
      method === 'GET'
        ? await retry(3, expBackoff(200), () => send(method, path))
        : await send(method, path, body);
    const json = expectJson(res) as T & { detail?: string; message?: string };
    if (res.status >= 400)
      throw new RunbookError(
        'RB_USAGE',
        `The sandbox refused ${method} ${path}: ${json.detail ?? json.message ?? `HTTP ${res.status}`}.`,
        { hint: 'npx zx runbooks/sandbox.ts fault list shows the catalogue and what is on.' },
      );
    return json;
  };
  return {
    url: record.url,
    record,
    faults: () => call('GET', '/__sandbox/faults'),
    setFaults: (enable, disable, ends) =>
      call('POST', '/__sandbox/faults', { enable, disable, ...(ends ? { ends } : {}) }),
    restart: async () => void (await call('POST', '/__sandbox/restart', {})),
    deploys: async () =>
      (await call<{ deploy: LocalDeploy }[]>('GET', '/__sandbox/deploys')).map((x) => x.deploy),
    deploy: (id) => call('GET', `/__sandbox/deploys/${id}`),
    trigger: (release, commitId) =>
      call('POST', '/__sandbox/deploys', { release, ...(commitId ? { commitId } : {}) }),
    rollback: (deployId) => call('POST', '/__sandbox/rollback', { deployId }),
    cancel: (id) => call('POST', `/__sandbox/deploys/${id}/cancel`, {}),
  };
}

function onlyOne(stateDir: string): SandboxRecord | undefined {
  const all = liveSandboxes(stateDir);
  if (all.length > 1)
    throw new RunbookError(
      'RB_USAGE',
      `${all.length} sandboxes run on this machine (${all.map((r) => r.url).join(', ')}).`,
      { hint: 'Say which with --port.' },
    );
  return all[0];
}
