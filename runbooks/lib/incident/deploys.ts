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
  /** What it was: a deploy, a rollback, the release or commit, its status. */
  what: string;
  status: string;
  /** The sandbox's record of how it started, not a deploy anyone made. */
  initial?: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Deploy-like ledger records (kinds deploy*, rollback*) since `sinceMs`, newest first. */
export function ledgerDeploys(records: readonly LedgerRecord[], sinceMs: number): DeployView[] {
  return records
    .filter((r) => /^(deploy|rollback)/.test(r.kind) && Date.parse(r.at) >= sinceMs)
    .map((r) => ({
      at: r.at,
      source: 'ledger' as const,
      what: [
        r.kind,
        str(r.env) ?? str(r.environment),
        str(r.release) ?? str(r.commit) ?? str(r.commitId),
        str(r.deployId),
      ]
        .filter(Boolean)
        .join(' '),
      status: str(r.status) ?? str(r.outcome) ?? str(r.event) ?? str(r.step) ?? '',
    }))
    .reverse();
}

/** The sandbox's own deploy list (Render's shape), newest first. */
export async function sandboxDeploys(client: SandboxClient, limit = 5): Promise<DeployView[]> {
  return (await client.deploys()).slice(0, limit).map((d) => ({
    at: d.createdAt,
    source: 'sandbox' as const,
    what: `${d.trigger} of release ${d.release} (${d.id})`,
    status: d.status,
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
    return [
      {
        at: str(d.createdAt) ?? str(d.startedAt) ?? '',
        source: 'render' as const,
        what,
        status: str(d.status) ?? 'unknown',
      },
    ];
  });
}
