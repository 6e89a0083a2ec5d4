/**
 * One deploy, as Argo Rollouts and Flagger treat a release: the page's own checklist, the
 * live deploy recorded as the rollback target, trigger, follow under a deadline, verify,
 * watch, and on a failed verification or a breach a rollback that is itself followed and
 * verified. Every step is an event (the shell prints it), a ledger record (flushed as it
 * is written) and, at the start and the end, a Slack notice that never waits.
 *
 * Never prints, never exits: the shell (runbooks/deploy.ts) does. On an interrupt nothing
 * is rolled back; the result carries what to run next.
 */
import { randomBytes } from 'node:crypto';
import type { Ledger } from '../ledger/index';
import type { Notifier } from '../notify/slack';
import { RunbookError } from '../errors';
import { formatDuration } from '../units';
import type {
  Deploy,
  DeployProvider,
  DeployEvent,
  DeployOutcome,
  DeployPlan,
  DeployResult,
  StepId,
  StepResult,
} from './types';
import { createdSince, inProgress, liveDeploy, previousLive, shortCommit } from './status';
import { followDeploy, type FollowResult } from './follow';
import type { VerifyResult } from './verify';
import type { WatchResult } from './watch';
import { sameCommit } from './staging';
import { deployNotices } from './notices';
import { Stop, notLive, outcomeExitCode, deployRecord } from './outcome';

