/**
 * The drill catalogue, as data: for each scenario, what breaks (a fault switched on, or a
 * release deployed on the sandbox), the alert the responder is handed, the diagnosis the
 * playbook gives for the symptom, and the remedy that restores the service. The runner
 * (run.ts) and the judge (judge.ts) read it; `drill.ts --list` prints it without the
 * remedies, so a responder is not told the answer.
 *
 * A drill accepts only what would mitigate the real service, never `sandbox.ts fault clear`
 * (a sandbox tool, not a remedy). Per cause:
 * - a fault of the instance (a leak, a revoked key once a new one is set) ends with a restart
 *   through the platform, the service command's (`service.ts restart`);
 * - a release's fault (a crash loop, a broken routine) ends with a rollback;
 * - an outside cause (OpenAI slow, failing or down) ends by itself at a time the drill draws
 *   (seeded) within the scenario's window; nothing on our side fixes it, so the responder is
 *   judged on the diagnosis, the status update and verifying the recovery after it passed;
 * - a client running the cost up is contained by suspending the service until its key is
 *   rotated (rotation itself is not modelled by the sandbox);
 * - a cold start passes by waiting.
 */
import type { Config } from '../config/schema';
import type { FaultName } from '../faults/catalogue';
import type { Severity } from '../incident/model';
import type { CommandMatch } from '../incident/commands';
import type { SectionId } from '../sections/index';
import { formatMb, formatUsd } from '../units';

export type ScenarioId =
  | 'latency-spike'
  | 'error-burst'
  | 'openai-outage'
  | 'openai-key-revoked'
  | 'memory-leak'
  | 'cold-start'
  | 'crash-loop'
  | 'cost-runaway'
  | 'bad-release';

/**
 * How a fault switched on by the drill ends: with a restart through the platform, or by
 * itself (an outside cause) at a drawn time within `windowMs` (modelled ms from the alert).
 */
export type FaultEnd = { kind: 'restart' } | { kind: 'passes'; windowMs: readonly [number, number] };

/** How the scenario breaks the sandbox; `timeScale` scales faults whose parameter is wall time. */
export type Injection =
  | {
      kind: 'fault';
      fault: FaultName;
      param: (timeScale: number, config: Config) => string | undefined;
      ends?: FaultEnd;
    }
  /** Deploy a release of config.sandbox.releases (absent: the one it serves); `fault` (if any) is switched on once it is live. */
  | { kind: 'deploy'; release?: string; fault?: { name: FaultName; param: (timeScale: number) => string } };

/**
 * What restores the service, as the judge sees it on the sandbox:
 * `restart` a restart asked through the platform's API after the alert (service.ts restart);
 * `rollback` the previous release serves again (a rollback, or a new deploy of it);
 * `suspend` the service suspended through the platform after the alert (spending stops);
 * `passes` the outside cause ended by itself, a status update was posted and health or smoke
 *   verified the recovery after it ended;
 * `serving` the instance answers again (nothing to do but wait).
 */
export type Remedy =
  | { kind: 'restart' }
  | { kind: 'rollback' }
  | { kind: 'suspend' }
  | { kind: 'passes'; fault: FaultName }
  | { kind: 'serving' };

/**
 * The memory-leak scenario's timing: memory is brought to the alert's threshold
 * (alerts.memoryTargetMb) before the alert is handed over, as a leak grows unseen until it
 * crosses it; from there it climbs to the plan's limit in this much modelled time, when the
 * platform OOM-kills the instance if nobody restarted it. A realistic window to act in.
 */
export const LEAK_OOM_AFTER_ALERT_MS = 4 * 60_000;

/** Growth in MB per wall second that reaches the plan's limit LEAK_OOM_AFTER_ALERT_MS after the threshold. */
export function leakMbPerWallS(config: Config, timeScale: number): number {
  const mb = config.service.plan.memoryMb - config.alerts.memoryTargetMb;
  return +((mb / (LEAK_OOM_AFTER_ALERT_MS / 1000)) * timeScale).toFixed(3);
}

/** The window an outside cause (OpenAI's trouble) lasts in a drill, modelled ms from the alert. */
const PASSES_WINDOW: readonly [number, number] = [2 * 60_000, 6 * 60_000];

export interface Alert {
  /** Who sends it, as Slack shows the sender. */
  from: string;
  title: string;
  lines: string[];
  /** The section the alert links to. */
  section: SectionId;
}

