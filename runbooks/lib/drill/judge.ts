/**
 * The drill's judge (pure): from what was seen on the sandbox and in the ledger, when the
 * responder first ran the diagnosis, when the right remedy restored the service, and what
 * was done that does not restore it. "However the responder did it": the remedy is read
 * off the sandbox's state, never off which command was typed.
 */
import type { CommandRun } from '../report/incident';
import type { FaultsView, LocalDeploy } from '../sandbox-client/index';
import { commandMatches } from '../incident/commands';
import type { Scenario } from './scenarios';

/** One poll of the sandbox. */
export interface Observation {
  at: number;
  view: FaultsView;
  deploys: LocalDeploy[];
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
}

export interface Seen {
  at: number;
  what: string;
}

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);

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

/** Whether `obs` shows the scenario's remedy; when and how. `history` is every earlier observation. */
export function remedySeen(
  s: Scenario,
  base: Baseline,
  obs: Observation,
  history: readonly Observation[],
): Seen | undefined {
  const v = obs.view;
  switch (s.remedy.kind) {
    case 'fault-gone': {
      const f = s.remedy.fault;
      if (v.active.some((a) => a.name === f)) return undefined;
      const replaced =
        v.release !==
        (history.find((h) => h.view.active.some((a) => a.name === f))?.view.release ?? v.release);
      const live = obs.deploys.find((d) => d.status === 'live');
      return {
        at: obs.at,
        what: replaced
          ? `${f} gone: ${live?.trigger === 'rollback' ? 'rolled back' : 'deployed'} to release ${v.release}${live ? ` (${live.id})` : ''}`
          : `${f} cleared`,
      };
    }
    case 'restart': {
      // Restarts nobody asked for (the crash loop's, the platform's OOM kills) are no remedy.
      const r = (v.restarts ?? []).find(
        (x) => ms(x.at) >= base.alertAt && x.cause !== 'crash-loop' && x.cause !== 'oom',
      );
      return r
        ? {
            at: ms(r.at),
            what: r.cause === 'deploy' ? 'redeployed (the instance restarted)' : 'restarted in place',
          }
        : undefined;
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
  if (s.remedy.kind !== 'restart') {
    for (const r of obs.view.restarts ?? []) {
      if (r.cause === 'admin' && ms(r.at) >= base.alertAt)
        out.push({
          at: ms(r.at),
          what:
            s.remedy.kind === 'serving'
              ? 'restarted during the cold start: the wait starts over'
              : 'restarted in place: this does not fix it',
        });
    }
  }
  if (s.remedy.kind !== 'rollback' && !(s.inject.kind === 'deploy' && s.remedy.kind === 'fault-gone')) {
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
