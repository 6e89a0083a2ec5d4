/**
 * Bodies of the generate/analyze endpoints, success and soft failure, in the real
 * service's shapes (shared/reference/holisticos-api.md, "Generate responses"). The
 * routine's `content` is a JSON *string*, as the real one is.
 */
import type { GenerateKind } from './accounting';

export type Json = Record<string, unknown>;

/** Server-local naive ISO with microseconds, as Python's datetime.now().isoformat() prints. */
export function naiveIso(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}000`;
}

const day = (ms: number) => naiveIso(ms).slice(0, 10);

/** The prefix each handler puts before a raised exception's text in its 500. */
export const ERROR_PREFIX: Record<GenerateKind, string> = {
  routine: 'Failed to generate routine plan',
  nutrition: 'Failed to generate nutrition plan',
  behavior: 'Failed to analyze behavior',
  insights: 'Failed to generate insights',
};

/** The 500 of the current release's insights endpoint, verbatim. */
export const INSIGHTS_BROKEN_DETAIL =
  "Failed to generate insights: name 'HolisticMemoryService' is not defined";

export const duplicateDetail = (kind: 'routine' | 'nutrition') =>
  `Duplicate ${kind} request detected. Please wait 60 seconds before retrying.`;

function timeBlocks(archetype: string): Json[] {
  const b = (
    block_name: string,
    start_time: string,
    end_time: string,
    zone_type: string,
    purpose: string,
    tasks: string[],
  ) => ({
    block_name,
    start_time,
    end_time,
    zone_type,
    purpose,
    tasks: tasks.map((title, i) => ({
      title,
      description: `${title} (${archetype})`,
      priority: i === 0 ? 'high' : 'medium',
      time: start_time,
    })),
  });
  return [
    b('Morning Activation', '6:30 AM', '7:30 AM', 'maintenance', 'Wake the body gently and set the day', [
      'Hydrate with 500 ml water',
      'Ten minutes of mobility',
      'Daylight walk',
    ]),
    b('Peak Focus', '9:00 AM', '12:00 PM', 'peak', 'Deep work while alertness is highest', [
      'Most demanding task first',
      'Short break every 50 minutes',
    ]),
    b('Midday Recharge', '12:00 PM', '1:30 PM', 'recovery', 'Refuel and reset', [
      'Balanced lunch',
      'Fifteen-minute walk',
    ]),
    b('Afternoon Training', '4:30 PM', '5:30 PM', 'productive', 'Strength and cardio', [
      'Strength circuit, 30 minutes',
      'Zone 2 cardio, 20 minutes',
    ]),
    b('Evening Wind-down', '9:00 PM', '10:00 PM', 'recovery', 'Prepare for restorative sleep', [
      'Screens off',
      'Light stretching',
      'Lights out by 10 PM',
    ]),
  ];
}

export interface PlanContext {
  userId: string;
  archetype: string;
  now: number;
  /** Modelled seconds the generation took. */
  seconds: number;
  /** When OpenAI failed: the error text the fallback carries. */
  openaiError?: string | undefined;
}

function metadata(c: PlanContext): Json {
  return {
    analysis_decision: 'fresh_analysis',
    archetype_used: c.archetype,
    generation_time: Math.round(c.seconds * 100) / 100,
    generated_at: naiveIso(c.now),
    sandbox: true,
  };
}

/** POST /api/user/{id}/routine/generate, HTTP 200: success, or the fallback plan when OpenAI failed. */
export function routineBody(c: PlanContext): Json {
  const plan: Json = {
    date: day(c.now),
    archetype: c.archetype,
    content: JSON.stringify({
      time_blocks: c.openaiError ? timeBlocks(c.archetype).slice(0, 2) : timeBlocks(c.archetype),
    }),
    model_used: c.openaiError ? 'gpt-4o - fallback' : 'gpt-4o',
    plan_type: c.openaiError ? 'fallback_routine' : 'comprehensive_routine',
    system: 'HolisticOS',
    readiness_mode: 'Productive Mode',
  };
  if (c.openaiError) plan.error = c.openaiError;
  return {
    status: 'success',
    user_id: c.userId,
    routine_plan: plan,
    generation_metadata: metadata(c),
    cached: false,
  };
}

/** Routine when its behaviour data cannot be read: HTTP 200 with `status: "error"` (recorded from the real service). */
export function routineDataErrorBody(userId: string): Json {
  return {
    status: 'error',
    user_id: userId,
    routine_plan: {},
    behavior_analysis: null,
    circadian_analysis: null,
    generation_metadata: {
      error: 'Behavior analysis failed or returned no results',
      suggestion: 'Try with force_refresh=true or ensure user has sufficient health data',
    },
    cached: false,
  };
}

/** POST …/nutrition/generate, HTTP 200. */
export function nutritionBody(c: PlanContext): Json {
  const plan: Json = c.openaiError
    ? {
        date: day(c.now),
        archetype: c.archetype,
        content: '# Basic nutrition plan\n\nBalanced meals, plenty of water.',
        model_used: 'fallback',
        plan_type: 'fallback_nutrition',
        system: 'HolisticOS',
        error: c.openaiError,
      }
    : {
        date: day(c.now),
        archetype: c.archetype,
        content: `# Nutrition plan for a ${c.archetype}\n\n## Breakfast\nOats, berries, Greek yoghurt.\n\n## Lunch\nLentil salad, wholegrain bread.\n\n## Dinner\nTofu stir-fry with vegetables and rice.\n`,
        model_used: 'gpt-4o',
        plan_type: 'comprehensive_nutrition',
        system: 'HolisticOS',
      };
  return {
    status: 'success',
    user_id: c.userId,
    nutrition_plan: plan,
    generation_metadata: metadata(c),
    cached: false,
  };
}

/** POST …/behavior/analyze, HTTP 200; `status:"error"` when OpenAI failed. */
export function behaviorBody(c: PlanContext): Json {
  if (c.openaiError)
    return {
      status: 'error',
      user_id: c.userId,
      error: `Behavior analysis failed: ${c.openaiError}`,
      analysis_type: 'fresh',
      cached: false,
    };
  return {
    status: 'success',
    user_id: c.userId,
    analysis_type: 'fresh',
    behavior_analysis: {
      behavioral_signature: { signature: 'consistent early riser', confidence: 0.82 },
      sophistication_assessment: { level: 'intermediate', score: 61 },
      primary_goal: { goal: 'improve energy through the afternoon', timeline: '4 weeks' },
      archetype: c.archetype,
    },
    metadata: metadata(c),
    cached: false,
  };
}

/** POST …/insights/generate when healed (the current release always answers 500). */
export function insightsBody(c: PlanContext): Json {
  return {
    status: 'success',
    user_id: c.userId,
    insights: [
      {
        type: 'pattern',
        title: 'Sleep consistency drives your focus',
        content: 'Days after a regular bedtime show longer focus blocks.',
        confidence: 0.78,
        priority: 'high',
      },
      {
        type: 'recommendation',
        title: 'Move training earlier',
        content: 'Afternoon sessions precede your best sleep.',
        confidence: 0.64,
        priority: 'medium',
      },
    ],
    total_insights: 2,
    source: 'ai_generated',
    generated_at: naiveIso(c.now),
  };
}
