/**
 * One drill, start to end: find the local sandbox (or start one), break it as the scenario
 * says, open an incident marked as a drill, hand over the alert, then watch — the ledger for
 * the responder's diagnosis, the sandbox for the remedy — until both are seen, the deadline
 * passes or Ctrl-C; then put the sandbox back and close the incident. Emits events; returns
 * a plain result (report.ts turns it into the `drill` report).
 */
import type { Config } from '../config/schema';
import { usageError } from '../errors';
import { abortableSleep } from '../http';
import { readLedger } from '../ledger/index';
import { sandboxAt } from '../state/sandboxes';
import { connectSandbox, type SandboxClient } from '../sandbox-client/index';
import { COMMAND_KINDS, commandsBetween } from '../incident/commands';
import { openIncident, addEvent } from '../incident/actions';
import type { IncidentLog } from '../incident/log';
import type { Incident } from '../incident/model';
import type { CommandRun } from '../report/incident';
import {
  firstDiagnosis,
  mergeSeen,
  remedySeen,
  wrongRemedies,
  type Baseline,
  type Observation,
  type Seen,
} from './judge';
import type { Alert, Scenario } from './scenarios';
import type { OwnSandbox } from './own-sandbox';
import { breakSandbox, restoreSandbox, type Injected } from './inject';

export interface DrillOptions {
  scenario: Scenario;
  /** The sandbox on this port of 127.0.0.1; when none runs there, the drill starts its own. */
  port: number;
  deadlineMs: number;
  pollMs: number;
  /** For a sandbox the drill starts itself. */
  own: { profile: string; timeScale: number };
  /** Draws when an outside cause ends (the same seed, the same time). */
  seed: number;
}

export type DrillEvent =
  | { type: 'sandbox'; url: string; own: boolean; timeScale: number }
  | { type: 'alert'; alert: Alert; at: number; incident: string; url: string }
  | { type: 'diagnosis'; command: CommandRun }
  | { type: 'remedy'; seen: Seen; waitingForDiagnosis: boolean }
  | { type: 'wrong'; seen: Seen }
  | { type: 'restored'; what: string[] };

export interface DrillDeps {
  config: Config;
  stateDir: string;
  log: IncidentLog;
  startOwn: (o: { profile: string; timeScale: number }) => Promise<OwnSandbox>;
  onEvent: (e: DrillEvent) => void;
  signal: AbortSignal;
  now?: () => number;
}

export interface DrillResult {
  scenario: Scenario;
  incident: Incident;
  sandbox: { url: string; ownProcess: boolean; timeScale: number; profile: string };
  injected: string[];
  alert: Alert;
  openedAt: number;
  alertAt: number;
  endedAt: number;
  outcome: 'mitigated' | 'deadline' | 'interrupted';
  diagnosis: CommandRun | null;
  remedy: Seen | null;
  wrong: Seen[];
  commands: CommandRun[];
  restored: string[];
  seed: number;
  /** An outside cause: when it ended by itself (or was due to), wall ms. */
  passesAt: number | null;
}

