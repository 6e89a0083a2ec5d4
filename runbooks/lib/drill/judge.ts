/**
 * The drill's judge (pure): from what was seen on the sandbox and in the ledger, when the
 * responder first ran the diagnosis, when the right remedy restored the service, and what
 * was done that does not restore it. The remedy is read off the sandbox's state as the
 * platform records it (a restart asked through its API, a rollback, a suspension), never off
 * which command was typed; what only the sandbox offers (`fault clear`, its admin restart)
 * is recorded as done, not a remedy.
 */
import type { CommandRun } from '../report/incident';
import type { FaultsView, LocalDeploy } from '../sandbox-client/index';
import { commandMatches } from '../incident/commands';
import { SANDBOX_API_USER } from '../platform/sandbox-target';
import type { Scenario } from './scenarios';

/** One poll of the sandbox, and of the ledger since the alert. */
export interface Observation {
  at: number;
  view: FaultsView;
  deploys: LocalDeploy[];
  /** Commands of the ledger since the alert (for an outside cause: the verification). */
  commands?: readonly CommandRun[];
  /** When a status update was posted to the drill's incident (wall ms). */
  updates?: readonly number[];
}

/** What the drill knew before and right after it broke the sandbox. */
export interface Baseline {
  /** When the responder was alerted (wall ms). */
  alertAt: number;
  /** The release served before the drill, and its live deploy. */
  release: string;
  liveDeployId: string | undefined;
  /** The deploy the drill made (deploy scenarios). */
  drillDeployId: string | undefined;
  /** The sandbox's URL: only commands against it count. */
  url: string;
  /** An outside cause: when it ends by itself (wall ms). */
  passesAt?: number;
}

export interface Seen {
  at: number;
  what: string;
}

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);
const clock = (t: number) => new Date(t).toISOString().slice(11, 19);

/** Health or smoke: what verifies a recovery. */
const VERIFY = [{ script: 'health' }, { script: 'smoke' }] as const;

/** The first command of the scenario's diagnosis run against the drill's sandbox after the alert. */
export function firstDiagnosis(
  s: Scenario,
  commands: readonly CommandRun[],
  base: Baseline,
  envUrl: (env: string) => string | undefined,
): CommandRun | undefined {
  return commands.find(
    (c) => ms(c.startedAt) >= base.alertAt && commandMatches(c, s.diagnosis, base.url, envUrl),
  );
}

/** A restart asked through the platform's API (what service.ts restart sends) after the alert. */
function platformRestart(base: Baseline, obs: Observation) {
  return (obs.view.restarts ?? []).find(
    (x) => ms(x.at) >= base.alertAt && x.cause === 'admin' && x.by === SANDBOX_API_USER,
  );
}

/** Whether `obs` shows the scenario's remedy; when and how. `history` is every earlier observation. */
export function remedySeen(
  s: Scenario,
  base: Baseline,
  obs: Observation,
  history: readonly Observation[],
  envUrl: (env: string) => string | undefined = () => undefined,
): Seen | undefined {
  const v = obs.view;
  switch (s.remedy.kind) {
    case 'restart': {
      // Only the platform's restart (the service command's) counts: not the platform's own
      // OOM kills, a crash loop's restarts, nor the sandbox's admin restart.
      const r = platformRestart(base, obs);
      return r ? { at: ms(r.at), what: 'restarted through the platform (service.ts restart)' } : undefined;
    }
    case 'rollback': {
      const live = obs.deploys.find((d) => d.status === 'live');
      const drill = obs.deploys.find((d) => d.id === base.drillDeployId);
      if (
        !live ||
        !drill ||
        live.id === drill.id ||
        ms(live.createdAt) < ms(drill.createdAt) ||
        v.release !== base.release
      )
        return undefined;
      return {
        at: Number.isFinite(ms(live.finishedAt)) ? ms(live.finishedAt) : obs.at,
        what: `${live.trigger === 'rollback' ? 'rolled back' : 'redeployed'} to release ${live.release} (${live.id})`,
      };
    }
    case 'suspend': {
      if (!v.platform?.suspended) return undefined;
      const first = history.find((h) => h.at >= base.alertAt && h.view.platform?.suspended);
      return {
        at: first?.at ?? obs.at,
        what: 'suspended through the platform: the runaway calls stop costing',
      };
    }
    case 'passes': {
      // The outside cause is over (by itself; or cleared by hand, which is no remedy: then
      // its drawn time still has to come), the users were told, and the recovery verified.
      const f = s.remedy.fault;
      if (v.active.some((a) => a.name === f)) return undefined;
      const ended = (v.ended ?? []).findLast((e) => e.name === f && ms(e.at) >= base.alertAt);
      const endedAt = ended?.how === 'by-itself' ? ms(ended.at) : base.passesAt;
      if (endedAt === undefined || obs.at < endedAt) return undefined;
      const update = (obs.updates ?? []).find((t) => t >= base.alertAt);
      if (update === undefined) return undefined;
      const check = (obs.commands ?? []).find(
        (c) => ms(c.startedAt) >= endedAt && c.exitCode === 0 && commandMatches(c, VERIFY, base.url, envUrl),
      );
      if (!check) return undefined;
      return {
        at: Math.max(ms(check.startedAt), update),
        what: `${f} ended by itself at ${clock(endedAt)}; update posted at ${clock(update)}; recovery verified by ${check.script} (exit 0) at ${clock(ms(check.startedAt))}`,
      };
    }
    case 'serving': {
      const down =
        history.some((h) => h.at >= base.alertAt && h.view.serving === false) || v.serving === false;
      return down && v.serving !== false ? { at: obs.at, what: 'serving again' } : undefined;
    }
  }
}

/** Things done after the alert that do not restore this service, deduplicated. */
export function wrongRemedies(s: Scenario, base: Baseline, obs: Observation): Seen[] {
  const out: Seen[] = [];
  // The sandbox's own tool is never a remedy: the drill says so and keeps waiting.
  for (const e of obs.view.ended ?? [])
    if (e.how === 'cleared' && e.source === 'switched' && ms(e.at) >= base.alertAt)
      out.push({
        at: ms(e.at),
        what: `sandbox.ts fault clear ${e.name}: done, not a remedy (the real service has no such switch)`,
      });
  for (const r of obs.view.restarts ?? []) {
    if (r.cause !== 'admin' || ms(r.at) < base.alertAt) continue;
    if (r.by !== SANDBOX_API_USER)
      out.push({
        at: ms(r.at),
        what: 'sandbox.ts restart: done, not a remedy (restart the service through the platform: service.ts restart)',
      });
    else if (s.remedy.kind !== 'restart')
      out.push({
        at: ms(r.at),
        what:
          s.remedy.kind === 'serving'
            ? 'restarted during the cold start: the wait starts over'
            : s.remedy.kind === 'rollback'
              ? 'restarted: the same release starts again, this does not fix it'
              : 'restarted: this does not fix it',
      });
  }
  if (s.remedy.kind !== 'rollback') {
    for (const d of obs.deploys) {
      if (d.id !== base.drillDeployId && ms(d.createdAt) >= base.alertAt)
        out.push({
          at: ms(d.createdAt),
          what: `deployed release ${d.release} (${d.trigger}): this does not fix it`,
        });
    }
  }
  return out;
}

/** Merges newly seen wrong remedies into the list, keeping the first sighting of each. */
export function mergeSeen(list: Seen[], more: readonly Seen[]): Seen[] {
  for (const m of more) if (!list.some((x) => x.at === m.at && x.what === m.what)) list.push(m);
  return list.sort((a, b) => a.at - b.at);
}
