/**
 * Staging first across a team: when this machine's ledger has no staging run of the commit
 * (a teammate deployed it to staging), the proof is read from Render instead. The commit
 * counts as proved when it is what staging serves now, has served it for at least staging's
 * watch window (config.deploy.watchS.staging), and Render recorded no `server_failed` since
 * it went live, and staging is healthy now: not suspended on Render and, where staging's URL
 * is set, its health check not critical. Reading staging while deploying
 * production needs staging's own service id (RENDER_STAGING_SERVICE_ID; resolve.ts says
 * why). The proof used is printed in the plan, recorded in the ledger and shown by --dry-run.
 */
import type { Config } from '../config/schema';
import { readHealth } from '../checks/response-rules';
import { RunbookError } from '../errors';
import { expectOkJson, httpRequest, joinUrl, type RequestFn } from '../http';
import { resolvePlatform, type ResolveInput } from '../platform/resolve';
import { describeEvent } from '../platform/timeline';
import type { PlatformClient } from '../platform/types';
import { formatDuration } from '../units';
import { sameCommit } from './staging';
import { shortCommit } from './status';
import type { StagingProof } from './types';

export type RenderStagingCheck =
  | { kind: 'proved'; proof: Extract<StagingProof, { source: 'render' }>; commit: string }
  | { kind: 'refused'; why: string }
  | { kind: 'not-configured'; line: string };

/** One line for the plan: which proof, and what it rests on. */
export function describeProof(p: StagingProof): string {
  if (p.source === 'ledger')
    return `from the ledger: staged ${p.at}${p.deployId ? ` (${p.deployId})` : ''}${p.operator ? ` by ${p.operator}` : ''}`;
  return `from Render (${p.describes}): ${p.deployId} (commit ${shortCommit(p.commit)}) live since ${p.liveSince} (${formatDuration(p.liveForMs)}), ${p.eventsChecked} event(s) since with no server_failed; ${p.health}`;
}

/** Reads staging's proof for `commit` (or, without one, for what staging serves) from Render. */
export async function renderStagingProof(x: {
  config: Config;
  commit: string | undefined;
  processEnv: NodeJS.ProcessEnv;
  stateDir: string;
  nowMs: number;
  deps?: ResolveInput['deps'];
  /** For staging's health check (tests: a fake). */
  request?: RequestFn;
  signal?: AbortSignal;
}): Promise<RenderStagingCheck> {
  const r = resolvePlatform({
    config: x.config,
    env: 'staging',
    processEnv: x.processEnv,
    stateDir: x.stateDir,
    other: true,
    ...(x.deps ? { deps: x.deps } : {}),
  });
  if (r.kind === 'not-configured') return { kind: 'not-configured', line: r.line };
  const proof = await stagingProofFrom(r.client, x);
  if (proof.kind !== 'proved') return proof;
  const e = x.config.environments.staging;
  const url = e.url ?? (e.urlFromEnv ? x.processEnv[e.urlFromEnv]?.trim() : undefined);
  const health = await stagingHealth(x.config, url, x.request ?? httpRequest, x.signal);
  if (!health.ok) return { kind: 'refused', why: health.text };
  return { ...proof, proof: { ...proof.proof, health: `${proof.proof.health}; ${health.text}` } };
}

/** Staging's health check now, where its URL is set here: critical or unanswered refuses. */
async function stagingHealth(
  config: Config,
  url: string | undefined,
  request: RequestFn,
  signal?: AbortSignal,
): Promise<{ ok: boolean; text: string }> {
  if (!url) return { ok: true, text: "staging's URL is not set here, so its health check was not read" };
  try {
    const res = await request({
      url: joinUrl(url, '/api/health'),
      timeoutMs: config.timeouts.health,
      ...(signal ? { signal } : {}),
    });
    const h = readHealth(expectOkJson(res, config.journey.apiKeyEnv));
    if (!h) return { ok: false, text: `staging's health check at ${url} answered without a health status` };
    return h.status === 'critical'
      ? { ok: false, text: `staging's health is critical now (${h.causes.join('; ')})` }
      : { ok: true, text: `its health check answers ${h.status}` };
  } catch (err) {
    return {
      ok: false,
      text: `staging's health check at ${url} did not answer (${err instanceof RunbookError ? err.message : String(err)})`,
    };
  }
}

/** Judges staging's record as `client` reads it: what serves, since when, what happened since, suspended or not. */
export async function stagingProofFrom(
  client: PlatformClient,
  x: { config: Config; commit: string | undefined; nowMs: number; signal?: AbortSignal },
): Promise<RenderStagingCheck> {
  const deploys = await client.deploys({ limit: 20 }, x.signal);
  const live = deploys.find((d) => d.status === 'live');
  if (!live || !live.commitId)
    return { kind: 'refused', why: `Render shows no live deploy on staging (${client.describes})` };
  if (x.commit && !sameCommit(live.commitId, x.commit))
    return {
      kind: 'refused',
      why: `Render shows staging serving commit ${shortCommit(live.commitId)} (${live.id}), not ${shortCommit(x.commit)}`,
    };
  const since = Date.parse(live.finishedAt ?? live.createdAt ?? '');
  if (!Number.isFinite(since))
    return { kind: 'refused', why: `Render does not say when ${live.id} went live on staging` };
  const windowMs = x.config.deploy.watchS.staging * 1000;
  if (x.nowMs - since < windowMs)
    return {
      kind: 'refused',
      why: `commit ${shortCommit(live.commitId)} has been live on staging for ${formatDuration(x.nowMs - since)} only (${live.id}); staging's watch window is ${formatDuration(windowMs)}`,
    };
  const [events, service] = await Promise.all([
    client.events({ window: { startMs: since, endMs: x.nowMs }, limit: 100 }, x.signal),
    client.service(x.signal),
  ]);
  const mine = events.items.filter((e) => Date.parse(e.at) >= since);
  const failure = mine.find((e) => e.type === 'server_failed');
  if (failure)
    return {
      kind: 'refused',
      why: `staging had a failure since ${live.id} went live: ${describeEvent(failure)} at ${failure.at} (${failure.id})`,
    };
  if (service.suspended)
    return { kind: 'refused', why: `staging is suspended on Render now (${client.describes})` };
  return {
    kind: 'proved',
    commit: x.commit && x.commit.length > live.commitId.length ? x.commit : live.commitId,
    proof: {
      source: 'render',
      describes: client.describes,
      deployId: live.id,
      commit: live.commitId,
      liveSince: new Date(since).toISOString(),
      liveForMs: Math.max(0, x.nowMs - since),
      eventsChecked: mine.length,
      health: `staging is not suspended${events.truncated ? '; only the newest events were read' : ''}`,
    },
  };
}
