/**
 * The handbook's response rules (lib/checks/response-rules.ts) as Artillery `expect`
 * checks: a status code and one JMESPath expression over the JSON body per step. A
 * failed expectation fails the virtual user (reportFailuresAsErrors), so the journey
 * counts as failed exactly when one of its judged steps failed; Artillery reports it as
 * the counter `errors.Failed expectations for request <step>`, which the import reads.
 */
import type { JourneyStep } from '../config/schema';
import type { YamlValue } from './yaml';

/** Status codes the handbook counts as success (any 2xx). */
export const OK_CODES = [200, 201, 202, 203, 204, 205, 206];

const STATUS_OK = "status == 'success'";
const objectNonEmpty = (p: string) => `type(${p}) == 'object' && length(keys(${p})) > \`0\``;
// JMESPath has no lower-case function: the three spellings the service could use.
const notFallbackModel = (p: string) =>
  ['fallback', 'Fallback', 'FALLBACK']
    .map((w) => `!contains(to_string(${p}.model_used), '${w}')`)
    .join(' && ');
const planOk = (p: string) =>
  [
    objectNonEmpty(p),
    `!contains(keys(${p}), 'error')`,
    notFallbackModel(p),
    `!starts_with(to_string(${p}.plan_type), 'fallback')`,
  ].join(' && ');

/** One JMESPath expression per kind of step: true when the body passes the handbook's rules. */
export const BODY_RULES: Record<JourneyStep['expect'], string> = {
  json: "type(@) == 'object'",
  // Either health shape: overall_status (full) or status (fallback); critical fails, neither is a bad body.
  health:
    "contains(['healthy', 'degraded'], overall_status) || (!contains(['healthy', 'degraded', 'critical'], overall_status) && contains(['healthy', 'degraded'], status))",
  // content is a JSON *string*: JMESPath cannot parse it, so a non-empty time_blocks is read as "a block_name in the text".
  routine: `${STATUS_OK} && ${planOk('routine_plan')} && type(routine_plan.content) == 'string' && contains(routine_plan.content, 'time_blocks') && contains(routine_plan.content, 'block_name')`,
  nutrition: `${STATUS_OK} && ${planOk('nutrition_plan')}`,
  behavior: "type(@) == 'object' && status != 'error'",
  insights: "type(@) == 'object' && status != 'error'",
};

/** What each rule checks, for the header. */
export const RULE_SUMMARY: Record<JourneyStep['expect'], string> = {
  json: 'a JSON object',
  health: 'overall_status (or the fallback shape’s status) healthy or degraded; critical fails',
  routine:
    'status "success"; a non-empty routine_plan without an error key; model_used not a fallback; plan_type not fallback…; content naming time_blocks with a block_name',
  nutrition:
    'status "success"; a non-empty nutrition_plan without an error key; model_used not a fallback; plan_type not fallback…',
  behavior: 'a JSON object whose status is not "error"',
  insights: 'a JSON object whose status is not "error"',
};

/** The `expect` list of a judged step. */
export function expectations(kind: JourneyStep['expect'], stepId: string): YamlValue[] {
  return [
    { statusCode: OK_CODES },
    { jmespath: BODY_RULES[kind], description: `${stepId}: the handbook's ${kind} rules` },
  ];
}

/** Rules of lib/checks that the expectations above carry over only in part. */
export function ruleGaps(kinds: ReadonlySet<JourneyStep['expect']>): string[] {
  const out: string[] = [];
  if (kinds.has('routine'))
    out.push(
      'routine: "time_blocks is a non-empty list" is read from the text of routine_plan.content (a JSON string JMESPath cannot parse): it must name time_blocks and a block_name.',
    );
  if (kinds.has('routine') || kinds.has('nutrition'))
    out.push(
      'fallback models: matched as "fallback", "Fallback" or "FALLBACK" (JMESPath has no case folding; the handbook ignores case).',
    );
  return out;
}
