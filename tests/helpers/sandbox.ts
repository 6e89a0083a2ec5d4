/**
 * The sandbox as the tests use it in-process: started with the real config (the sandbox is
 * given its config, it loads none) and its development key, and a `call()` that returns
 * status, headers and the parsed body.
 */
import { loadConfig } from '../../runbooks/lib/config/load';
import { registerSandbox } from '../../runbooks/lib/state/sandboxes';
import {
  startSandbox,
  type RunningSandbox,
  type StartSandboxOptions,
  type SandboxInternals,
} from '../../runbooks/lib/sandbox/index';

export const config = await loadConfig();

/** The key the sandbox accepts when none is given: the config's development key (one source). */
export const SANDBOX_KEY = config.sandbox.devApiKey;

/**
 * Records a sandbox this test process started in `stateDir`, as `npm start` records its own,
 * so scripts run against that state find it (its admin token, which key it takes). `keyFrom`:
 * the development key (`dev`), or HOLISTICOS_API_KEY (`env`).
 */
export function registerTestSandbox(
  stateDir: string,
  sb: { port: number; url: string; adminToken: string },
  keyFrom: 'dev' | 'env' = 'dev',
): () => void {
  return registerSandbox(stateDir, {
    pid: process.pid,
    port: sb.port,
    url: sb.url,
    keyFrom,
    adminToken: sb.adminToken,
    startedAt: new Date().toISOString(),
  });
}

/** A sandbox on a free port of 127.0.0.1 (fast profile unless told), with the real config. */
export function startTestSandbox(
  opts: Omit<StartSandboxOptions, 'config'> & SandboxInternals = {},
): Promise<RunningSandbox> {
  return startSandbox({ config, apiKey: SANDBOX_KEY, profile: 'fast', ...opts });
}

export interface CallResult {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined when the body is not JSON. */
  body: any;
  text: string;
}

/** One request to the sandbox (a string body is sent as is, anything else as JSON). */
export async function call(
  sb: { url: string },
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<CallResult> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const r = await fetch(sb.url + path, init);
  const text = await r.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: r.status, headers: r.headers, body: parsed, text };
}

/** The key header for routine calls. */
export const withKey = { 'x-api-key': SANDBOX_KEY };
