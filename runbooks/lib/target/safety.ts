/**
 * Before any load is sent: the target must be loopback or a configured environment,
 * production needs an explicit confirmation, and duration and request count stay under
 * the config's hard caps. Each refusal says what to do instead.
 */
import type { Config } from '../config/schema';
import type { Target } from './resolve';
import { RunbookError, usageError } from '../errors';
import { formatDuration } from '../units';

/** Origins of every environment whose URL is known (fixed, or from its variable). */
export function configuredOrigins(config: Config, env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  for (const e of Object.values(config.environments)) {
    const raw = e.url ?? (e.urlFromEnv ? env[e.urlFromEnv] : undefined);
    if (!raw) continue;
    try {
      out.push(new URL(raw).origin);
    } catch {
      /* a malformed URL is env-check's to report */
    }
  }
  return out;
}

/** Throws unless load may be sent to `target`. */
export function assertSafeTarget(
  config: Config,
  target: Target,
  opts: { confirmProduction: boolean; env: NodeJS.ProcessEnv },
): void {
  const origin = new URL(target.baseUrl).origin;
  if (!target.loopback && !configuredOrigins(config, opts.env).includes(origin)) {
    throw new RunbookError(
      'RB_UNSAFE_TARGET',
      `Refusing to send load to ${origin}: it is neither a loopback host nor the URL of a configured environment.`,
      {
        hint: 'Load goes only to 127.0.0.1/localhost or to an environment of runbooks.config.ts (set HOLISTICOS_STAGING_URL and use --env staging).',
      },
    );
  }
  if (target.protected && !opts.confirmProduction) {
    throw new RunbookError(
      'RB_UNSAFE_TARGET',
      `Refusing to send load to the ${target.env} environment (${origin}) without --confirm-production.`,
      {
        hint: 'Load on production is felt by real users and costs real OpenAI money; add --confirm-production only when that is intended, and prefer staging.',
      },
    );
  }
}

/** Throws when the planned duration is over config.capacity.maxDurationS. */
export function assertDurationCap(config: Config, durationMs: number, what = 'The run'): void {
  const cap = config.capacity.maxDurationS * 1000;
  if (durationMs > cap)
    throw usageError(
      `${what} would last ${formatDuration(durationMs)}, over the cap of ${formatDuration(cap)} (config.capacity.maxDurationS).`,
      'Shorten --duration / --stages, or raise the cap in runbooks.config.ts.',
    );
  if (durationMs <= 0)
    throw usageError(`${what} has no duration.`, 'Give --duration (e.g. 20s, 5m) or --stages.');
}
