/**
 * The render-api deploy provider: Render's deploy API (reference: render-and-slack.md) over
 * the shared HTTP layer (../platform/render-http.ts: the key, 429s, retries, redaction).
 * A POST that may start a deploy is never re-sent blindly: it fails as `uncertain`, and
 * the provider lists the deploys created since before trying again.
 */
import { RunbookError } from '../errors';
import type { Deploy, DeployProvider, StartedSince } from './types';
import { createdSince } from './status';
import {
  renderApi,
  twice,
  UncertainWrite,
  RENDER_API_DEFAULT,
  type RenderApiOptions,
  type RenderDeps,
} from '../platform/render-http';

// The HTTP layer is shared with the platform client (runbooks/lib/platform/render-http.ts).
export { renderApi, rateLimitWaitMs, UncertainWrite, RENDER_API_DEFAULT } from '../platform/render-http';
export type { RenderApi, RenderDeps } from '../platform/render-http';

type Json = Record<string, unknown>;

/** Render's deploy object (or the list's {cursor, deploy} item) as a Deploy. */
export function toDeploy(x: unknown): Deploy | undefined {
  const d = (x && typeof x === 'object' && 'deploy' in x ? (x as Json).deploy : x) as Json | undefined;
  if (!d || typeof d !== 'object' || typeof d.id !== 'string') return undefined;
  const c = (d.commit ?? {}) as Json;
  const s = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    id: d.id,
    status: s(d.status) ?? 'unknown',
    commit: { id: s(c.id), message: s(c.message) },
    trigger: s(d.trigger),
    createdAt: s(d.createdAt),
    finishedAt: s(d.finishedAt),
  };
}

/**
 * A POST that may start a deploy, made safe to repeat once: after an uncertain answer,
 * the deploys created since `since` are listed first; only when there is none is the POST
 * sent again, once. A second uncertain answer is an error naming how to look.
 */
export async function startOnce(
  post: () => Promise<Deploy | undefined>,
  list: () => Promise<Deploy[]>,
  since: StartedSince,
  what: string,
): Promise<Deploy | undefined> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      return await post();
    } catch (e) {
      if (!(e instanceof UncertainWrite)) throw e;
      const started = createdSince(await list(), since);
      if (started.length) return started[0];
      if (attempt === 2) {
        throw new RunbookError(
          'RB_NETWORK',
          `Render did not confirm the ${what} (${e.why}), twice, and no deploy was created since it was asked for.`,
          {
            hint: 'Look at the service’s Events in the dashboard, or list deploys: npx zx runbooks/rollback.ts --list --env <env>.',
          },
        );
      }
    }
  }
  return undefined;
}

export function renderApiProvider(o: RenderApiOptions, deps: RenderDeps = {}): DeployProvider {
  const api = renderApi(o, deps);
  const svc = `/services/${encodeURIComponent(o.serviceId)}`;
  const list = async (limit: number, signal?: AbortSignal) =>
    (await api.get<unknown[]>(`${svc}/deploys?limit=${Math.min(100, limit)}`, undefined, signal))
      .map(toDeploy)
      .filter((d): d is Deploy => Boolean(d));
  return {
    name: 'render-api',
    describes: `Render service ${o.serviceId} via the API${o.baseUrl === RENDER_API_DEFAULT ? '' : ` at ${o.baseUrl}`}`,
    can: { read: true, rollback: true, cancel: true, autoDeploy: true, pinCommit: true },
    list,
    async get(id, signal) {
      const d = toDeploy(
        await api.get(
          `${svc}/deploys/${encodeURIComponent(id)}`,
          `Render has no deploy ${id} on service ${o.serviceId}.`,
          signal,
        ),
      );
      if (!d)
        throw new RunbookError(
          'RB_BAD_RESPONSE',
          `Render answered GET deploy ${id} without a deploy object.`,
        );
      return d;
    },
    trigger({ commit, since, known }, signal) {
      const post = async () =>
        toDeploy(
          (
            await api.write(
              'POST',
              `${svc}/deploys`,
              { clearCache: 'do_not_clear', ...(commit ? { commitId: commit } : {}) },
              signal,
            )
          ).json,
        );
      return startOnce(post, () => list(10, signal), { since, known }, 'deploy');
    },
    rollback({ to, since, known }, signal) {
      const post = async () =>
        toDeploy((await api.write('POST', `${svc}/rollback`, { deployId: to }, signal)).json);
      return startOnce(post, () => list(10, signal), { since, known }, 'rollback');
    },
    async cancel(id, signal) {
      const r = await twice(() =>
        api.write('POST', `${svc}/deploys/${encodeURIComponent(id)}/cancel`, {}, signal),
      );
      return (
        toDeploy(r.json) ?? {
          id,
          status: 'canceled',
          commit: { id: null, message: null },
          trigger: null,
          createdAt: null,
          finishedAt: null,
        }
      );
    },
    async setAutoDeploy(on, signal) {
      await twice(() => api.write('PATCH', svc, { autoDeploy: on ? 'yes' : 'no' }, signal));
    },
  };
}
