/**
 * The X-API-Key a run sends. It comes from the API-key variable; the sandbox's development
 * key is used only for a target that is a running sandbox (it announced itself in the state
 * directory). Against anything else a missing key is a usage error before any request: a
 * stand-in key sent to a real service only collects 401s (and keeps a load test busy).
 */
import type { Config } from '../config/schema';
import { RunbookError } from '../errors';
import { sandboxAt } from '../state/sandboxes';

export interface ApiKey {
  value: string;
  /** `env`: the variable; `sandbox`: the running sandbox's development key. */
  source: 'env' | 'sandbox';
}

/** The key for `baseUrl`; throws RB_ENV (exit 2) naming the variable when there is none. */
export function resolveApiKey(
  config: Config,
  baseUrl: string,
  env: NodeJS.ProcessEnv,
  stateDir: string,
  why: string,
): ApiKey {
  const name = config.journey.apiKeyEnv;
  const fromEnv = env[name];
  if (fromEnv) return { value: fromEnv, source: 'env' };
  const sandbox = sandboxAt(stateDir, baseUrl);
  if (sandbox?.keyFrom === 'dev') return { value: config.sandbox.devApiKey, source: 'sandbox' };
  throw new RunbookError(
    'RB_ENV',
    `${name} is not set, and ${baseUrl} is not a running sandbox, so there is no key for ${why}.`,
    {
      hint: sandbox
        ? `That sandbox was started with ${name} set: export the same value.`
        : `Export ${name} with the service's X-API-Key value (it is never printed). The sandbox's development key is only ever sent to a sandbox started on this machine (npm start or npx zx runbooks/sandbox.ts).`,
    },
  );
}
