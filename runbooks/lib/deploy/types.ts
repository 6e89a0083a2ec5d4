/**
 * A deploy as every provider reports it (Render's shape, which the local sandbox copies),
 * and what a provider can do. The deploy and rollback runs speak only this interface, so
 * Render's API, a deploy hook and the local sandbox are one flow.
 */
export type ProviderName = 'render-api' | 'render-hook' | 'local';

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
  readonly can: { read: boolean; rollback: boolean; cancel: boolean; autoDeploy: boolean; pinCommit: boolean };
  /** Recent deploys, newest first. */
  list(limit: number, signal?: AbortSignal): Promise<Deploy[]>;
  get(id: string, signal?: AbortSignal): Promise<Deploy>;
  /**
   * Starts a deploy. Resolves with it, or with undefined when the provider accepted it
   * without saying which (a hook, a 202): the caller finds it among deploys created since.
   */
  trigger(o: { commit?: string | undefined; release?: string | undefined } & StartedSince, signal?: AbortSignal): Promise<Deploy | undefined>;
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

/** A deploy id as Render writes it. */
export const DEPLOY_ID = /^dep-[a-z0-9]{4,64}$/;
