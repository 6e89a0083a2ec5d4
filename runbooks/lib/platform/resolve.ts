/**
 * Which platform an environment has: Render's API (RENDER_API_KEY and the environment's
 * service id), the sandbox's model of it (a target this machine's sandbox serves), or none.
 * "None" is an answer, not an error: scripts work on the app's own signals without Render
 * variables and print `line` once. Never Render for the local environment, whatever the
 * shell holds: a laptop with a production key exported must not read production as "local".
 *
 * Service ids per environment: an environment may name its own variable
 * (environments.<env>.renderServiceIdEnv, e.g. RENDER_STAGING_SERVICE_ID). The shared
 * service.renderServiceIdEnv (RENDER_SERVICE_ID) stands for the service of the environment
 * a run ACTS on; a run that reads ANOTHER environment (a production deploy reading staging's
 * deploys and events) needs that environment's own variable, since RENDER_SERVICE_ID then
 * names the wrong service.
 */
import type { Config, EnvironmentName } from '../config/schema';
import { sandboxAt, type SandboxRecord } from '../state/sandboxes';
import { renderPlatform, type PlatformLimits } from './client';
import { RENDER_API_DEFAULT, type RenderDeps } from './render-http';
import { SANDBOX_RENDER_PREFIX, sandboxServiceId } from './sandbox-target';
import type { PlatformClient } from './types';

/** The one line a script prints when Render's variables are not set. */
export const NOT_CONFIGURED_LINE =
  'platform signals: not configured (set RENDER_API_KEY and RENDER_SERVICE_ID)';

export type PlatformResolution =
  | {
      kind: 'configured';
      client: PlatformClient;
      /** Where the service id came from (a variable's name, or the sandbox's port). */
      idFrom: string;
      /** One line for the output: which platform this run reads. */
      line: string;
    }
  | {
      kind: 'not-configured';
      reason: 'no-render-variables' | 'no-own-service-id' | 'no-sandbox' | 'bad-api-url';
      /** The one line a script prints, once. */
      line: string;
    };

/** The Render service id of `env` and the variable it came from; `other`: the run acts on another environment. */
export function renderServiceId(
  config: Config,
  env: EnvironmentName,
  processEnv: NodeJS.ProcessEnv,
  o: { other?: boolean } = {},
): { id: string; from: string } | undefined {
  const get = (name: string | undefined) => (name ? processEnv[name]?.trim() || undefined : undefined);
  const own = config.environments[env].renderServiceIdEnv;
  const ownId = get(own);
  if (ownId) return { id: ownId, from: own! };
  if (o.other) return undefined;
  const shared = config.service.renderServiceIdEnv;
  const id = get(shared);
  return id ? { id, from: shared } : undefined;
}

/** The platform limits of the config. */
export const limitsOf = (config: Config): PlatformLimits => ({ ...config.platform });

/** The platform client of a sandbox this machine runs (the Render client pointed at its /__render/v1). */
export function platformForSandbox(
  record: Pick<SandboxRecord, 'url' | 'port' | 'adminToken'>,
  limits: PlatformLimits,
  deps: RenderDeps = {},
): PlatformClient {
  return renderPlatform(
    {
      source: 'sandbox',
      baseUrl: `${record.url}${SANDBOX_RENDER_PREFIX}`,
      apiKey: record.adminToken,
      serviceId: sandboxServiceId(record.port),
      limits,
      keyName: "the sandbox's admin token",
      keyHint:
        'The token comes from the sandbox’s record in the state directory (RUNBOOKS_STATE_DIR): the sandbox may have been restarted as another process; run the command again.',
      serviceIdName: "the sandbox's service id",
      describes: `the sandbox's platform model at ${record.url}`,
    },
    deps,
  );
}

export interface ResolveInput {
  config: Config;
  env: EnvironmentName;
  processEnv: NodeJS.ProcessEnv;
  stateDir: string;
  /** The target the run uses (--url, or the environment's URL). */
  url?: string | undefined;
  /** The run acts on another environment and reads this one (see the header). */
  other?: boolean;
  deps?: RenderDeps;
}

/** The platform of an environment, or why there is none (never throws for a missing variable). */
export function resolvePlatform(i: ResolveInput): PlatformResolution {
  const limits = limitsOf(i.config);
  const target = i.url ?? i.config.environments[i.env].url;
  const record = target ? sandboxAt(i.stateDir, target) : undefined;
  if (record) {
    const client = platformForSandbox(record, limits, i.deps);
    return {
      kind: 'configured',
      client,
      idFrom: `the sandbox on port ${record.port}`,
      line: `platform signals: ${client.describes}`,
    };
  }
  if (i.env === 'local')
    return {
      kind: 'not-configured',
      reason: 'no-sandbox',
      line: `platform signals: not configured (no sandbox of this machine serves ${target ?? 'the local environment'}; npm start runs one)`,
    };
  const key = i.processEnv.RENDER_API_KEY?.trim();
  const id = renderServiceId(i.config, i.env, i.processEnv, { other: i.other ?? false });
  if (!key || !id) {
    const own = i.config.environments[i.env].renderServiceIdEnv;
    return i.other && key
      ? {
          kind: 'not-configured',
          reason: 'no-own-service-id',
          line: `platform signals for ${i.env}: not configured (set ${own ?? `environments.${i.env}.renderServiceIdEnv in the config and that variable`})`,
        }
      : { kind: 'not-configured', reason: 'no-render-variables', line: NOT_CONFIGURED_LINE };
  }
  const baseUrl = i.processEnv.RENDER_API_URL?.trim() || RENDER_API_DEFAULT;
  if (!/^https?:\/\/[^/]/.test(baseUrl))
    return {
      kind: 'not-configured',
      reason: 'bad-api-url',
      line: `platform signals: not configured (RENDER_API_URL "${baseUrl}" is not an http(s) URL)`,
    };
  const client = renderPlatform(
    { source: 'render', baseUrl, apiKey: key, serviceId: id.id, limits, serviceIdName: id.from },
    i.deps,
  );
  return {
    kind: 'configured',
    client,
    idFrom: id.from,
    line: `platform signals: ${client.describes} (${id.from})`,
  };
}