/** Runs the drill; the sandbox is put back (faults off, release restored) whatever happens. */
export async function runDrill(o: DrillOptions, deps: DrillDeps): Promise<DrillResult> {
  const now = deps.now ?? Date.now;
  const s = o.scenario;
  const url = `http://127.0.0.1:${o.port}`;
  const own = sandboxAt(deps.stateDir, url) ? undefined : await deps.startOwn(o.own);
  try {
    const client = connectSandbox(deps.stateDir, own?.record.url ?? url);
    const before = await client.faults();
    if (before.active.length)
      throw usageError(
        `The sandbox at ${client.url} already has faults on (${before.active.map((f) => f.label).join(', ')}); a drill starts from a healthy sandbox.`,
        "Clear them: npx zx runbooks/sandbox.ts fault clear (a release's own faults go with a deploy of the good release).",
      );
    if (before.platform?.suspended)
      throw usageError(
        `The sandbox at ${client.url} is suspended (it answers 503 to everything); a drill starts from a serving sandbox.`,
        `Resume it: npx zx runbooks/service.ts resume --url ${client.url}`,
      );
    const sandbox = {
      url: client.url,
      ownProcess: Boolean(own),
      timeScale: before.timeScale ?? 1,
      profile: before.profile ?? 'unknown',
    };
    deps.onEvent({ type: 'sandbox', url: client.url, own: Boolean(own), timeScale: sandbox.timeScale });
    const openedAt = now();
    let incident = openIncident(
      deps.log,
      {
        title: `Drill: ${s.title}`,
        severity: s.severity,
        env: 'local',
        // A sandbox of its own (not on the local environment's URL) is where the responder works.
        url: client.url === deps.config.environments.local.url ? undefined : client.url,
        beganAt: new Date(openedAt).toISOString(),
        drill: true,
        scenario: s.id,
      },
      new Date(openedAt),
    );
    let injected: Injected | undefined;
    try {
      injected = await breakSandbox(client, s, before, deps.config, deps.signal, o.seed);
      const alert = s.alert(deps.config);
      const alertAt = now();
      deps.onEvent({ type: 'alert', alert, at: alertAt, incident: incident.id, url: client.url });
      const base: Baseline = {
        alertAt,
        release: before.release,
        liveDeployId: injected.previousDeployId,
        drillDeployId: injected.deployId,
        url: client.url,
        ...(injected.passesAt !== undefined ? { passesAt: injected.passesAt } : {}),
      };
      const watched = await watch(client, s, base, incident.id, o, deps, now);
      const endedAt = now();
      const restored = await restoreSandbox(client, s, injected, watched.remedy !== null, deps.config);
      deps.onEvent({ type: 'restored', what: restored });
      incident = addEvent(deps.log, incident, {
        event: 'resolve',
        summary: `drill ended: ${watched.outcome}`,
      });
      const commands = commandsBetween(readLedger(deps.stateDir, COMMAND_KINDS), openedAt, endedAt);
      // The diagnosis as it ended (with its exit code), when it has ended since it was seen.
      const d = watched.diagnosis;
      const diagnosis = d
        ? (commands.find((c) => c.startedAt === d.startedAt && c.script === d.script) ?? d)
        : null;
      return {
        scenario: s,
        incident,
        sandbox,
        injected: injected.labels,
        alert,
        openedAt,
        alertAt,
        endedAt,
        ...watched,
        diagnosis,
        commands,
        restored,
        seed: o.seed,
        passesAt: injected.passesAt ?? null,
      };
    } catch (e) {
      if (injected) await restoreSandbox(client, s, injected, false, deps.config).catch(() => []);
      addEvent(deps.log, incident, { event: 'resolve', summary: 'drill aborted by an error' });
      throw e;
    }
  } finally {
    await own?.stop();
  }
}

/** Polls until the remedy and the diagnosis are both seen, the deadline, or Ctrl-C. */
async function watch(
  client: SandboxClient,
  s: Scenario,
  base: Baseline,
  incidentId: string,
  o: DrillOptions,
  deps: DrillDeps,
  now: () => number,
) {
  const envUrl = (env: string) => (deps.config.environments as Record<string, { url?: string }>)[env]?.url;
  const history: Observation[] = [];
  let diagnosis: CommandRun | undefined;
  let remedy: Seen | undefined;
  const wrong: Seen[] = [];
  const deadline = base.alertAt + o.deadlineMs;
  // Bounded in time (the deadline) and in count (one poll per interval of it).
  for (let i = 0; i <= Math.ceil(o.deadlineMs / o.pollMs) && now() < deadline && !deps.signal.aborted; i++) {
    const obs = await observe(client, now);
    if (obs) {
      // What an outside cause is judged on: the updates posted and the checks run since the alert.
      obs.commands = commandsBetween(readLedger(deps.stateDir, COMMAND_KINDS), base.alertAt, now());
      obs.updates = readLedger(deps.stateDir, ['incident'])
        .filter((r) => r.incident === incidentId && r.event === 'update')
        .map((r) => Date.parse(r.at));
      const seen = remedy === undefined ? remedySeen(s, base, obs, history, envUrl) : undefined;
      if (seen) deps.onEvent({ type: 'remedy', seen, waitingForDiagnosis: !diagnosis });
      remedy ??= seen;
      const before = wrong.length;
      mergeSeen(wrong, wrongRemedies(s, base, obs));
      for (const w of wrong.slice(before)) deps.onEvent({ type: 'wrong', seen: w });
      history.push(obs);
    }
    if (!diagnosis) {
      diagnosis = firstDiagnosis(
        s,
        commandsBetween(readLedger(deps.stateDir, COMMAND_KINDS), base.alertAt, now()),
        base,
        envUrl,
      );
      if (diagnosis) deps.onEvent({ type: 'diagnosis', command: diagnosis });
    }
    if (remedy && diagnosis) break;
    await abortableSleep(o.pollMs, deps.signal).catch(() => undefined);
  }
  const outcome: DrillResult['outcome'] =
    deps.signal.aborted && !(remedy && diagnosis) ? 'interrupted' : remedy ? 'mitigated' : 'deadline';
  return { outcome, diagnosis: diagnosis ?? null, remedy: remedy ?? null, wrong };
}

/** One look at the sandbox; undefined when it did not answer (a crash loop drops connections). */
async function observe(client: SandboxClient, now: () => number): Promise<Observation | undefined> {
  try {
    const [view, deploys] = await Promise.all([client.faults(), client.deploys()]);
    return { at: now(), view, deploys };
  } catch {
    return undefined;
  }
}
