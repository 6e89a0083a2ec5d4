/**
 * Reading the scorecard's sources: the published reports (the reports folder and its
 * examples.json), the ledger, Render's deploy list where the environment deploys through
 * Render's API, commit times from git, and the platform's events (uptime). What a source
 * could not give is a status line, never an exception: the scorecard says which figure used
 * which source, and one missing source leaves the others standing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/schema';
import { readLedger } from '../ledger/index';
import { REPORT_KINDS, validateReport } from '../report/schema';
import { RENDER_API_DEFAULT, renderApi, type RenderDeps } from '../deploy/render-api';
import { isRunbookError } from '../errors';
import { deploysFromLedger, deploysFromRender, type RenderDeployJson } from './deploys';
import type { DeploySet, PlatformEvent, PlatformEvents, PublishedReport, SourceStatus } from './types';
import { resolvePlatform } from '../platform/resolve';
import { isEnvironmentName } from '../config/environments';

/** Every valid published report under `dir` (the scorecards themselves excepted); invalid files are named in `skipped`. */
export function readPublishedReports(dir: string): { reports: PublishedReport[]; skipped: string[] } {
  const reports: PublishedReport[] = [];
  const skipped: string[] = [];
  let examples = new Set<string>();
  try {
    const list = (JSON.parse(readFileSync(join(dir, 'examples.json'), 'utf8')) as { examples?: unknown })
      .examples;
    if (Array.isArray(list)) examples = new Set(list.filter((x): x is string => typeof x === 'string'));
  } catch {
    // No manifest: nothing is an example.
  }
  for (const kind of REPORT_KINDS.map((s) => s.shape.kind.value)) {
    if (kind === 'scorecard' || !existsSync(join(dir, kind))) continue;
    for (const name of readdirSync(join(dir, kind))
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      const file = `${kind}/${name}`;
      try {
        const v = validateReport(JSON.parse(readFileSync(join(dir, file), 'utf8')));
        if (v.ok && v.report.kind === kind)
          reports.push({ file, report: v.report, example: examples.has(file) });
        else skipped.push(file);
      } catch {
        skipped.push(file);
      }
    }
  }
  return { reports, skipped };
}

/** The published scorecards under `dir`, oldest first (for the trend and the example manifest). */
export function readPublishedScorecards(dir: string): PublishedReport[] {
  const d = join(dir, 'scorecard');
  if (!existsSync(d)) return [];
  return readdirSync(d)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .flatMap((name) => {
      try {
        const v = validateReport(JSON.parse(readFileSync(join(d, name), 'utf8')));
        return v.ok ? [{ file: `scorecard/${name}`, report: v.report, example: false }] : [];
      } catch {
        return [];
      }
    });
}

/** Commit times from the git checkout the handbook sits in (in the service's repository, its commits), memoized; null when unknown. */
export function gitCommitTime(repoRoot: string): (sha: string) => string | null {
  const seen = new Map<string, string | null>();
  return (sha) => {
    if (!/^[0-9a-f]{7,40}$/i.test(sha)) return null;
    if (!seen.has(sha)) {
      let t: string | null = null;
      try {
        t =
          execFileSync('git', ['show', '-s', '--format=%cI', `${sha}^{commit}`], {
            cwd: repoRoot,
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
            timeout: 5_000,
          }).trim() || null;
      } catch {
        t = null;
      }
      seen.set(sha, t ? new Date(t).toISOString() : null);
    }
    return seen.get(sha)!;
  };
}

export interface DeploySourceOptions {
  config: Config;
  environment: string;
  stateDir: string;
  processEnv: NodeJS.ProcessEnv;
  commitTime: (sha: string) => string | null;
  render?: RenderDeps;
  signal?: AbortSignal;
}

/** Render's API, where the environment deploys through it and its variables are set; else why not. */
export function renderConfigured(
  o: Pick<DeploySourceOptions, 'config' | 'environment' | 'processEnv'>,
): { ok: true; baseUrl: string; apiKey: string; serviceId: string } | { ok: false; why: string } {
  const provider = o.config.deploy.providers[o.environment as keyof Config['deploy']['providers']];
  if (provider !== 'render-api')
    return { ok: false, why: `not configured: ${o.environment} deploys with the ${provider} provider` };
  const get = (v: string) => o.processEnv[v]?.trim() || undefined;
  const serviceId = get(o.config.service.renderServiceIdEnv);
  const apiKey = get('RENDER_API_KEY');
  if (!apiKey || !serviceId)
    return {
      ok: false,
      why: `not configured: RENDER_API_KEY and ${o.config.service.renderServiceIdEnv} are not both set`,
    };
  return { ok: true, baseUrl: get('RENDER_API_URL') ?? RENDER_API_DEFAULT, apiKey, serviceId };
}

