/**
 * The environments' names: one list for the config schema, the --env flag, the page
 * directives and the site's picker. Dependency-free, so the browser bundle imports it.
 */
export const ENVIRONMENT_NAMES = ['local', 'staging', 'production'] as const;

export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

export function isEnvironmentName(s: string): s is EnvironmentName {
  return (ENVIRONMENT_NAMES as readonly string[]).includes(s);
}
