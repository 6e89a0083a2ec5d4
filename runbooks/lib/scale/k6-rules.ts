/**
 * The handbook's response rules (lib/checks/response-rules.ts) as plain JavaScript for a
 * k6 script, where they can be carried over whole: k6 runs JavaScript, so the routine's
 * content string is parsed and its time_blocks counted as the handbook does. A unit test
 * evaluates this text against the recorded responses and classifyResponse, so the two
 * cannot drift apart.
 */
export const K6_RULES = `// The handbook's response rules (runbooks/lib/checks/response-rules.ts): an HTTP 200 can still fail.
function isObj(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function planOutcome(plan, requireTimeBlocks) {
  if (!isObj(plan) || Object.keys(plan).length === 0) return 'soft-failure';
  if (typeof plan.model_used === 'string' && /fallback/i.test(plan.model_used)) return 'soft-failure';
  if ('error' in plan) return 'soft-failure';
  if (typeof plan.plan_type === 'string' && plan.plan_type.indexOf('fallback') === 0) return 'soft-failure';
  if (requireTimeBlocks) {
    if (typeof plan.content !== 'string') return 'bad-body';
    let parsed;
    try {
      parsed = JSON.parse(plan.content);
    } catch (e) {
      return 'bad-body';
    }
    const blocks = isObj(parsed) ? parsed.time_blocks : undefined;
    if (!Array.isArray(blocks) || blocks.length === 0) return 'soft-failure';
  }
  return 'ok';
}

// 'ok', or why not: 'connection' (no response), 'http', 'soft-failure', 'bad-body'.
function judge(expect, status, text) {
  if (status === 0) return 'connection';
  if (status < 200 || status >= 300) return 'http';
  let body;
  try {
    body = JSON.parse(text);
  } catch (e) {
    return 'bad-body';
  }
  if (!isObj(body)) return 'bad-body';
  const levels = ['healthy', 'degraded', 'critical'];
  switch (expect) {
    case 'json':
      return 'ok';
    case 'health': {
      const s = levels.indexOf(body.overall_status) >= 0 ? body.overall_status : levels.indexOf(body.status) >= 0 ? body.status : undefined;
      if (s === undefined) return 'bad-body';
      return s === 'critical' ? 'soft-failure' : 'ok';
    }
    case 'routine':
    case 'nutrition':
      if (body.status !== 'success') return 'soft-failure';
      return expect === 'routine' ? planOutcome(body.routine_plan, true) : planOutcome(body.nutrition_plan, false);
    default:
      return body.status === 'error' ? 'soft-failure' : 'ok';
  }
}
`;
