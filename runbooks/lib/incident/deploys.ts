/**
 * Recent deploys for the quick assessment, from every source the handbook has: deploy and
 * rollback records in the ledger (written by deploy.ts / rollback.ts, read generically so
 * this does not depend on their exact shape), the local sandbox's deploy list when the
 * target is a sandbox on this machine, and Render's deploy list when the environment's
 * platform is Render (read by the platform client: RENDER_API_KEY and the environment's own
 * service id). A source that fails is a note, never a throw.
 */
import type { LedgerRecord } from '../ledger/index';
import type { PlatformDeploy } from '../platform/types';
import type { SandboxClient } from '../sandbox-client/index';

export interface DeployView {
  /** ISO time it was created (or recorded). */
  at: string;
  source: 'ledger' | 'sandbox' | 'render';
  /** A deploy of a release or commit, or a rollback to an earlier one. */
  kind: 'deploy' | 'rollback';
  /** What it was: a deploy, a rollback, the release or commit, its id. */
  what: string;
  status: string;
  /** Whether it serves now: the platform says; the ledger only knows when it did not go (or stay) live. */
  live: boolean | null;
  /** The sandbox's record of how it started, not a deploy anyone made. */
  initial?: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** What a deploy run's outcome says about what serves: rolled back, failed or canceled never serve. */
const NOT_SERVING = /rolled|fail|cancel|interrupt|error/;

/**
 * Deploys and rollbacks in the ledger since `sinceMs`, newest first: one per run, not one
 * per record. A deploy run writes a start, one record per step and its result; counting
 * records made one deploy and its automatic rollback read as eleven deploys. A run is its
 * result record (`deploy`), or its start while it has none (still running, or killed); a
 * rollback run is its one `rollback` record (cancels and auto-deploy switches are not deploys).
 */
export function ledgerDeploys(records: readonly LedgerRecord[], sinceMs: number): DeployView[] {
  const finished = new Set(records.filter((r) => r.kind === 'deploy').map((r) => str(r.runId)));
  const runs = records.filter(
    (r) =>
      Date.parse(r.at) >= sinceMs &&
      (r.kind === 'deploy' ||
        (r.kind === 'deploy-start' && !finished.has(str(r.runId))) ||
        (r.kind === 'rollback' && r.action === 'rollback')),
  );
  return runs
    .map((r): DeployView => {
      const status = str(r.outcome) ?? (r.kind === 'deploy-start' ? 'in progress or interrupted' : '');
      const rollback = r.kind === 'rollback';
      return {
        at: str(r.finishedAt) ?? r.at,
        source: 'ledger',
        kind: rollback ? 'rollback' : 'deploy',
        what: rollback
          ? ['rollback', str(r.env), str(r.from) && `from ${str(r.from)}`, str(r.to) && `to ${str(r.to)}`]
              .filter(Boolean)
              .join(' ')
          : ['deploy', str(r.env), str(r.release) ?? str(r.commit), str(r.deployId)]
              .filter(Boolean)
              .join(' '),
        status,
        live: NOT_SERVING.test(status) ? false : null,
      };
    })
    .reverse();
}

/** The sandbox's own deploy list (Render's shape), newest first. */
export async function sandboxDeploys(client: SandboxClient, limit = 5): Promise<DeployView[]> {
  return (await client.deploys()).slice(0, limit).map((d) => ({
    at: d.createdAt,
    source: 'sandbox' as const,
    kind: d.trigger === 'rollback' ? ('rollback' as const) : ('deploy' as const),
    what: `${d.trigger} of release ${d.release} (${d.id})`,
    status: d.status,
    live: d.status === 'live',
    ...(d.trigger === 'initial' ? { initial: true } : {}),
  }));
}

/** Render's deploy list, read through the platform client (its one HTTP layer, the environment's own service id), as views. */
export function renderDeploys(list: readonly PlatformDeploy[], limit = 5): DeployView[] {
  return list.slice(0, limit).map((d) => {
    const what = [
      d.trigger ?? 'deploy',
      d.id,
      d.commitId?.slice(0, 10),
      d.commitMessage?.split('\n')[0]?.slice(0, 60),
    ]
      .filter(Boolean)
      .join(' ');
    return {
      at: d.createdAt ?? d.finishedAt ?? '',
      source: 'render' as const,
      kind: d.trigger === 'rollback' ? ('rollback' as const) : ('deploy' as const),
      what,
      status: d.status,
      live: d.status === 'live',
    };
  });
}