/** Deploys of the environment: Render's deploy list where configured (ledger verdicts laid over it), else the ledger. */
export async function readDeploys(o: DeploySourceOptions): Promise<DeploySet> {
  const records = readLedger(o.stateDir, ['deploy', 'rollback']);
  const ledger = deploysFromLedger(records, o.environment, o.commitTime);
  const ledgerStatus: SourceStatus = {
    source: 'ledger',
    status: records.length
      ? `${ledger.length} deploy${ledger.length === 1 ? '' : 's'} of ${o.environment} among ${records.length} deploy and rollback records`
      : 'no deploy or rollback record in the ledger (ledger.jsonl in the state directory)',
  };
  const render = renderConfigured(o);
  if (!render.ok)
    return {
      source: 'ledger',
      facts: ledger,
      statuses: [ledgerStatus, { source: 'render', status: render.why }],
    };
  try {
    const api = renderApi(render, o.render);
    const list = await api.get<{ deploy?: RenderDeployJson }[]>(
      `/services/${encodeURIComponent(render.serviceId)}/deploys?limit=100`,
      undefined,
      o.signal,
    );
    const facts = deploysFromRender(
      (Array.isArray(list) ? list : []).map((x) => x.deploy ?? {}),
      ledger,
    );
    return {
      source: 'render',
      facts,
      statuses: [
        { source: 'render', status: `${facts.length} deploys from Render's deploy list (the newest 100)` },
        { ...ledgerStatus, status: `${ledgerStatus.status}; used for verification verdicts only` },
      ],
    };
  } catch (e) {
    if (!isRunbookError(e)) throw e;
    return {
      source: 'ledger',
      facts: ledger,
      statuses: [
        ledgerStatus,
        { source: 'render', status: `could not be read (${e.message}); the ledger stands in` },
      ],
    };
  }
}

/** Service events the uptime reads (failures and suspensions, and what ends them). */
const UPTIME_EVENTS = new Set(['server_failed', 'server_available', 'service_suspended', 'service_resumed']);

/**
 * The platform's service events over the window, for uptime: Render's `GET /services/{id}/events`
 * for the environment's own service where Render is configured, the sandbox's model on a
 * laptop, through the one platform client. Never a sandbox's events for another environment
 * than local (a sandbox says nothing of production). The window is read in slices of
 * config.platform.maxWindowH, newest first, each bounded in pages. Not configured, or not
 * reachable: null and a status line, and uptime comes from the published monitor runs; a
 * refused key is an error (RB_CONFIG, exit 2) naming the variable.
 */
export async function readPlatformEvents(
  o: Pick<DeploySourceOptions, 'config' | 'environment' | 'processEnv' | 'signal'> & {
    stateDir: string;
    from: number;
    to: number;
    deps?: RenderDeps;
  },
): Promise<{ events: PlatformEvents | null; status: SourceStatus }> {
  const fallback = 'uptime comes from published monitor runs';
  const status = (text: string): SourceStatus => ({ source: 'platform', status: text });
  if (!isEnvironmentName(o.environment))
    return { events: null, status: status(`not configured: no environment "${o.environment}"; ${fallback}`) };
  const r = resolvePlatform({
    config: o.config,
    env: o.environment,
    processEnv: o.processEnv,
    stateDir: o.stateDir,
    ...(o.deps ? { deps: o.deps } : {}),
  });
  if (r.kind === 'not-configured')
    return { events: null, status: status(`${r.line.replace(/^platform signals: /, '')}; ${fallback}`) };
  const c = r.client;
  if (c.source === 'sandbox' && o.environment !== 'local')
    return {
      events: null,
      status: status(
        `not read: ${o.environment}'s URL is a sandbox of this machine, whose events say nothing of ${o.environment}; ${fallback}`,
      ),
    };
  const slice = o.config.platform.maxWindowH * 3_600_000;
  const events: PlatformEvent[] = [];
  let since: number | null = null;
  let reads = 0;
  let truncated = false;
  try {
    const created = Date.parse((await c.service(o.signal)).createdAt ?? '');
    since = Number.isFinite(created) ? created : null;
    for (let end = o.to; end > o.from; end -= slice) {
      const start = Math.max(o.from, end - slice);
      const page = await c.events({ window: { startMs: start, endMs: end }, limit: 100 }, o.signal);
      reads++;
      truncated ||= page.truncated;
      // Each event once, in its own slice (kept to the slice here too: the slices meet at their ends).
      for (const e of page.items) {
        const t = Date.parse(e.at);
        if (UPTIME_EVENTS.has(e.type) && t > start && t <= end)
          events.push({ type: e.type, at: e.at, details: {} });
      }
    }
  } catch (e) {
    if (!isRunbookError(e) || e.code === 'RB_CONFIG' || e.code === 'RB_AUTH' || e.code === 'RB_INTERRUPTED')
      throw e;
    return {
      events: null,
      status: status(`could not be read from ${c.describes} (${e.message}); ${fallback}`),
    };
  }
  return {
    events: { events, sandbox: c.source === 'sandbox', describes: c.describes, since },
    status: status(
      `${events.length} failure, recovery and suspension events from ${c.describes} (${reads} read${reads === 1 ? '' : 's'}${truncated ? '; a slice had more events than the read bound, its oldest unread' : ''}); used for uptime`,
    ),
  };
}
