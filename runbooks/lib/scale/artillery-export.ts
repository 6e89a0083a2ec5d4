/**
 * `load.ts --export artillery`: the configured journey, workload and thresholds as an
 * Artillery 2 script (YAML), runnable as it is with `artillery run`. The API key is read
 * by Artillery from the environment when it runs; the file never holds it.
 */
import type { Target } from '../target/resolve';
import { labelText } from '../target/label';
import type { Config } from '../config/schema';
import { formatDuration } from '../units';
import { artilleryPhases } from './artillery-phases';
import { ensureFor } from './artillery-ensure';
import { expectations, ruleGaps, RULE_SUMMARY } from './artillery-rules';
import { artilleryDuration, judgedSteps, type ScalePlan, type ScaleStep } from './plan';
import { toYaml, yamlComment, type YamlValue } from './yaml';

export interface ExportResult {
  text: string;
  /** Every exported check, `threshold → check`. */
  checks: string[];
  /** What the file could not carry over, and why. */
  notCarried: string[];
}

/** Fills the config's `{user_id}` / `{archetype}` placeholders with Artillery templates, deep. */
function templated(v: unknown, uid: string): YamlValue {
  if (typeof v === 'string')
    return v.split('{user_id}').join(uid).split('{archetype}').join('{{ archetype }}');
  if (Array.isArray(v)) return v.map((x) => templated(x, uid));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, templated(x, uid)]));
  return v as YamlValue;
}

function request(plan: ScalePlan, s: ScaleStep, judged: boolean, uid: string): YamlValue {
  return {
    [s.method.toLowerCase()]: {
      name: s.id,
      url: templated(s.path, uid),
      headers: s.auth ? { [plan.apiKeyHeader]: `{{ $env.${plan.apiKeyEnv} }}` } : undefined,
      json: s.body === undefined ? undefined : templated(s.body, uid),
      expect: judged ? expectations(s.expect, s.id) : undefined,
    },
  };
}

/** The general gaps between the handbook's engine and Artillery, whatever the plan. */
function engineGaps(plan: ScalePlan, maxTimeoutMs: number): string[] {
  const timeouts = [...new Set(plan.steps.map((s) => s.timeoutMs))];
  return [
    ...(timeouts.length > 1
      ? [
          `per-step timeouts (${plan.steps.map((s) => `${s.id} ${formatDuration(s.timeoutMs)}`).join(', ')}): Artillery has one request timeout, set to the longest, ${formatDuration(maxTimeoutMs)}.`,
        ]
      : []),
    'a failed step ends its journey (the virtual user fails there); the handbook runs the remaining steps, so later steps see fewer requests when earlier ones fail.',
    'latency is time to first byte (Artillery and its metrics-by-endpoint plugin); the handbook times the whole response. Alike for these endpoints, which send their body at once.',
    `--grace ${formatDuration(plan.graceMs)}: Artillery lets every started journey finish, with no cap after the last phase.`,
    'config.capacity.maxRequests: Artillery has no request cap; the phases bound the run.',
    'a step that got no response at all fails its ensure check in Artillery (a missing metric reads as false); the handbook reports it as "no data" and does not fail on it.',
    'archetypes are picked at random per journey (config.variables), where the handbook rotates them.',
    ...(plan.model.type === 'closed' && plan.model.thinkMs > 0
      ? [
          "journey latency is Artillery's session length, which includes the think time; the handbook's excludes it.",
        ]
      : []),
    "the generator's self-monitor (CPU, event-loop delay) and late starts: Artillery does not report them, so an imported report cannot be marked invalid by them.",
  ];
}

/** The Artillery script of a plan against `target`. */
export function artilleryScript(
  config: Config,
  plan: ScalePlan,
  target: Pick<Target, 'baseUrl' | 'label'>,
): ExportResult {
  const uid = `${plan.userIdPrefix}_{{ $uuid }}`;
  const judged = new Set(judgedSteps(plan).map((s) => s.id));
  const { phases, mapping } = artilleryPhases(plan.model, plan.durationMs);
  const ensure = ensureFor(plan);
  const maxTimeoutMs = Math.max(...plan.steps.map((s) => s.timeoutMs));
  const flow: YamlValue[] = plan.steps.map((s) => request(plan, s, judged.has(s.id), uid));
  // Whole seconds or a duration string: Artillery 2.0.21 reads a fractional number (0.25) as no think at all.
  if (plan.model.type === 'closed' && plan.model.thinkMs > 0)
    flow.push({ think: artilleryDuration(plan.model.thinkMs) });
  const doc: YamlValue = {
    config: {
      target: target.baseUrl,
      http: { timeout: Math.ceil(maxTimeoutMs / 1000) },
      phases,
      variables: { archetype: [...plan.archetypes] },
      // Order matters: metrics-by-endpoint must record a response before expect can fail its user.
      plugins: {
        'metrics-by-endpoint': { useOnlyRequestNames: true },
        expect: { reportFailuresAsErrors: true, useOnlyRequestNames: true, outputFormat: 'silent' },
        ensure: {},
      },
      ensure: { thresholds: ensure.thresholds, conditions: ensure.conditions },
    },
    scenarios: [{ name: 'journey', flow }],
  };
  const notCarried = [
    ...ruleGaps(new Set(plan.steps.filter((s) => judged.has(s.id)).map((s) => s.expect))),
    ...ensure.notCarried,
    ...engineGaps(plan, maxTimeoutMs),
  ];
  const header = [
    `${config.service.name}: the handbook's load journey as an Artillery 2 script (tested with Artillery 2.0.21).`,
    'Generated by `npx zx runbooks/load.ts --export artillery`; regenerate it rather than editing it.',
    `Target: ${target.baseUrl} (${labelText(target.label)}); \`artillery run --target <url>\` overrides it.`,
    `Run:    ${plan.apiKeyEnv}=… ARTILLERY_DISABLE_TELEMETRY=true npx artillery run <this file> --output out.json`,
    "        or the handbook's runner: npm run artillery -- run <this file> --output out.json",
    '        On N workers, `npm run artillery -- run-fargate <this file> --count N …` runs this whole load on each worker (N times it in all).',
    'Import: npx zx runbooks/load.ts --import artillery out.json, with the same workload flags as this export (and --instances N).',
    '',
    ...mapping,
    `Journey: ${plan.steps.map((s) => s.id).join(' → ')}. User id ${uid} (fresh per journey: the service answers 429 to a`,
    `repeat of a user and archetype still running); archetype random among the ${plan.archetypes.length}; ${plan.apiKeyHeader} from $${plan.apiKeyEnv} at run time.`,
    '',
    'Response rules (expect; a failure fails the journey and counts as an error of its step):',
    ...plan.steps.map(
      (s) =>
        `  ${s.id}: ${judged.has(s.id) ? `2xx and ${RULE_SUMMARY[s.expect]}` : 'known broken in this release: measured and reported, not judged (no expectation)'}`,
    ),
    '',
    `Checks (ensure), from config.slo${plan.thresholds.some((t) => t.source === 'cli') ? ' and --threshold' : ''}${plan.timeScale !== 1 ? ` with latency targets divided by --time-scale ${plan.timeScale}` : ''}:`,
    ...ensure.lines.map((l) => `  ${l}`),
    ...ensure.excluded.map((l) => `  ${l}`),
    '',
    'Not carried over (the import judges every threshold again from the report):',
    ...notCarried.map((l) => `  - ${l}`),
  ];
  return { text: yamlComment(header) + toYaml(doc), checks: ensure.lines, notCarried };
}