export interface Scenario {
  id: ScenarioId;
  title: string;
  severity: Severity;
  /** The playbook section of the symptom ("practise this" links here). */
  symptom: SectionId;
  inject: Injection;
  alert: (config: Config) => Alert;
  /** Commands that count as the playbook's diagnosis for the symptom. */
  diagnosis: readonly CommandMatch[];
  remedy: Remedy;
  /** The remedy in words, for the report (never printed before the drill ends). */
  remedyText: string;
}

const HEALTH = { script: 'health' };
const SMOKE = { script: 'smoke' };
const MONITOR = { script: 'monitor' };
const ASSESS = { script: 'incident', sub: 'assess' };
/** The platform's view: memory against the plan's limit, OOM kills and restarts in its events. */
const PLATFORM = { script: 'service', sub: 'status' };
const SUPPORT = 'Support (#support)';
const SERVICE = 'HolisticOS Monitoring';
const MONITOR_FROM = 'monitor.ts';
const RENDER = 'Render';

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'latency-spike',
    title: 'Latency spike',
    severity: 'P1',
    symptom: 'slow',
    inject: {
      kind: 'fault',
      fault: 'latency-spike',
      param: () => '10',
      ends: { kind: 'passes', windowMs: PASSES_WINDOW },
    },
    alert: () => ({
      from: SUPPORT,
      title: 'Plans take minutes to load',
      lines: [
        'Several users say generating a routine "spins forever"; the app times out after a few minutes.',
      ],
      section: 'slow',
    }),
    diagnosis: [MONITOR, HEALTH, ASSESS],
    // Outside: OpenAI answers slowly. Nothing on our side makes it faster; a scale helps only
    // an overloaded instance, which this is not.
    remedy: { kind: 'passes', fault: 'latency-spike' },
    remedyText:
      "nothing on our side: OpenAI's slowdown passes by itself. Diagnose it (health, the monitor's generate time), post a status update (incident.ts note --update), and once it has passed verify the recovery with health or smoke",
  },
  {
    id: 'error-burst',
    title: 'Error burst',
    severity: 'P1',
    symptom: 'errors',
    inject: {
      kind: 'fault',
      fault: 'error-burst',
      param: () => '0.5',
      ends: { kind: 'passes', windowMs: PASSES_WINDOW },
    },
    alert: (c) => ({
      from: MONITOR_FROM,
      title: `[ERROR] error rate above ${c.alerts.errorRatePct}%`,
      lines: [
        'holisticos_requests_total{status="500"} is climbing on routine_generation and nutrition_generation.',
      ],
      section: 'errors',
    }),
    diagnosis: [SMOKE, MONITOR, ASSESS],
    // Outside: the handlers raise on OpenAI's errors. No deploy brought it, so no rollback.
    remedy: { kind: 'passes', fault: 'error-burst' },
    remedyText:
      'nothing on our side: the upstream 500s stop when OpenAI recovers. Diagnose it (smoke, the monitor), post a status update (incident.ts note --update), and once it has passed verify with smoke; had a deploy brought them, a rollback',
  },
  {
    id: 'openai-outage',
    title: 'OpenAI outage (the 200-but-failing trap)',
    severity: 'P1',
    symptom: 'fallback',
    inject: {
      kind: 'fault',
      fault: 'openai-outage',
      param: () => undefined,
      ends: { kind: 'passes', windowMs: PASSES_WINDOW },
    },
    alert: () => ({
      from: SUPPORT,
      title: 'Plans look generic today',
      lines: [
        "Users say today's routine and nutrition plans are generic, the same for everyone. Dashboards show no errors.",
      ],
      section: 'fallback',
    }),
    diagnosis: [SMOKE, ASSESS],
    remedy: { kind: 'passes', fault: 'openai-outage' },
    remedyText:
      'nothing on our side restores OpenAI: diagnose the 200-but-failing trap (smoke, assess), tell users (incident.ts note --update), and when OpenAI is back verify the recovery with smoke',
  },
  {
    id: 'openai-key-revoked',
    title: 'OpenAI key revoked',
    severity: 'P0',
    symptom: 'health',
    inject: {
      kind: 'fault',
      fault: 'openai-key-revoked',
      param: () => undefined,
      ends: { kind: 'restart' },
    },
    alert: () => ({
      from: SERVICE,
      title: '[CRITICAL] Critical System Issues Detected',
      lines: ['HolisticOS Alert: the health check reports critical issues (details in the health body).'],
      section: 'health',
    }),
    diagnosis: [HEALTH, SMOKE, ASSESS],
    // Ours to fix: a new key in Render's environment, then a restart to load it. The sandbox
    // does not model the environment, so the restart through the platform stands for both.
    remedy: { kind: 'restart' },
    remedyText:
      "set a valid OPENAI_API_KEY in Render's environment, then restart the service (service.ts restart); in the drill the restart stands for both",
  },
  {
    id: 'memory-leak',
    title: 'Memory leak',
    severity: 'P1',
    symptom: 'memory',
    inject: {
      kind: 'fault',
      fault: 'memory-leak',
      param: (s, c) => String(leakMbPerWallS(c, s)),
      ends: { kind: 'restart' },
    },
    alert: (c) => ({
      from: MONITOR_FROM,
      title: `[WARNING] memory above ${formatMb(c.alerts.memoryTargetMb)} and climbing`,
      lines: [
        `The plan has ${formatMb(c.service.plan.memoryMb)}; Render kills the instance when it runs out.`,
      ],
      section: 'memory',
    }),
    diagnosis: [HEALTH, MONITOR, ASSESS, PLATFORM],
    // Not a release's leak (it grows with use in the running instance): a restart through
    // the platform ends it. A release's leak would come back after a restart; only a
    // rollback ends that one.
    remedy: { kind: 'restart' },
    remedyText:
      'restart the service through the platform (service.ts restart, or Restart service in Render): it frees the memory before the OOM kill; if it climbs back at the same slope, the release leaks: roll it back (rollback.ts)',
  },
  {
    id: 'cold-start',
    title: 'Cold start after a deploy',
    severity: 'P2',
    symptom: 'unavailable',
    inject: {
      kind: 'deploy',
      fault: { name: 'cold-start', param: (s) => `${Math.max(1, Math.round(60 / s))}s` },
    },
    alert: () => ({
      from: RENDER,
      title: 'Deploy live; clients see 503',
      lines: ['A deploy just went live. The app reports "Service Unavailable" on every call.'],
      section: 'unavailable',
    }),
    diagnosis: [HEALTH, ASSESS, MONITOR],
    remedy: { kind: 'serving' },
    remedyText:
      'wait: the new instance is still starting and serves within a minute; a restart only starts the wait over',
  },
  {
    id: 'crash-loop',
    title: 'Crash loop',
    severity: 'P0',
    symptom: 'unavailable',
    inject: { kind: 'deploy', release: 'crash-looping' },
    alert: () => ({
      from: RENDER,
      title: 'Instance restarted several times in five minutes',
      lines: [
        'Render events show the service restarting again and again since the last deploy; clients see dropped connections and 503s.',
      ],
      section: 'unavailable',
    }),
    diagnosis: [HEALTH, MONITOR, ASSESS, PLATFORM],
    // The release brought it: a restart starts the same release again, so only a rollback ends it.
    remedy: { kind: 'rollback' },
    remedyText:
      'roll back the release that crash-loops (rollback.ts); a restart starts the same release and loops again',
  },
  {
    id: 'cost-runaway',
    title: 'Cost runaway',
    severity: 'P1',
    symptom: 'cost',
    inject: { kind: 'fault', fault: 'cost-runaway', param: () => '50' },
    alert: (c) => ({
      from: MONITOR_FROM,
      title: `[WARNING] daily cost climbing toward ${formatUsd(c.alerts.dailyCostUsd)}`,
      lines: ['cost_tracking.total_cost_today is rising fast.'],
      section: 'cost',
    }),
    diagnosis: [MONITOR, ASSESS],
    // Containment: suspending stops the spending at once (the runaway's calls get 503 and cost
    // nothing). Rotating HOLISTICOS_API_KEY, then resuming, ends it; the sandbox does not
    // model the rotation.
    remedy: { kind: 'suspend' },
    remedyText:
      'stop the spending: suspend the service (service.ts suspend); then rotate HOLISTICOS_API_KEY and resume. What was billed stays billed',
  },
  {
    id: 'bad-release',
    title: 'Bad release',
    severity: 'P1',
    symptom: 'bad-release',
    inject: { kind: 'deploy', release: 'broken-routine' },
    alert: () => ({
      from: SUPPORT,
      title: "Routines broken since this morning's release?",
      lines: ['Users say routines look generic since about the time of the last deploy.'],
      section: 'bad-release',
    }),
    diagnosis: [SMOKE, HEALTH, ASSESS],
    remedy: { kind: 'rollback' },
    remedyText:
      "roll back to the previous deploy (Render's rollback, or the sandbox's deploy API); the previous release serves again",
  },
];

export const SCENARIO_IDS = SCENARIOS.map((s) => s.id);

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
