/**
 * Render's deploy hook: a secret URL that starts a deploy of the branch's head, no API key
 * needed. It can only start deploys. With RENDER_API_KEY and RENDER_SERVICE_ID also set,
 * following, rollback and cancel go through the API; without them the deploy run says it
 * cannot follow and stops after the trigger. The URL is a secret: no message contains it.
 */
import { RunbookError } from '../errors';
import { httpRequest, type RequestFn } from '../http/client';
import { parseJsonBody } from '../http/json';
import type { Deploy, DeployProvider } from './types';
import { toDeploy } from './render-api';

const unavailable = (what: string) => async (): Promise<never> => {
  throw new RunbookError('RB_CONFIG', `A deploy hook cannot ${what}.`, {
    hint: 'Set RENDER_API_KEY and RENDER_SERVICE_ID as well, or use the dashboard.',
  });
};

export function renderHookProvider(
  hookUrl: string,
  api: DeployProvider | undefined,
  deps: { request?: RequestFn } = {},
): DeployProvider {
  const request = deps.request ?? httpRequest;
  return {
    name: 'render-hook',
    describes: `Render's deploy hook (RENDER_DEPLOY_HOOK_URL)${api ? `, followed via the API (${api.describes})` : ', not followed (no RENDER_API_KEY and RENDER_SERVICE_ID)'}`,
    can: {
      read: Boolean(api),
      rollback: Boolean(api),
      cancel: Boolean(api),
      autoDeploy: Boolean(api),
      pinCommit: false,
    },
    list: api ? (n, s) => api.list(n, s) : unavailable('list deploys'),
    get: api ? (id, s) => api.get(id, s) : unavailable('read a deploy'),
    async trigger(_o, signal): Promise<Deploy | undefined> {
      let status: number;
      let body: unknown;
      try {
        const res = await request({
          method: 'POST',
          url: hookUrl,
          timeoutMs: 30_000,
          ...(signal ? { signal } : {}),
        });
        status = res.status;
        const j = parseJsonBody(res);
        body = j.ok ? j.value : undefined;
      } catch (e) {
        // The error's own message would name the URL, and the URL is the secret.
        const code = e instanceof RunbookError ? e.code : 'RB_NETWORK';
        throw new RunbookError(
          code === 'RB_INTERRUPTED' ? code : 'RB_NETWORK',
          `The deploy hook could not be reached (${code}); it may or may not have started a deploy.`,
          { hint: 'Look at the service’s Events in the Render dashboard before running it again.' },
        );
      }
      if (status === 401 || status === 403 || status === 404)
        throw new RunbookError('RB_CONFIG', `The deploy hook refused the call (HTTP ${status}).`, {
          hint: 'Check RENDER_DEPLOY_HOOK_URL: copy it again from the service’s Settings → Deploy Hook (it changes when regenerated).',
        });
      if (status === 429)
        throw new RunbookError(
          'RB_HTTP',
          'The deploy hook is rate-limited (429): at most 10 deploys a minute per service.',
          { hint: 'Wait a minute and run it again.' },
        );
      if (status >= 400)
        throw new RunbookError(
          'RB_HTTP',
          `The deploy hook answered HTTP ${status}; ${status >= 500 ? 'it may or may not have started a deploy' : 'no deploy was started'}.`,
          { hint: 'Look at the service’s Events in the Render dashboard before running it again.' },
        );
      return toDeploy(body);
    },
    rollback: api ? (o, s) => api.rollback(o, s) : unavailable('roll back'),
    cancel: api ? (id, s) => api.cancel(id, s) : unavailable('cancel a deploy'),
    setAutoDeploy: api ? (on, s) => api.setAutoDeploy(on, s) : unavailable('change auto-deploy'),
  };
}
