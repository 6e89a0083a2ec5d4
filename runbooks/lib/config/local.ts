import type { Config } from './schema';

/**
 * The port the local sandbox listens on: the one the `local` environment's URL names. One
 * source, so `npm start`'s sandbox, `sandbox.ts fault …`, `drill.ts` and `--env local` all
 * meet on the same port, and a config that moves the local environment moves them all.
 * (The schema makes sure that URL is plain http on loopback with an explicit port.)
 */
export function localSandboxPort(config: Config): number {
  return Number(new URL(config.environments.local.url!).port);
}
