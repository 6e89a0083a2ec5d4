/**
 * The drill catalogue, as data: for each scenario, what breaks (a fault switched on, or a
 * release deployed on the sandbox), the alert the responder is handed, the diagnosis the
 * playbook gives for the symptom, and the remedy that restores the service. The runner
 * (run.ts) and the judge (judge.ts) read it; `drill.ts --list` prints it without the
 * remedies, so a responder is not told the answer.
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

/** How the scenario breaks the sandbox; `timeScale` scales faults whose parameter is wall time. */
export type Injection =
  | { kind: 'fault'; fault: FaultName; param: (timeScale: number) => string | undefined }
  /** Deploy a release of config.sandbox.releases (absent: the one it serves); `fault` (if any) is switched on once it is live. */
  | { kind: 'deploy'; release?: string; fault?: { name: FaultName; param: (timeScale: number) => string } };

/**
 * What restores the service, as the judge sees it on the sandbox:
 * `fault-gone` the fault is no longer on (cleared, or replaced by a deploy);
 * `restart` an in-place restart or a redeploy after the alert;
 * `rollback` the previous release serves again (a rollback, or a new deploy of it);
 * `serving` the instance answers again (nothing to do but wait).
 */
export type Remedy =
  { kind: 'fault-gone'; fault: FaultName } | { kind: 'restart' } | { kind: 'rollback' } | { kind: 'serving' };

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
    inject: { kind: 'fault', fault: 'latency-spike', param: () => '10' },
    alert: () => ({
      from: SUPPORT,
      title: 'Plans take minutes to load',
      lines: [
        'Several users say generating a routine "spins forever"; the app times out after a few minutes.',
      ],
      section: 'now-symptoms',
    }),
    diagnosis: [MONITOR, HEALTH, ASSESS],
    remedy: { kind: 'fault-gone', fault: 'latency-spike' },
    remedyText:
      'the slowness ends: an OpenAI slowdown passes, or an overloaded instance is scaled up in Render (in the drill: sandbox.ts fault clear latency-spike)',
  },
  {
    id: 'error-burst',
    title: 'Error burst',
    severity: 'P1',
    symptom: 'errors',
    inject: { kind: 'fault', fault: 'error-burst', param: () => '0.5' },
    alert: (c) => ({
      from: MONITOR_FROM,
      title: `[ERROR] error rate above ${c.alerts.errorRatePct}%`,
      lines: [
        'holisticos_requests_total{status="500"} is climbing on routine_generation and nutrition_generation.',
      ],
      section: 'errors',
    }),
    diagnosis: [SMOKE, MONITOR, ASSESS],
    remedy: { kind: 'fault-gone', fault: 'error-burst' },
    remedyText:
      'the upstream 500s stop (OpenAI recovers; in the drill: sandbox.ts fault clear error-burst); a deploy that caused them is rolled back',
  },
  {
    id: 'openai-outage',
    title: 'OpenAI outage (the 200-but-failing trap)',
    severity: 'P1',
    symptom: 'fallback',
    inject: { kind: 'fault', fault: 'openai-outage', param: () => undefined },
    alert: () => ({
      from: SUPPORT,
      title: 'Plans look generic today',
      lines: [
        "Users say today's routine and nutrition plans are generic, the same for everyone. Dashboards show no errors.",
      ],
      section: 'now-symptoms',
    }),
    diagnosis: [SMOKE, ASSESS],
    remedy: { kind: 'fault-gone', fault: 'openai-outage' },
    remedyText:
      'OpenAI is reachable again (in the drill: sandbox.ts fault clear openai-outage); until then tell users, nothing on our side restores it',
  },
  {
    id: 'openai-key-revoked',
    title: 'OpenAI key revoked',
    severity: 'P0',
    symptom: 'health',
    inject: { kind: 'fault', fault: 'openai-key-revoked', param: () => undefined },
    alert: () => ({
      from: SERVICE,
      title: '[CRITICAL] Critical System Issues Detected',
      lines: ['HolisticOS Alert: the health check reports critical issues (details in the health body).'],
      section: 'health',
    }),
    diagnosis: [HEALTH, SMOKE, ASSESS],
    remedy: { kind: 'fault-gone', fault: 'openai-key-revoked' },
    remedyText:
      'a valid OPENAI_API_KEY is set in Render and the service restarted (in the drill: sandbox.ts fault clear openai-key-revoked)',
  },
  {
    id: 'memory-leak',
    title: 'Memory leak',
    severity: 'P1',
    symptom: 'memory',
    inject: { kind: 'fault', fault: 'memory-leak', param: (s) => String(+(5 * s).toFixed(2)) },
    alert: (c) => ({
      from: MONITOR_FROM,
      title: `[WARNING] memory above ${formatMb(c.alerts.memoryTargetMb)} and climbing`,
      lines: [
        `The plan has ${formatMb(c.service.plan.memoryMb)}; Render kills the instance when it runs out.`,
      ],
      section: 'memory',
    }),
    diagnosis: [HEALTH, MONITOR, ASSESS],
    remedy: { kind: 'restart' },
    remedyText:
      'a restart frees the memory (sandbox.ts restart, or Restart service in Render); if it climbs back at the same slope, roll back the release',
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
    diagnosis: [HEALTH, MONITOR, ASSESS],
    remedy: { kind: 'fault-gone', fault: 'crash-loop' },
    remedyText:
      'roll back the release that crash-loops (or, when the loop was switched on by hand, sandbox.ts fault clear crash-loop)',
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
    remedy: { kind: 'fault-gone', fault: 'cost-runaway' },
    remedyText:
      'the runaway client is blocked: rotate HOLISTICOS_API_KEY (in the drill: sandbox.ts fault clear cost-runaway); what was billed stays billed',
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
      section: 'now-symptoms',
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
