/**
 * What the CLI prints: the start banner and one line per sandbox event. Renderers return
 * strings; the shell writes them. The first line is machine-readable on purpose: tests
 * and `npm start` read the port from `sandbox listening on http://127.0.0.1:PORT`.
 */
import type { SandboxEvent } from './state';
import { SANDBOX_RENDER_PREFIX } from '../platform/sandbox-target';

export interface BannerInfo {
  url: string;
  profile: string;
  timeScale: number;
  seed: number;
  faults: readonly string[];
  adminToken: string;
  /** The key when it is the config's well-known development key; undefined when it came from the environment. */
  apiKey: string | undefined;
  keyEnv: string;
}

/** The start banner; never contains a key that came from the environment. */
export function formatBanner(b: BannerInfo): string {
  return [
    `sandbox listening on ${b.url}`,
    `  this is the HolisticOS sandbox, not the real service (every response carries X-HolisticOS-Sandbox: 1)`,
    `  profile: ${b.profile}${b.timeScale !== 1 ? ` at time scale ×${b.timeScale}` : ''}, seed ${b.seed}`,
    `  faults: ${b.faults.length ? b.faults.join(', ') : 'none'}`,
    `  X-API-Key: ${b.apiKey !== undefined ? `${b.apiKey} (the config's development key)` : `the value of ${b.keyEnv} (not shown)`}`,
    `  admin token: ${b.adminToken}`,
    `  switch faults: curl -X POST ${b.url}/__sandbox/faults -H 'Authorization: Bearer ${b.adminToken}' -H 'content-type: application/json' -d '{"enable":["openai-outage"]}'`,
    `  catalogue and active faults: ${b.url}/__sandbox/faults · accounting: ${b.url}/__sandbox/accounting`,
    `  the platform (Render's API, modelled): ${b.url}${SANDBOX_RENDER_PREFIX} with the admin token as the Bearer key`,
    `  Ctrl-C to stop`,
  ].join('\n');
}

/** One log line per event. */
export function formatEvent(e: SandboxEvent): string {
  switch (e.kind) {
    case 'fault-enabled':
      return `sandbox: fault on: ${e.fault}`;
    case 'fault-disabled':
      return `sandbox: fault off: ${e.fault}`;
    case 'crash':
      return `sandbox: crash fault fired, exiting with code ${e.code}`;
    case 'shutdown':
      return `sandbox: shutting down (${e.inFlight} request(s) in flight)`;
  }
}
