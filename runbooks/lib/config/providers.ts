/**
 * The deploy providers' names: one list for the config schema (config.deploy.providers),
 * the --provider flag of deploy.ts and rollback.ts, and the deploy library. Dependency-free,
 * like environments.ts, so the registry can import it.
 */
export const PROVIDER_NAMES = ['render-api', 'render-hook', 'local'] as const;

export type ProviderName = (typeof PROVIDER_NAMES)[number];
