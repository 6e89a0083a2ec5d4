import type { Config } from '../config/schema';
import { ENVIRONMENT_NAMES, isEnvironmentName, type EnvironmentName } from '../config/environments';
import { RunbookError, usageError } from '../errors';
import { isLoopbackHost } from '../http/url';
import { targetLabel, type TargetLabel } from './label';

export { isLoopbackHost };

/** Where a script sends its requests, resolved from --env / --url and the environment. */
export interface Target {
  env: EnvironmentName;
  /** Base URL without a trailing slash. */
  baseUrl: string;
  /** Loopback hosts only: 127.0.0.0/8, ::1, localhost. */
  loopback: boolean;
  /** Production-like: acting on it needs --confirm-production. */
  protected: boolean;
  /** The X-API-Key value once resolved (target/api-key.ts), or undefined. Never print it. */
  apiKey: string | undefined;
  /** What the run is called (target/label.ts): the environment, or an explicit --url's host. */
  label: TargetLabel;
}

export { isEnvironmentName };

/** Parses a base URL or throws a usage error that says what a good one looks like. */
export function parseBaseUrl(value: string, what = '--url'): URL {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw usageError(
      `${what} "${value}" is not a URL.`,
      'Give an absolute URL such as http://127.0.0.1:8001 or https://holisticos.onrender.com.',
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw usageError(
      `${what} "${value}" uses ${u.protocol.replace(':', '')}; only http and https are supported.`,
      'Give an absolute URL such as http://127.0.0.1:8001.',
    );
  }
  if (u.username || u.password)
    throw usageError(
      `${what} must not carry credentials.`,
      'Pass the API key through HOLISTICOS_API_KEY instead.',
    );
  return u;
}

/** Resolves the target of a run from the flags and the environment variables. */
export function resolveTarget(
  config: Config,
  opts: { env: string; url?: string | undefined },
  processEnv: NodeJS.ProcessEnv = process.env,
): Target {
  if (!isEnvironmentName(opts.env)) {
    throw usageError(
      `--env "${opts.env}" is not an environment of the config.`,
      `Use one of ${ENVIRONMENT_NAMES.join(', ')}.`,
    );
  }
  const envCfg = config.environments[opts.env];
  let raw = opts.url;
  if (!raw) {
    raw = envCfg.url ?? (envCfg.urlFromEnv ? processEnv[envCfg.urlFromEnv] : undefined);
    if (!raw) {
      throw new RunbookError(
        'RB_ENV',
        `The ${opts.env} environment takes its URL from ${envCfg.urlFromEnv}, which is not set.`,
        {
          hint: `Export ${envCfg.urlFromEnv}=https://… or pass --url.`,
        },
      );
    }
  }
  const u = parseBaseUrl(raw, opts.url ? '--url' : (envCfg.urlFromEnv ?? 'the environment URL'));
  return {
    env: opts.env,
    baseUrl: u.href.replace(/\/+$/, ''),
    loopback: isLoopbackHost(u.hostname),
    protected: envCfg.protected,
    apiKey: undefined,
    label: targetLabel(config, opts.env, opts.url ? u : undefined, processEnv),
  };
}

/** Names of every variable the config marks secret. */
export function secretNames(config: Config): string[] {
  return config.envVars.filter((v) => v.secret).map((v) => v.name);
}
