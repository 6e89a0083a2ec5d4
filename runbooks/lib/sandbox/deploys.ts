/**
 * Deploys of the local sandbox, shaped like Render's (id dep-…, statuses, commit,
 * createdAt / finishedAt), so the `local` deploy provider is Render's flow on a laptop. A
 * deploy builds (modelled seconds, time-scaled), then the sandbox restarts in place as
 * the new release and the deploy is `live`; the previous live one is `deactivated`. A
 * release declared `build: fail` ends `build_failed` and the old one keeps serving. A new
 * deploy cancels one in progress (Render's "Override" policy). The platform records each
 * as Render does: deploy_started, then deploy_ended (succeeded, failed or canceled).
 */
import { randomBytes } from 'node:crypto';
import type { SandboxState } from './state';

export type DeployStatus =
  | 'created'
  | 'build_in_progress'
  | 'update_in_progress'
  | 'live'
  | 'deactivated'
  | 'build_failed'
  | 'canceled';

export interface SandboxDeploy {
  id: string;
  status: DeployStatus;
  /** The release it deploys (config.sandbox.releases). */
  release: string;
  commit: { id: string; message: string };
  trigger: 'initial' | 'api' | 'rollback';
  createdAt: string;
  startedAt: string;
  finishedAt: string | null;
  updatedAt: string;
}

/** Thrown for a deploy request the sandbox refuses (unknown release, unknown deploy). */
export class DeployError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404,
  ) {
    super(message);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

export class DeployLog {
  private readonly deploys: SandboxDeploy[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly st: SandboxState) {
    const t = iso(st.s.now());
    const first: SandboxDeploy = {
      id: newId(),
      status: 'live',
      release: st.release,
      commit: { id: 'initial', message: releaseOf(st, st.release).description },
      trigger: 'initial',
      createdAt: t,
      startedAt: t,
      finishedAt: t,
      updatedAt: t,
    };
    this.deploys.push(first);
    st.platform.deployStarted(first, st.s.now());
    st.platform.deployEnded(first.id, 'live', st.s.now());
  }

  /** Newest first, at most `limit`. */
  list(limit = 20): SandboxDeploy[] {
    return this.deploys
      .slice(-limit)
      .reverse()
      .map((d) => ({ ...d, commit: { ...d.commit } }));
  }

  get(id: string): SandboxDeploy {
    const d = this.deploys.find((x) => x.id === id);
    if (!d) throw new DeployError(`no deploy ${id}`, 404);
    return { ...d };
  }

  /** Starts a deploy of `release`; answers at once with the deploy in its first status. */
  trigger(
    release: string,
    commitId: string | undefined,
    trigger: 'api' | 'rollback' = 'api',
    rollbackTo?: string,
  ): SandboxDeploy {
    const r = releaseOf(this.st, release);
    const id = newId();
    for (const d of this.deploys) if (inProgress(d.status)) this.set(d, 'canceled', id);
    const now = iso(this.st.s.now());
    const d: SandboxDeploy = {
      id,
      status: 'build_in_progress',
      release,
      commit: { id: commitId ?? `release-${release}`, message: r.description },
      trigger,
      createdAt: now,
      startedAt: now,
      finishedAt: null,
      updatedAt: now,
    };
    this.deploys.push(d);
    this.st.platform.deployStarted({ id, trigger, rollbackTo }, this.st.s.now());
    const buildMs = (this.st.s.config.sandbox.deployBuildS * 1000) / this.st.s.timeScale;
    this.after(buildMs / 2, () => {
      if (d.status !== 'build_in_progress') return;
      if (r.build === 'fail') return this.set(d, 'build_failed');
      this.set(d, 'update_in_progress');
      this.after(buildMs / 2, () => {
        if (d.status !== 'update_in_progress') return;
        this.st.restart({ name: release, faults: r.faults });
        for (const x of this.deploys) if (x.status === 'live') this.set(x, 'deactivated');
        this.set(d, 'live');
      });
    });
    return { ...d };
  }

  /** A new deploy of what `deployId` deployed (Render's rollback). */
  rollback(deployId: string): SandboxDeploy {
    const to = this.get(deployId);
    if (to.status !== 'live' && to.status !== 'deactivated')
      throw new DeployError(
        `deploy ${deployId} never went live (${to.status}): nothing to roll back to`,
        400,
      );
    return this.trigger(to.release, to.commit.id, 'rollback', deployId);
  }

  cancel(id: string): SandboxDeploy {
    const d = this.deploys.find((x) => x.id === id);
    if (!d) throw new DeployError(`no deploy ${id}`, 404);
    if (inProgress(d.status)) this.set(d, 'canceled');
    return { ...d };
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
  }

  /** A new status; an end (live, build_failed, canceled by `newer` or by hand) is a deploy_ended event. */
  private set(d: SandboxDeploy, status: DeployStatus, newer?: string): void {
    d.status = status;
    d.updatedAt = iso(this.st.s.now());
    if (!inProgress(status) && status !== 'deactivated') d.finishedAt = d.updatedAt;
    if (status === 'live' || status === 'build_failed' || status === 'canceled')
      this.st.platform.deployEnded(d.id, status, this.st.s.now(), newer);
  }

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }
}

const inProgress = (s: DeployStatus) =>
  s === 'created' || s === 'build_in_progress' || s === 'update_in_progress';
const newId = () => `dep-${randomBytes(10).toString('hex')}`;

function releaseOf(st: SandboxState, name: string) {
  const r = st.s.config.sandbox.releases[name];
  if (!r)
    throw new DeployError(
      `no release "${name}"; the config declares: ${Object.keys(st.s.config.sandbox.releases).join(', ')}`,
      400,
    );
  return r;
}
