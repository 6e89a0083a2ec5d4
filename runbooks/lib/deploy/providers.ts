/**
 * Picks the deploy provider of an environment (config.deploy.providers, or --provider) and
 * checks its variables before anything is sent: an unknown provider, or one whose
 * variables are missing, is a usage error naming them, with --dry-run too.
 */
import type { Config } from '../config/schema';
import { usageError } from '../errors';
import type { RequestFn } from '../http/client';
import type { DeployProvider, ProviderName } from './types';
import { PROVIDER_NAMES } from '../config/providers';
import { RENDER_API_DEFAULT, renderApiProvider, type RenderDeps } from './render-api';
import { renderHookProvider } from './render-hook';
import { localProvider } from './local';
import { renderServiceId } from '../platform/resolve';

/** The variables each provider needs (render-hook: the API pair only to follow and roll back). */
export const PROVIDER_VARS: Record<ProviderName, { requires: string[]; optional: string[] }> = {
  'render-api': { requires: ['RENDER_API_KEY', 'RENDER_SERVICE_ID'], optional: ['RENDER_API_URL'] },
  'render-hook': {
    requires: ['RENDER_DEPLOY_HOOK_URL'],
    optional: ['RENDER_API_KEY', 'RENDER_SERVICE_ID', 'RENDER_API_URL'],
  },
  local: { requires: [], optional: [] },
};

export interface ProviderChoice {
  config: Config;
  env: 'local' | 'staging' | 'production';
  /** --provider, when given. */
  provider?: string | undefined;
  processEnv: NodeJS.ProcessEnv;
  stateDir: string;
  /** --url: for the local provider, the sandbox to deploy. */
  url?: string | undefined;
  deps?: RenderDeps & { request?: RequestFn };
}

export function providerName(c: Pick<ProviderChoice, 'config' | 'env' | 'provider'>): ProviderName {
  const name = c.provider ?? c.config.deploy.providers[c.env];
  if (!(PROVIDER_NAMES as readonly string[]).includes(name))
    throw usageError(`There is no deploy provider "${name}".`, `Use one of: ${PROVIDER_NAMES.join(', ')}.`);
  return name as ProviderName;
}

export function createProvider(c: ProviderChoice): DeployProvider {
  const name = providerName(c);
  const get = (v: string) => c.processEnv[v]?.trim() || undefined;
  // The environment's own service-id variable (RENDER_STAGING_SERVICE_ID) stands in for RENDER_SERVICE_ID.
  const id = renderServiceId(c.config, c.env, c.processEnv);
  const missing = PROVIDER_VARS[name].requires.filter((v) => (v === 'RENDER_SERVICE_ID' ? !id : !get(v)));
  if (missing.length) {
    throw usageError(
      `The ${name} provider needs ${missing.join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} not set.`,
      `Set ${missing.join(', ')} in your shell or .env (npx zx runbooks/env-check.ts --env ${c.env} checks them)${name === 'render-api' ? ', or deploy with the hook: --provider render-hook' : ''}.`,
    );
  }
  if (name === 'local' && c.env !== 'local')
    throw usageError(
      `The local provider deploys the sandbox on this machine, not ${c.env}.`,
      'Use --env local, or the environment’s own provider.',
    );
  if (name !== 'local' && c.env === 'local')
    throw usageError(
      `The ${name} provider deploys to Render; the local environment is the sandbox.`,
      'Drop --provider, or use --env staging / production.',
    );
  const apiUrl = get('RENDER_API_URL');
  if (apiUrl && !/^https?:\/\/[^/]/.test(apiUrl))
    throw usageError(
      `RENDER_API_URL "${apiUrl}" is not an http(s) URL.`,
      `Unset it to use ${RENDER_API_DEFAULT}, or give the proxy’s absolute URL.`,
    );
  const api = () =>
    get('RENDER_API_KEY') && id
      ? renderApiProvider(
          {
            baseUrl: get('RENDER_API_URL') ?? RENDER_API_DEFAULT,
            apiKey: get('RENDER_API_KEY')!,
            serviceId: id.id,
            serviceIdName: id.from,
          },
          c.deps,
        )
      : undefined;
  switch (name) {
    case 'render-api':
      return api()!;
    case 'render-hook':
      return renderHookProvider(get('RENDER_DEPLOY_HOOK_URL')!, api(), c.deps);
    case 'local':
      return localProvider(c.stateDir, c.url, c.deps);
  }
}

/** How often a provider's deploy status is read, ms. */
export function pollMsOf(config: Config, provider: ProviderName): number {
  return (provider === 'local' ? config.deploy.localPollIntervalS : config.deploy.pollIntervalS) * 1000;
}
