/**
 * Responses to judge, for tests that check another engine's copy of the handbook's
 * response rules (k6's JavaScript, Artillery's JMESPath) against classifyResponse: the
 * recorded real-service answers, and the soft failures the reference describes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JourneyStep } from '../../runbooks/lib/config/schema';
import { ROOT } from './run';

export interface ResponseCase {
  name: string;
  expect: JourneyStep['expect'];
  status: number;
  /** The body as sent (text: it may not be JSON). */
  text: string;
}

const KINDS: JourneyStep['expect'][] = ['json', 'health', 'routine', 'nutrition', 'behavior', 'insights'];
const blocks = JSON.stringify({
  time_blocks: [
    {
      block_name: 'Morning',
      start_time: '6:30 AM',
      end_time: '7:30 AM',
      zone_type: 'maintenance',
      purpose: 'p',
      tasks: [],
    },
  ],
});
const routine = (plan: Record<string, unknown>, status = 'success') =>
  JSON.stringify({ status, user_id: 'u', routine_plan: plan, generation_metadata: {}, cached: false });
const nutrition = (plan: Record<string, unknown>, status = 'success') =>
  JSON.stringify({ status, user_id: 'u', nutrition_plan: plan, generation_metadata: {}, cached: false });
const okRoutine = {
  date: '2026-12-03',
  archetype: 'Peak Performer',
  content: blocks,
  model_used: 'gpt-4o',
  plan_type: 'comprehensive_routine',
};
const okNutrition = {
  date: '2026-12-03',
  archetype: 'Peak Performer',
  content: '# plan',
  model_used: 'gpt-4o',
  plan_type: 'comprehensive_nutrition',
};

const cases: ResponseCase[] = [
  { name: 'routine success', expect: 'routine', status: 200, text: routine(okRoutine) },
  {
    name: 'routine fallback model and error',
    expect: 'routine',
    status: 200,
    text: routine({ ...okRoutine, model_used: 'gpt-4o - fallback', error: 'OpenAI failed' }),
  },
  {
    name: 'routine fallback model only',
    expect: 'routine',
    status: 200,
    text: routine({ ...okRoutine, model_used: 'gpt-4o - Fallback' }),
  },
  {
    name: 'routine error key only',
    expect: 'routine',
    status: 200,
    text: routine({ ...okRoutine, error: 'x' }),
  },
  {
    name: 'routine status error',
    expect: 'routine',
    status: 200,
    text: JSON.stringify({
      status: 'error',
      routine_plan: {},
      generation_metadata: { error: 'e', suggestion: 's' },
    }),
  },
  { name: 'routine empty plan', expect: 'routine', status: 200, text: routine({}) },
  {
    name: 'routine no time blocks',
    expect: 'routine',
    status: 200,
    text: routine({ ...okRoutine, content: JSON.stringify({ time_blocks: [] }) }),
  },
  {
    name: 'routine content not a string',
    expect: 'routine',
    status: 200,
    text: routine({ ...okRoutine, content: { time_blocks: [] } }),
  },
  {
    name: 'routine fallback plan type',
    expect: 'routine',
    status: 200,
    text: routine({ ...okRoutine, plan_type: 'fallback_routine' }),
  },
  { name: 'nutrition success', expect: 'nutrition', status: 200, text: nutrition(okNutrition) },
  {
    name: 'nutrition fallback',
    expect: 'nutrition',
    status: 200,
    text: nutrition({ ...okNutrition, model_used: 'fallback', plan_type: 'fallback_nutrition', error: 'e' }),
  },
  {
    name: 'nutrition fallback plan type only',
    expect: 'nutrition',
    status: 200,
    text: nutrition({ ...okNutrition, plan_type: 'fallback_nutrition' }),
  },
  { name: 'nutrition status error', expect: 'nutrition', status: 200, text: nutrition(okNutrition, 'error') },
  {
    name: 'health healthy',
    expect: 'health',
    status: 200,
    text: JSON.stringify({ overall_status: 'healthy', services: {} }),
  },
  {
    name: 'health degraded',
    expect: 'health',
    status: 200,
    text: JSON.stringify({ overall_status: 'degraded', services: {} }),
  },
  {
    name: 'health critical',
    expect: 'health',
    status: 200,
    text: JSON.stringify({
      overall_status: 'critical',
      services: { openai: { status: 'critical', message: 'm' } },
    }),
  },
  {
    name: 'health fallback shape',
    expect: 'health',
    status: 200,
    text: JSON.stringify({
      status: 'healthy',
      monitoring: 'basic',
      services: { api_gateway: 'operational' },
    }),
  },
  { name: 'health neither shape', expect: 'health', status: 200, text: JSON.stringify({ message: 'hi' }) },
  {
    name: 'health 503',
    expect: 'health',
    status: 503,
    text: JSON.stringify({ detail: 'Service Unavailable' }),
  },
  {
    name: 'insights status error',
    expect: 'insights',
    status: 200,
    text: JSON.stringify({ status: 'error', error: 'e' }),
  },
  { name: 'behavior success', expect: 'behavior', status: 200, text: JSON.stringify({ status: 'success' }) },
  { name: 'json array', expect: 'json', status: 200, text: '[1,2]' },
  { name: 'not JSON', expect: 'json', status: 200, text: 'Internal Server Error' },
  {
    name: '429 duplicate',
    expect: 'routine',
    status: 429,
    text: JSON.stringify({
      detail: 'Duplicate routine request detected. Please wait 60 seconds before retrying.',
    }),
  },
];

/** Every case: the synthetic ones, and each recorded real-service answer judged as every kind of step. */
export function responseCases(): ResponseCase[] {
  const rec = JSON.parse(
    readFileSync(join(ROOT, 'tests/fixtures/recorded/gateway-responses.json'), 'utf8'),
  ) as { responses: { name: string; response: { status: number; body: unknown } }[] };
  const recorded = rec.responses.flatMap((r) =>
    KINDS.map((expect) => ({
      name: `recorded ${r.name} as ${expect}`,
      expect,
      status: r.response.status,
      text: typeof r.response.body === 'string' ? r.response.body : JSON.stringify(r.response.body),
    })),
  );
  return [...cases, ...recorded];
}
