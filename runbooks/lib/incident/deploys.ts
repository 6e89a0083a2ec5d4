/**
 * Recent deploys for the quick assessment, from every source the handbook has: deploy and
 * rollback records in the ledger (written by deploy.ts / rollback.ts, read generically so
 * this does not depend on their exact shape), the local sandbox's deploy list when the
 * target is a sandbox on this machine, and Render's deploy list when RENDER_API_KEY and
 * RENDER_SERVICE_ID are set (one small GET). A source that fails is a note, never a throw.
 */
import type { LedgerRecord } from '../ledger/index';
import { RunbookError } from '../errors';
import { expectJson, type RequestFn } from '../http';
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

/** GET {RENDER_API_URL}/services/{id}/deploys?limit=5 with the API key; the key is never part of a message. */
export async function renderDeploys(
  request: RequestFn,
  env: NodeJS.ProcessEnv,
  serviceIdEnv: string,
  signal?: AbortSignal,
): Promise<DeployView[] | undefined> {
  const key = env.RENDER_API_KEY;
  const service = env[serviceIdEnv];
  if (!key || !service) return undefined;
  const base = (env.RENDER_API_URL || 'https://api.render.com/v1').replace(/\/+$/, '');
  const res = await request({
    url: `${base}/services/${encodeURIComponent(service)}/deploys?limit=5`,
    headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
    timeoutMs: 10_000,
    ...(signal ? { signal } : {}),
  });
  const body = expectJson(res) as unknown;
  if (res.status !== 200 || !Array.isArray(body)) {
    const msg =
      body && typeof body === 'object' && 'message' in body
        ? String((body as { message: unknown }).message)
        : `HTTP ${res.status}`;
    throw new RunbookError(
      res.status === 401 || res.status === 403 ? 'RB_AUTH' : 'RB_HTTP',
      `Render's deploy list answered ${res.status}: ${msg}.`,
      { hint: `Check RENDER_API_KEY and ${serviceIdEnv}.` },
    );
  }
  return body.flatMap((item: unknown) => {
    const d =
      item && typeof item === 'object' && 'deploy' in item
        ? (item as { deploy: Record<string, unknown> }).deploy
        : (item as Record<string, unknown> | null);
    if (!d || typeof d !== 'object') return [];
    const commit = d.commit && typeof d.commit === 'object' ? (d.commit as Record<string, unknown>) : {};
    const what = [
      str(d.trigger) ?? 'deploy',
      str(d.id),
      str(commit.id)?.slice(0, 10),
      str(commit.message)?.split('\n')[0]?.slice(0, 60),
    ]
      .filter(Boolean)
      .join(' ');
    const status = str(d.status) ?? 'unknown';
    return [
      {
        at: str(d.createdAt) ?? str(d.startedAt) ?? '',
        source: 'render' as const,
        kind: d.trigger === 'rollback' ? ('rollback' as const) : ('deploy' as const),
        what,
        status,
        live: status === 'live',
      },
    ];
  });
}
