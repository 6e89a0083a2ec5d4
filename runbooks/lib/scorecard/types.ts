/**
 * The scorecard's inputs, whatever their source: published reports, deploys (from the
 * ledger or Render's deploy list) and platform events (Render's service events). Each
 * source module turns what it reads into these; the judging modules see only these.
 */
import type { Config } from '../config/schema';
import type { Report } from '../report/schema';
import type { EvidenceSource } from '../report/scorecard';

/** A published report as the scorecard reads it. */
export interface PublishedReport {
  /** Relative to the reports folder: "load/<name>.json" (the site's page for it is /reports/load/<name>/). */
  file: string;
  report: Report;
  /** Listed in examples.json: committed with the handbook, measured on a developer's sandbox. */
  example: boolean;
}

/** A platform event (Render's service events; the platform sandbox models the same types). */
export interface PlatformEvent {
  /** `server_failed`, `server_available`, `service_suspended`, `service_resumed`, `deploy_started`, `deploy_ended`, … */
  type: string;
  /** ISO time. */
  at: string;
  details: Record<string, unknown>;
}

/** How a deploy ended, as the delivery keys count it. */
export type DeployOutcome = 'live' | 'failed-verification' | 'rolled-back' | 'not-live';

/** One deploy of the judged environment, whatever its source. */
export interface DeployFact {
  id: string;
  commit: string | null;
  /** When the commit was made (Render's commit.createdAt, or git), when known. */
  commitAt: string | null;
  /** Where commitAt came from. */
  commitAtSource: EvidenceSource | null;
  createdAt: string;
  /** When it went live (null: it never did). */
  liveAt: string | null;
  outcome: DeployOutcome;
  /** A rolled-back (or failed) deploy: when the previous version served again. */
  restoredAt: string | null;
  source: EvidenceSource;
}

/** What a source gave, or why it gave nothing: every figure names its source. */
export interface SourceStatus {
  source: EvidenceSource;
  status: string;
}

/** Deploys of the environment and the source they came from. */
export interface DeploySet {
  source: EvidenceSource;
  facts: DeployFact[];
  statuses: SourceStatus[];
}

/** Platform events over the window, or null when no platform is configured. */
export interface PlatformEvents {
  events: PlatformEvent[];
  /** The platform's sandbox model, not Render: labelled, never counted for another environment. */
  sandbox: boolean;
  /** What the events came from, e.g. "Render service srv-…". */
  describes: string;
  /**
   * Since when the platform knows the service (its createdAt, ms), null when it does not say:
   * a sandbox started minutes ago has no events from before, which is not a month without one.
   */
  since: number | null;
}

/** Everything a scorecard is judged from. */
export interface ScorecardInputs {
  config: Config;
  /** The environment whose promises are judged. */
  environment: string;
  /** The scorecard's time, ms since the epoch: ages and the window are measured to it. */
  asOf: number;
  reports: PublishedReport[];
  deploys: DeploySet;
  platform: PlatformEvents | null;
  /** Statuses of the sources not covered above (reports folder, platform). */
  statuses: SourceStatus[];
}
