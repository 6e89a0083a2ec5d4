/**
 * `sandbox.ts` serving: start the sandbox, announce it in the state directory (scripts then
 * know its URL is the sandbox, and `sandbox.ts fault …` finds its admin token), wait for
 * the run's signal, close gracefully and withdraw the announcement.
 */
import type { Config } from '../config/schema';
import { RunbookError, usageError } from '../errors';
import { parseFault } from '../faults/catalogue';
import { registerSandbox } from '../state/sandboxes';
import { startSandbox, type RunningSandbox, type StartSandboxOptions } from './index';
import type { SandboxEvent } from './state';

export interface ServeOptions extends Omit<StartSandboxOptions, 'config' | 'apiKey' | 'exit'> {
  port: number;
}

export interface Serving {
  sandbox: RunningSandbox;
  /** Where its key comes from: the variable (not shown) or the config's development key. */
  keyFrom: 'env' | 'dev';
  /** Resolves once the signal aborted and the sandbox has closed. */
  closed: Promise<void>;
}

/** Starts and announces the sandbox; a port in use or a bad fault is a usage error (exit 2). */
export async function serveSandbox(
  config: Config,
  o: ServeOptions,
  deps: {
    env: NodeJS.ProcessEnv;
    stateDir: string;
    signal: AbortSignal;
    onEvent: (e: SandboxEvent) => void;
    exit: (code: number) => void;
  },
): Promise<Serving> {
  for (const f of o.faults ?? []) {
    const p = parseFault(f);
    if (!p.ok)
      throw usageError(
        `--fault: ${p.message}.`,
        'See the fault catalogue: npx zx runbooks/sandbox.ts fault list, or the sandbox faults reference page.',
      );
  }
  const fromEnv = deps.env[config.journey.apiKeyEnv];
  let unregister = () => {};
  let sandbox: RunningSandbox;
  try {
    sandbox = await startSandbox({
      ...o,
      config,
      apiKey: fromEnv || config.sandbox.devApiKey,
      onEvent: deps.onEvent,
      exit: (code) => (unregister(), deps.exit(code)),
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new RunbookError(
        'RB_USAGE',
        `Port ${o.port} on 127.0.0.1 is already in use (another sandbox, or the real service?).`,
        {
          hint: 'npm start runs one on the local port already; stop the other process, or pass --port 0 for a free port.',
        },
      );
    throw e;
  }
  const keyFrom = fromEnv ? 'env' : 'dev';
  unregister = registerSandbox(deps.stateDir, {
    pid: process.pid,
    port: sandbox.port,
    url: sandbox.url,
    keyFrom,
    adminToken: sandbox.adminToken,
    startedAt: new Date().toISOString(),
  });
  const closed = new Promise<void>((resolve) =>
    deps.signal.aborted ? resolve() : deps.signal.addEventListener('abort', () => resolve(), { once: true }),
  ).then(async () => {
    unregister();
    await sandbox.close();
  });
  return { sandbox, keyFrom, closed };
}
