/**
 * The service command's library (service.ts): read the running service through the
 * platform, or act on it — restart, suspend, resume, scale — with the deploy family's
 * contract (state the environment, --dry-run, production's confirmation, a ledger record and
 * Slack notices, follow, verify). The same code acts on Render and on the sandbox's model of
 * it, through the one platform client.
 */
import { RunbookError, configError } from '../errors';
import { httpRequest, type RequestFn } from '../http/client';
import { joinUrl } from '../http/url';
import type { PlatformClient, PlatformResolution } from '../platform/index';

export { serviceAction, actionLabel, ACTION_SECTION, MAX_INSTANCES } from './action';
export type { ServiceAction, ServiceChange, ServiceActionKind } from './action';
export { runServiceAction, type ServiceResult, type ServicePlan, type ServiceDeps } from './run';
export { followAction, followBaseline, type FollowResult } from './follow';
export { readServiceStatus, type ServiceStatus } from './status';
export { formatServiceStatus, eventDetail } from './format';

/** The platform client of the environment, or the error that says what to set (never a guess). */
export function platformOf(r: PlatformResolution, env: string, url: string | undefined): PlatformClient {
  if (r.kind === 'configured') return r.client;
  if (r.reason === 'no-sandbox')
    throw new RunbookError(
      'RB_REFUSED',
      `No sandbox of this machine serves ${url ?? 'the local environment'}.`,
      {
        hint: 'Start one (npm start, or npx zx runbooks/sandbox.ts) and run it again; on the sandbox the service command acts on its model of Render.',
      },
    );
  throw configError(
    `service.ts acts on the service through Render's API, and ${env} has none: ${r.line}.`,
    r.reason === 'bad-api-url'
      ? 'Unset RENDER_API_URL, or set it to https://api.render.com/v1.'
      : 'Set RENDER_API_KEY (Render → Account settings → API keys) and RENDER_SERVICE_ID (srv-…, in the service’s URL in the dashboard); npx zx runbooks/env-check.ts --env ' +
          env +
          ' lists what the environment needs. Without them, act in the dashboard: the service → Manual Deploy → Restart service.',
  );
}

/** Whether the service at `baseUrl` answers GET / with a 2xx now (one try, a short deadline). */
export function answersAt(baseUrl: string, request: RequestFn = httpRequest) {
  return async (signal: AbortSignal): Promise<boolean> => {
    try {
      const res = await request({ url: joinUrl(baseUrl, '/'), timeoutMs: 5_000, signal });
      return res.status >= 200 && res.status < 300;
    } catch {
      return false;
    }
  };
}
