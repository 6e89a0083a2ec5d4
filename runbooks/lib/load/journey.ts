/**
 * The journey of the config as engine steps, and how one journey fills its templates: a
 * distinct user id per journey (the service's duplicate detection answers 429 to a repeat
 * of the same user and archetype while the first still runs, and up to 60 s after one that ended without releasing its key) and archetypes rotating through the six.
 */
import type { Config } from '../config/schema';
import type { EngineStep } from './types';
import type { Client } from 'undici';
import type { PreparedRequest } from './http';

/** Whether the journey (limited to `only`, when given) has a step that sends the API key. */
export function journeyNeedsKey(config: Config, only?: readonly string[]): boolean {
  return config.journey.steps.some((s) => s.auth && (!only?.length || only.includes(s.id)));
}

/** Engine steps from config.journey; the API key goes on auth steps only. `only` keeps those ids. */
export function journeySteps(
  config: Config,
  apiKey: string | undefined,
  only?: readonly string[],
): EngineStep[] {
  const steps = config.journey.steps.filter((s) => !only?.length || only.includes(s.id));
  return steps.map((s) => ({
    id: s.id,
    method: s.method,
    path: s.path,
    ...(s.body !== undefined ? { body: s.body } : {}),
    headers: s.auth && apiKey ? { [config.journey.apiKeyHeader]: apiKey } : {},
    timeoutMs: config.timeouts[s.timeout] ?? config.timeouts.generate,
    expect: s.expect,
    knownBroken: s.knownBroken,
  }));
}

const jsonInner = (v: string) => JSON.stringify(v).slice(1, -1);

/** A step compiled once: substitution per journey is two string joins. */
export interface CompiledStep {
  step: EngineStep;
  pathParts: string[];
  bodyParts: string[][] | undefined;
  headers: string[];
  /** The step carries the API key: its 401/403 answers mean the key was refused. */
  authed: boolean;
  /** The request itself when nothing in it varies per journey (no placeholders): built once. */
  fixed: PreparedRequest | undefined;
  /** undici's options for `fixed`, cached by the engine on first use. */
  fixedOpts?: Parameters<Client['dispatch']>[0];
}

/** Compiles the templates of every step. */
export function compileSteps(steps: readonly EngineStep[]): CompiledStep[] {
  return steps.map((step) => {
    const headers: string[] = [];
    for (const [k, v] of Object.entries(step.headers)) headers.push(k.toLowerCase(), v);
    let bodyParts: string[][] | undefined;
    if (step.body !== undefined) {
      headers.push('content-type', 'application/json');
      // Split on {archetype}, then each piece on {user_id}: filled by joining.
      bodyParts = JSON.stringify(step.body)
        .split('{archetype}')
        .map((p) => p.split('{user_id}'));
    }
    const c: CompiledStep = {
      step,
      pathParts: step.path.split('{user_id}'),
      bodyParts,
      headers,
      authed: Object.keys(step.headers).length > 0,
      fixed: undefined,
    };
    if (c.pathParts.length === 1 && (!bodyParts || (bodyParts.length === 1 && bodyParts[0]!.length === 1)))
      c.fixed = prepare(c, '', '', undefined);
    return c;
  });
}

/** The request of step `c` for one journey's user id and archetype. */
export function prepare(
  c: CompiledStep,
  userId: string,
  archetype: string,
  watchHeader: string | undefined,
): PreparedRequest {
  const uid = encodeURIComponent(userId);
  const path = c.pathParts.length === 1 ? c.pathParts[0]! : c.pathParts.join(uid);
  let body: string | undefined;
  if (c.bodyParts) {
    const u = jsonInner(userId);
    body = c.bodyParts.map((p) => (p.length === 1 ? p[0]! : p.join(u))).join(jsonInner(archetype));
  }
  return {
    method: c.step.method,
    path,
    headers: c.headers,
    body,
    timeoutMs: c.step.timeoutMs,
    needBody: c.step.expect !== 'status',
    watchHeader,
  };
}

/** `rb_<runId>_<n>`: unique within a run, and across runs by the run id. */
export function userIdFor(prefix: string, runId: string, n: number): string {
  return `${prefix}_${runId}_${n}`;
}
