/**
 * What a run's target is called, in one place: on the terminal ("Target: … (local)"), in a
 * report's `target.environment`, in its file name, on its page and in the index's grouping.
 * A target reached through its environment is named by the environment. An explicit --url
 * is the environment only when it is that environment's configured URL (same origin);
 * any other --url is named by its host, never by the environment whose settings the run
 * borrowed: `--url http://127.0.0.1:8002` is not the local sandbox on 8001.
 */
import type { Config } from '../config/schema';
import type { EnvironmentName } from '../config/environments';

export interface TargetLabel {
  /** `environment`: the environment's configured URL; `url`: an explicit --url that is not it. */
  source: 'environment' | 'url';
  /** The environment's name, or the URL's host (`127.0.0.1:8002`). */
  name: string;
}

/** The origin of an environment's configured URL (fixed or from its variable), if known. */
function envOrigin(config: Config, env: EnvironmentName, processEnv: NodeJS.ProcessEnv): string | undefined {
  const e = config.environments[env];
  const raw = e.url ?? (e.urlFromEnv ? processEnv[e.urlFromEnv] : undefined);
  try {
    return raw ? new URL(raw).origin : undefined;
  } catch {
    return undefined;
  }
}

/** The label of a target resolved from `env` and, when given, the explicit `--url`. */
export function targetLabel(
  config: Config,
  env: EnvironmentName,
  url: URL | undefined,
  processEnv: NodeJS.ProcessEnv = process.env,
): TargetLabel {
  if (!url || url.origin === envOrigin(config, env, processEnv)) return { source: 'environment', name: env };
  return { source: 'url', name: url.host };
}

/** How a label reads after a URL: "local", or "explicit --url, host 127.0.0.1:8002". */
export function labelText(l: TargetLabel): string {
  return l.source === 'environment' ? l.name : `explicit --url, host ${l.name}`;
}

/** The label in a few characters, for badges, table columns and trend groups: "local", "--url 127.0.0.1:8002". */
export function labelShort(l: TargetLabel): string {
  return l.source === 'environment' ? l.name : `--url ${l.name}`;
}

/** The label as a file-name part: `local`, or `url-127.0.0.1-8002` (no colon, safe on every OS). */
export function labelSlug(l: TargetLabel): string {
  return l.source === 'environment' ? l.name : `url-${l.name.replace(/[^A-Za-z0-9.-]+/g, '-')}`;
}

/** The label a report's `target` records (version 1 reports have no `source`: their environment). */
export function reportLabel(t: {
  environment: string;
  source?: 'environment' | 'url' | undefined;
}): TargetLabel {
  return { source: t.source ?? 'environment', name: t.environment };
}