export interface DeployDeps {
  provider: DeployProvider;
  /** The pre-deployment checklist; absent when skipped. */
  checklist?:
    ((signal: AbortSignal) => Promise<{ ok: boolean; partial: boolean; detail: string }>) | undefined;
  verify: (signal: AbortSignal, onProgress: (text: string) => void) => Promise<VerifyResult>;
  /** Absent when the watch is off. */
  watch?: ((signal: AbortSignal, onProgress: (text: string) => void) => Promise<WatchResult>) | undefined;
  ledger: Ledger;
  notify: Notifier;
  /** Link to a section of the deployment runbook. */
  link: (section: StepId | 'auto-deploy' | 'by-hand') => string;
  deadlineMs: number;
  pollMs: number;
  signal: AbortSignal;
  onEvent?: (e: DeployEvent) => void;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export async function runDeploy(plan: DeployPlan, deps: DeployDeps): Promise<DeployResult> {
  const now = deps.now ?? Date.now;
  const runId = `run-${randomBytes(6).toString('hex')}`;
  const started = now();
  const steps: StepResult[] = [];
  const p = deps.provider;
  const signal = deps.signal;
  const notices = deployNotices(plan, deps.link);
  const state: Pick<DeployResult, 'previousLive' | 'deploy' | 'rollback' | 'verified' | 'watched'> = {
    previousLive: null,
    deploy: null,
    rollback: null,
    verified: false,
    watched: false,
  };
  const base = { runId, env: plan.env, operator: plan.operator };
  /** Deploys seen before a request: a deploy it started is one not among them. */
  const known = new Set<string>();

  const step = async (
    id: StepId,
    fn: (progress: (text: string) => void) => Promise<Omit<StepResult, 'step' | 'durationMs'>>,
  ): Promise<StepResult> => {
    deps.onEvent?.({ type: 'step-start', step: id });
    const t0 = now();
    let r: StepResult;
    try {
      r = {
        step: id,
        durationMs: 0,
        ...(await fn((text) => deps.onEvent?.({ type: 'progress', step: id, text }))),
      };
    } catch (e) {
      r = {
        step: id,
        durationMs: 0,
        verdict: signal.aborted ? 'interrupted' : 'failed',
        detail: e instanceof Error ? e.message : String(e),
      };
      finishStep(r, t0);
      throw e;
    }
    finishStep(r, t0);
    return r;
  };
  const finishStep = (r: StepResult, t0: number) => {
    r.durationMs = now() - t0;
    steps.push(r);
    deps.ledger.append({ kind: 'deploy-step', ...base, ...r });
    deps.onEvent?.({ type: 'step-end', result: r });
  };
  const interrupted = (id: StepId, what: string) => new Stop('interrupted', id, `interrupted ${what}`);

  deps.ledger.append({
    kind: 'deploy-start',
    ...base,
    provider: plan.provider,
    commit: plan.commit ?? null,
    release: plan.release ?? null,
    follow: plan.follow ?? null,
    skipped: {
      checklist: plan.checklist === null,
      stagingCheck: plan.staging.required && plan.staging.skipped,
    },
  });
  deps.notify.send(notices.start());

  let outcome: DeployOutcome = 'deployed';
  let failedStep: StepId | null = null;
  let reason = '';
  let error: DeployResult['error'] = null;
  try {
    // 1. The page's own checklist.
    if (!plan.follow) {
      if (deps.checklist) {
        const r = await step('checklist', async () => {
          const c = await deps.checklist!(signal);
          return { verdict: c.partial ? 'interrupted' : c.ok ? 'passed' : 'failed', detail: c.detail };
        });
        if (r.verdict === 'interrupted')
          throw interrupted('checklist', 'during the checklist: nothing was deployed');
        if (r.verdict === 'failed')
          throw new Stop(
            'refused',
            'checklist',
            `the pre-deployment checklist failed (${r.detail}): nothing was deployed`,
          );
      } else
        await step('checklist', async () => ({
          verdict: 'skipped',
          detail: 'skipped with --skip-checklist',
        }));
    }

    // 2. The live deploy: the rollback target. 3a. Nothing else in progress.
    let target: Deploy | undefined;
    const rec = await step('record-live', async () => {
      if (!p.can.read)
        return {
          verdict: 'skipped',
          detail: `${p.describes}: cannot read deploys, so there is no rollback target`,
        };
      const recent = await p.list(20, signal);
      for (const d of recent) known.add(d.id);
      if (plan.follow) {
        target =
          plan.follow === 'latest'
            ? recent[0]
            : (recent.find((d) => d.id === plan.follow) ?? (await p.get(plan.follow, signal)));
        if (!target) throw new Stop('refused', 'record-live', 'there is no deploy to follow');
        state.previousLive =
          previousLive(
            recent.filter(
              (d) =>
                d.id !== target!.id &&
                (!d.createdAt || !target!.createdAt || d.createdAt <= target!.createdAt),
            ),
            undefined,
          ) ?? null;
        return {
          verdict: 'passed',
          detail: `following ${target.id} (${target.status}); rollback target ${state.previousLive?.id ?? 'none'}`,
          deployId: target.id,
        };
      }
      state.previousLive = liveDeploy(recent) ?? null;
      const busy = inProgress(recent);
      if (busy.length && !plan.force) {
        throw new Stop(
          'refused',
          'record-live',
          `deploy ${busy[0]!.id} (${shortCommit(busy[0]!.commit.id)}) is already ${busy[0]!.status}; a new one would cancel it. Follow it (--follow ${busy[0]!.id}) or pass --force`,
        );
      }
      const live = state.previousLive;
      return {
        verdict: live ? 'passed' : 'warned',
        detail: live
          ? `live: ${live.id} (${shortCommit(live.commit.id)}${live.release ? `, release ${live.release}` : ''}), the rollback target${busy.length ? `; --force: ${busy.map((d) => d.id).join(', ')} will be canceled` : ''}`
          : 'no deploy is live: there is nothing to roll back to',
      };
    });
    if (signal.aborted) throw interrupted('record-live', 'before anything was triggered');
    void rec;

    // 3b. Trigger.
    if (!plan.follow) {
      await step('trigger', async (progress) => {
        const started = { since: new Date(now() - 1000), known };
        let d = await p.trigger({ commit: plan.commit, release: plan.release, ...started }, signal);
        if (!d && p.can.read) {
          // Accepted without an id (a hook, a 202): it is among the deploys created since.
          for (let i = 0; i < 6 && !d && !signal.aborted; i++) {
            progress('accepted without a deploy id; looking for it among the deploys created since');
            await (deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms))))(
              deps.pollMs,
              signal,
            );
            d = createdSince(await p.list(10, signal), started)[0];
          }
          if (!d)
            throw new Stop(
              'failed',
              'trigger',
              `the provider accepted the deploy but none appeared within ${formatDuration(6 * deps.pollMs)}`,
            );
        }
        if (d) {
          known.add(d.id);
          target = d;
          state.deploy = d;
        }
        return {
          verdict: 'passed',
          detail: d
            ? `started ${d.id} (${d.status}${d.commit.id ? `, commit ${shortCommit(d.commit.id)}` : ''})`
            : 'the hook accepted it (no deploy id given)',
          ...(d ? { deployId: d.id } : {}),
        };
      });
      if (!p.can.read)
        throw new Stop(
          'triggered',
          'follow',
          `${p.describes}: triggered, but it cannot be followed, verified or rolled back from here; watch the deploy in the Render dashboard, then run the post-deployment checklist`,
        );
    }
    state.deploy = target ?? null;

    // 4. Follow under a deadline.
    const follow = await followStep('follow', target!, `deploy ${target!.id}`);
    state.deploy = follow.deploy;
    if (follow.end === 'interrupted')
      throw interrupted(
        'follow',
        `while following ${target!.id}: it is ${follow.deploy.status}; nothing was rolled back`,
      );
    if (follow.end !== 'live') throw new Stop('failed', 'follow', notLive(follow, state.previousLive));
    if (plan.commit && follow.deploy.commit.id && !sameCommit(plan.commit, follow.deploy.commit.id)) {
      await rollbackAfter(
        'follow',
        `the deploy went live with commit ${shortCommit(follow.deploy.commit.id)}, not ${shortCommit(plan.commit)} (the one checked)`,
      );
    }

    // 5. Verify.
    let refused: RunbookError | undefined;
    const v = await step('verify', async (progress) => {
      const r = await deps.verify(signal, progress);
      refused = r.keyRefused;
      return { verdict: r.verdict, detail: r.detail, deployId: follow.deploy.id };
    });
    // A refused key judged nothing of the release: stop (exit 2), leave it live, unverified.
    const keyStop = (e: RunbookError, what: string) =>
      new RunbookError(
        'RB_AUTH',
        `${e.message} Deploy ${follow.deploy.id} is live and was not ${what} or rolled back: a rollback would be judged by the same key.`,
        e.hint ? { hint: e.hint } : {},
      );
    if (refused) throw keyStop(refused, 'verified');
    if (v.verdict === 'interrupted')
      throw interrupted(
        'verify',
        `during verification of ${follow.deploy.id}; it is live and was not rolled back`,
      );
    if (v.verdict === 'failed') await rollbackAfter('verify', v.detail);
    state.verified = true;

    // 6. Watch.
    if (deps.watch) {
      const w = await step('watch', async (progress) => {
        const r = await deps.watch!(signal, progress);
        refused = r.keyRefused;
        return {
          verdict: r.verdict === 'inconclusive' ? 'failed' : r.verdict,
          detail: r.verdict === 'inconclusive' ? `inconclusive: ${r.detail}` : r.detail,
          deployId: follow.deploy.id,
        };
      });
      if (refused) throw keyStop(refused, 'watched');
      if (w.verdict === 'interrupted')
        throw interrupted(
          'watch',
          `during the watch of ${follow.deploy.id}; it is live and was not rolled back`,
        );
      if (w.verdict === 'failed' && w.detail.startsWith('inconclusive'))
        throw new Stop(
          'failed',
          'watch',
          `the watch could not judge the deploy (${w.detail}); it stays live: judge it by hand, roll it back with rollback.ts if in doubt`,
        );
      if (w.verdict === 'failed') await rollbackAfter('watch', w.detail);
      state.watched = true;
    } else
      await step('watch', async () => ({
        verdict: 'skipped',
        detail: '--watch 0: not watched (a staging deploy that is not watched does not allow production)',
      }));
    reason = `${follow.deploy.id} is live, verified${state.watched ? ` and watched for ${formatDuration(plan.watchMs)}` : ''}`;
  } catch (e) {
    if (e instanceof Stop) {
      outcome = e.outcome;
      failedStep = outcome === 'triggered' ? null : e.step;
      reason = e.reason;
    } else if (e instanceof RunbookError) {
      outcome = signal.aborted ? 'interrupted' : 'errored';
      failedStep = steps.at(-1)?.step ?? null;
      reason = e.message;
      error = { code: e.code, message: e.message, hint: e.hint ?? null };
    } else throw e;
  }

  const result: DeployResult = {
    runId,
    plan,
    outcome,
    exitCode: outcomeExitCode(outcome, error),
    failedStep,
    reason,
    ...state,
    steps,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(now()).toISOString(),
    error,
  };
  deps.ledger.append({ kind: 'deploy', ...base, ...deployRecord(result) });
  deps.notify.send(notices.end(result));
  return result;

  async function followStep(id: 'follow' | 'rollback', d: Deploy, what: string): Promise<FollowResult> {
    let fr: FollowResult | undefined;
    await step(id, async (progress) => {
      fr = await followDeploy(p, d, {
        deadlineMs: deps.deadlineMs,
        pollMs: deps.pollMs,
        signal,
        ...(deps.now ? { now: deps.now } : {}),
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        onStatus: (x, ms) => progress(`${what}: ${x.status} (${formatDuration(ms)})`),
      });
      if (fr.end === 'timed-out') {
        progress(`not live after ${formatDuration(deps.deadlineMs)}: canceling ${d.id}`);
        if (p.can.cancel) await p.cancel(d.id, signal).catch(() => undefined);
      }
      return {
        verdict: fr.end === 'live' ? 'passed' : fr.end === 'interrupted' ? 'interrupted' : 'failed',
        detail: `${what}: ${fr.deploy.status} after ${formatDuration(fr.elapsedMs)}`,
        deployId: d.id,
      };
    });
    return fr!;
  }

  /** The new version is live and misbehaves: roll back to the recorded deploy (never on an interrupt). */
  async function rollbackAfter(failed: StepId, why: string): Promise<never> {
    const prev = state.previousLive;
    if (!plan.autoRollback)
      throw new Stop(
        'failed',
        failed,
        `${why}; auto-rollback is off (--no-auto-rollback): ${prev ? `roll back to ${prev.id} with rollback.ts` : 'there is no earlier deploy to roll back to'}`,
      );
    if (!prev) throw new Stop('failed', failed, `${why}; there is no earlier live deploy to roll back to`);
    deps.notify.send(notices.rollingBack(failed, why, prev));
    let rb: Deploy | undefined;
    let verified = false;
    let detail = '';
    try {
      const started = { since: new Date(now() - 1000), known };
      rb = await p.rollback({ to: prev.id, ...started }, signal);
      if (!rb) rb = createdSince(await p.list(10, signal), started)[0];
      if (!rb)
        throw new RunbookError('RB_HTTP', `the rollback to ${prev.id} was accepted but no deploy appeared`);
      const f = await followStep('rollback', rb, `rollback ${rb.id} to ${prev.id}`);
      if (f.end === 'interrupted') throw interrupted('rollback', `while following the rollback ${rb.id}`);
      if (f.end !== 'live') detail = `the rollback ${rb.id} did not go live: ${f.deploy.status}`;
      else {
        const v = await step('verify', async (progress) => {
          const r = await deps.verify(signal, progress);
          return { verdict: r.verdict, detail: `after the rollback: ${r.detail}`, deployId: rb!.id };
        });
        if (v.verdict === 'interrupted')
          throw interrupted('verify', `during verification of the rollback ${rb.id}`);
        verified = v.verdict === 'passed' || v.verdict === 'warned';
        detail = v.detail;
      }
    } catch (e) {
      state.rollback = {
        to: prev.id,
        deploy: rb ?? null,
        verified: false,
        detail: e instanceof Error ? e.message : String(e),
      };
      throw e instanceof Stop
        ? e
        : new Stop(
            'rollback-failed',
            failed,
            `${why}; the rollback to ${prev.id} failed: ${e instanceof Error ? e.message : String(e)}`,
          );
    }
    state.rollback = { to: prev.id, deploy: rb, verified, detail };
    throw new Stop(
      verified ? 'rolled-back' : 'rollback-failed',
      failed,
      `${why}; ${verified ? `rolled back to ${prev.id} (${rb.id}), and the rollback passed verification` : `the rollback to ${prev.id} did NOT pass: ${detail}`}`,
    );
  }
}
