/**
 * One scorecard run: read the sources (published reports, ledger, Render, the platform's events),
 * judge, and return the report for the run pipeline (finishReport) to write. Never prints.
 */
import { hostname, cpus } from 'node:os';
import type { Config, EnvironmentName } from '../config/schema';
import type { RenderDeps } from '../deploy/render-api';
import type { provenance } from '../report/build';
import { fileStamp } from '../report/write';
import type { ScorecardReport } from '../report/scorecard';
import { buildScorecardReport } from './build';
import { gitCommitTime, readDeploys, readPlatformEvents, readPublishedReports } from './sources';
import type { ScorecardInputs } from './types';

const DAY_MS = 86_400_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface ScorecardOptions {
  config: Config;
  environment: EnvironmentName;
  /** The scorecard's time (ms); ages and the window run to it. */
  asOf: number;
  publishDir: string;
  stateDir: string;
  repoRoot: string;
  processEnv: NodeJS.ProcessEnv;
  strict?: boolean;
  signal?: AbortSignal;
}

export interface ScorecardDeps {
  now?: () => number;
  render?: RenderDeps;
  commitTime?: (sha: string) => string | null;
  provenance: () => ReturnType<typeof provenance>;
}

/** The environment's base URL when it is known (never with credentials), for the report's target. */
function targetOf(config: Config, env: EnvironmentName, processEnv: NodeJS.ProcessEnv) {
  const e = config.environments[env];
  const raw = e.url ?? (e.urlFromEnv ? processEnv[e.urlFromEnv]?.trim() : undefined) ?? '';
  let url = '';
  let loopback = false;
  try {
    const u = new URL(raw);
    u.username = '';
    u.password = '';
    url = u.toString().replace(/\/$/, '');
    loopback = LOOPBACK.has(u.hostname);
  } catch {
    // Not set here: the scorecard reads no URL, it only names the environment.
  }
  return { url, environment: env, loopback, protected: e.protected };
}

/** Reads the sources and judges every promise. */
export async function runScorecard(o: ScorecardOptions, deps: ScorecardDeps): Promise<ScorecardReport> {
  const now = deps.now ?? Date.now;
  const startedAt = new Date(now()).toISOString();
  const { reports, skipped } = readPublishedReports(o.publishDir);
  const windowMs = o.config.scorecard.windowDays * DAY_MS;
  const [deploys, platform] = await Promise.all([
    readDeploys({
      config: o.config,
      environment: o.environment,
      stateDir: o.stateDir,
      processEnv: o.processEnv,
      commitTime: deps.commitTime ?? gitCommitTime(o.repoRoot),
      ...(deps.render ? { render: deps.render } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    }),
    readPlatformEvents({
      config: o.config,
      environment: o.environment,
      processEnv: o.processEnv,
      stateDir: o.stateDir,
      ...(deps.render ? { deps: deps.render } : {}),
      from: o.asOf - windowMs,
      to: o.asOf,
      ...(o.signal ? { signal: o.signal } : {}),
    }),
  ]);
  const inputs: ScorecardInputs = {
    config: o.config,
    environment: o.environment,
    asOf: o.asOf,
    reports,
    deploys,
    platform: platform.events,
    statuses: [
      {
        source: 'report',
        status: `${reports.length} published report${reports.length === 1 ? '' : 's'} read from the reports folder (static/reports, or RUNBOOKS_PUBLISH_DIR)${
          skipped.length ? `; skipped as unreadable or invalid: ${skipped.join(', ')}` : ''
        }`,
      },
      platform.status,
    ],
  };
  const prov = deps.provenance();
  return buildScorecardReport(
    inputs,
    {
      runId: `scorecard-${fileStamp(startedAt)}-${o.environment}`,
      tool: { ...prov.tool, script: 'scorecard' },
      git: prov.git,
      host: {
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        cpus: cpus().length,
        hostname: hostname(),
      },
      target: targetOf(o.config, o.environment, o.processEnv),
      startedAt,
      endedAt: new Date(now()).toISOString(),
      config: {
        asOf: new Date(o.asOf).toISOString(),
        strict: Boolean(o.strict),
        scorecard: o.config.scorecard,
        slo: {
          concurrentUsers: o.config.slo.concurrentUsers,
          p95Ms: o.config.slo.p95Ms,
          uptimePct: o.config.slo.uptimePct,
          costPerUserPerDayUsd: o.config.slo.costPerUserPerDayUsd,
        },
        p0ResolveWithinMs: o.config.incident.severities.P0.resolveWithinMs,
        costValidationTolerancePct: o.config.costModel.validationTolerancePct,
      },
    },
    { strict: o.strict },
  );
}
