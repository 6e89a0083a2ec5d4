/**
 * The local provider: deploys of the sandbox `npm start` runs, over its admin API. A
 * "release" is a sandbox configuration declared in config.sandbox.releases; deploying one
 * restarts the sandbox in place as that release, and the previous one stays the rollback
 * target, exactly as on Render.
 */
import { connectSandbox, type LocalDeploy } from '../sandbox-client/index';
import type { RequestFn } from '../http/client';
import type { Deploy, DeployProvider } from './types';

const toDeploy = (d: LocalDeploy): Deploy => ({
  id: d.id,
  status: d.status,
  commit: { id: d.commit.id, message: d.commit.message },
  trigger: d.trigger,
  createdAt: d.createdAt,
  finishedAt: d.finishedAt,
  release: d.release,
});

export function localProvider(
  stateDir: string,
  url: string | undefined,
  deps: { request?: RequestFn } = {},
): DeployProvider {
  // Connected on first use, so a dry run of a sandbox that is not running still prints its plan.
  let client: ReturnType<typeof connectSandbox> | undefined;
  const c = () => (client ??= connectSandbox(stateDir, url, deps.request));
  return {
    name: 'local',
    describes: `the local sandbox${url ? ` at ${url}` : ''}`,
    can: { read: true, rollback: true, cancel: true, autoDeploy: false, pinCommit: true },
    list: async (limit) => (await c().deploys()).slice(0, limit).map(toDeploy),
    get: async (id) => toDeploy(await c().deploy(id)),
    trigger: async ({ release, commit }) => toDeploy(await c().trigger(release!, commit)),
    rollback: async ({ to }) => toDeploy(await c().rollback(to)),
    cancel: async (id) => toDeploy(await c().cancel(id)),
    async setAutoDeploy() {
      // The sandbox has no branch to deploy from: nothing to turn off.
    },
  };
}
