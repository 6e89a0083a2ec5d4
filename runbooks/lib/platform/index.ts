/**
 * The platform (Render) as a source of truth.
 *
 * Why: the service's own endpoints speak for one process and reset on every restart. The
 * likeliest real incident — memory growing with use until Render kills the instance at the
 * plan's 512 MB — is invisible to them: the counters that would explain it die with it.
 * Render knows what killed the instance (a `server_failed` event whose reason carries
 * `oomKilled`), how much memory it used against its limit, what its edge answered while the
 * app was down (502/503s the app never saw) and what the logs said. DESIGN.md, "The platform
 * (Render) as a source of truth", states the intent.
 *
 * How the pieces fit:
 * - `render-http.ts` is the one HTTP layer for Render, shared with the deploy providers
 *   (deploy/render-api.ts): the Bearer key, 401/403/404 mapped to the variable to fix, 429s
 *   and the Ratelimit-* headers honoured (`rate-limit.ts` reads them defensively), reads
 *   retried through the project's one retry helper, writes never re-sent blindly, the key
 *   redacted from every message.
 * - `client.ts` is the platform client (`PlatformClient`, types.ts): one service's metrics
 *   (memory and its limit, CPU, requests by status and latency quantiles at Render's edge,
 *   instance count), events (cursor pages), logs (time-window pages), the service itself,
 *   and restart / suspend / resume / scale. Every read is bounded in window, pages and time
 *   (config.platform); a time-out is RB_TIMEOUT, exit 3 where a script stops on it.
 *   `normalise.ts`, `events.ts` and `units.ts` turn Render's answers into the handbook's
 *   view once: units read from each series (memory in MB, CPU in cores, latency in ms; an
 *   unknown unit is kept and said), event details read by their `type`.
 * - The local implementation is the SAME client pointed at the sandbox, which models the
 *   platform (runbooks/lib/sandbox/platform*.ts: a memory limit from the config, OOM kills,
 *   crash loops, restarts, suspension, scaling, events, logs and edge metrics in Render's
 *   shapes) and answers Render's API under /__render/v1 (`sandbox-target.ts`), authorised by
 *   its admin token. So a script and a drill meet one implementation, on a laptop as on
 *   Render, and a fake Render in the tests exercises the very code production runs.
 * - `resolve.ts` picks, for an environment, the platform or a typed "not configured" with
 *   the one line a script prints ("platform signals: not configured (set RENDER_API_KEY and
 *   RENDER_SERVICE_ID)"): without Render variables nothing fails. Never Render for `local`.
 *   Service ids per environment: an environment's own variable (RENDER_STAGING_SERVICE_ID),
 *   else RENDER_SERVICE_ID for the environment a run acts on only — a production deploy that
 *   reads staging's deploys and events needs staging's own variable.
 *
 * The deploy `local` provider still speaks the sandbox's /__sandbox/deploys: a sandbox
 * release is a configuration, not a Render commit, and its plan, poll interval and
 * auto-deploy switch differ from Render's; the sandbox also serves its deploys read-only
 * under /__render/v1, so the platform client reads them like Render's.
 */
export { renderPlatform, type PlatformLimits, type PlatformOptions } from './client';
export {
  resolvePlatform,
  renderServiceId,
  platformForSandbox,
  limitsOf,
  NOT_CONFIGURED_LINE,
  type PlatformResolution,
  type ResolveInput,
} from './resolve';
export { describeFailure, failureReason, toEvent } from './events';
export { memoryView, toLogLine, toPlatformDeploy, toSeries, toService } from './normalise';
export { normaliser, parseMemoryQuantity } from './units';
export { readRateLimit, rateLimitWaitMs, RENDER_API_DEFAULT, UncertainWrite } from './render-http';
export { SANDBOX_RENDER_PREFIX, sandboxServiceId, sandboxOwnerId } from './sandbox-target';
export type * from './types';
