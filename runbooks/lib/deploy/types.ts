/**
 * A deploy as every provider reports it (Render's shape, which the local sandbox copies),
 * and what a provider can do. The deploy and rollback runs speak only this interface, so
 * Render's API, a deploy hook and the local sandbox are one flow.
 */
import type { ExitCode } from '../errors/exit-codes';
import type { ProviderName } from '../config/providers';

export type { ProviderName };

/** Which proof allowed a production deploy, as the plan prints it and the ledger keeps it. */
export type StagingProof =
  | { source: 'ledger'; at: string; deployId: string | null; operator: string | null }
  | {
      source: 'render';
      describes: string;
      deployId: string;
      commit: string;
      liveSince: string;
      /** How long it had been live when it was checked, ms. */
      liveForMs: number;
      /** Service events read since it went live (none of them a server_failed). */
      eventsChecked: number;
      /** What "healthy now" rests on. */
      health: string;
    };

export interface Deploy {
  id: string;
  /** Render's status word, kept as given (an unknown one counts as in progress). */
  status: string;
  commit: { id: string | null; message: string | null };
  trigger: string | null;
  createdAt: string | null;
  finishedAt: string | null;
  /** The local provider's release name. */
  release?: string;
}

export interface DeployProvider {
  readonly name: ProviderName;
  /** What it acts on, for the plan: e.g. "Render service srv-… via the API". */
  readonly describes: string;
  /** What this provider, with the variables it was given, can do. */
  readonly can: {
    read: boolean;
    rollback: boolean;
    cancel: boolean;
    autoDeploy: boolean;
    pinCommit: boolean;
  };
  /** Recent deploys, newest first. */
  list(limit: number, signal?: AbortSignal): Promise<Deploy[]>;
  get(id: string, signal?: AbortSignal): Promise<Deploy>;
  /**
   * Starts a deploy. Resolves with it, or with undefined when the provider accepted it
   * without saying which (a hook, a 202): the caller finds it among deploys created since.
   */
  trigger(
    o: { commit?: string | undefined; release?: string | undefined } & StartedSince,
    signal?: AbortSignal,
  ): Promise<Deploy | undefined>;
  /** A new deploy of what `to` deployed. */
  rollback(o: { to: string } & StartedSince, signal?: AbortSignal): Promise<Deploy | undefined>;
  cancel(id: string, signal?: AbortSignal): Promise<Deploy>;
  setAutoDeploy(on: boolean, signal?: AbortSignal): Promise<void>;
}

/**
 * How to recognise the deploy a request started when the answer did not say: created at or
 * after `since`, and not among the ids `known` before the request (clocks differ).
 */
export interface StartedSince {
  since: Date;
  known: ReadonlySet<string>;
}

/* The deploy run's plan, steps and result (run.ts runs them; format.ts and notices.ts show them). */

export type StepId = 'checklist' | 'record-live' | 'trigger' | 'follow' | 'verify' | 'watch' | 'rollback';
export type StepVerdict = 'passed' | 'warned' | 'failed' | 'skipped' | 'interrupted';

export interface StepResult {
  step: StepId;
  verdict: StepVerdict;
  durationMs: number;
  detail: string;
  deployId?: string;
}

export interface DeployPlan {
  env: string;
  provider: string;
  /** What the provider acts on. */
  describes: string;
  baseUrl: string;
  /** The commit asked for (--commit, or the one staging proved); undefined = the branch head. */
  commit: string | undefined;
  release: string | undefined;
  /** The checklist run first, or null when skipped (--skip-checklist). */
  checklist: string | null;
  /** 0 = no watch. */
  watchMs: number;
  watchIntervalMs: number;
  autoRollback: boolean;
  force: boolean;
  /** Production: the staging run that allows it, or the override. */
  staging:
    | { required: false }
    | { required: true; skipped: true }
    | {
        required: true;
        skipped: false;
        at: string;
        deployId: string | null;
        /** Which proof allowed it: this machine's ledger, or Render's record of staging. */
        proof: StagingProof;
      };
  confirmedBy: 'flag' | 'typed' | 'not-needed';
  /** --follow: an existing deploy to follow instead of triggering one. */
  follow: string | undefined;
  dryRun: boolean;
  operator: string;
}

export type DeployOutcome =
  | 'deployed'
  | 'triggered'
  | 'rolled-back'
  | 'rollback-failed'
  | 'failed'
  | 'refused'
  | 'interrupted'
  | 'errored';

export interface DeployResult {
  runId: string;
  plan: DeployPlan;
  outcome: DeployOutcome;
  exitCode: ExitCode;
  /** The step that failed (or was interrupted), and why, in one line. */
  failedStep: StepId | null;
  reason: string;
  previousLive: Deploy | null;
  deploy: Deploy | null;
  rollback: { to: string; deploy: Deploy | null; verified: boolean; detail: string } | null;
  verified: boolean;
  watched: boolean;
  steps: StepResult[];
  startedAt: string;
  finishedAt: string;
  error: { code: string; message: string; hint: string | null } | null;
}

export type DeployEvent =
  | { type: 'step-start'; step: StepId }
  | { type: 'step-end'; result: StepResult }
  | { type: 'progress'; step: StepId; text: string };

/** A deploy id as Render writes it. */
export const DEPLOY_ID = /^dep-[a-z0-9]{4,64}$/;
