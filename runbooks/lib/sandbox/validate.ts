/**
 * Request-body validation in FastAPI/pydantic v2's words, because probes and the load
 * engine read these 422s: `{"detail":[{"type","loc":["body",…],"msg","input"}]}`. It runs
 * before the API-key check, as in the real service.
 */
export interface PydanticError {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export type BodyModel = 'plan' | 'behavior' | 'insights';

type FieldType = 'str' | 'dict' | 'bool';
const MODELS: Record<BodyModel, Record<string, FieldType>> = {
  // RoutineGenerateRequest / NutritionGenerateRequest: {archetype?, preferences?, timezone?}
  plan: { archetype: 'str', preferences: 'dict', timezone: 'str' },
  behavior: { force_refresh: 'bool', archetype: 'str' },
  insights: { archetype: 'str', force_refresh: 'bool' },
};

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** pydantic's lax bool: true/false, 0/1 and the usual strings. */
function laxBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (['true', '1', 'yes', 'on', 't', 'y'].includes(s)) return true;
    if (['false', '0', 'no', 'off', 'f', 'n'].includes(s)) return false;
  }
  return undefined;
}

function checkField(name: string, type: FieldType, v: unknown): PydanticError | undefined {
  if (v === null || v === undefined) return undefined; // every field is Optional
  const loc = ['body', name];
  switch (type) {
    case 'str':
      return typeof v === 'string'
        ? undefined
        : { type: 'string_type', loc, msg: 'Input should be a valid string', input: v };
    case 'dict':
      return isObj(v)
        ? undefined
        : { type: 'dict_type', loc, msg: 'Input should be a valid dictionary', input: v };
    case 'bool':
      if (laxBool(v) !== undefined) return undefined;
      return typeof v === 'string' || typeof v === 'number'
        ? {
            type: 'bool_parsing',
            loc,
            msg: 'Input should be a valid boolean, unable to interpret input',
            input: v,
          }
        : { type: 'bool_type', loc, msg: 'Input should be a valid boolean', input: v };
  }
}

export type Parsed = { ok: true; body: Record<string, unknown> } | { ok: false; errors: PydanticError[] };

/** FastAPI's json_invalid error for a body that is not JSON. */
export function jsonInvalid(raw: string, err: unknown): PydanticError {
  const m = /position (\d+)/.exec(String((err as Error)?.message ?? ''));
  const pos = m ? Number(m[1]) : raw.length;
  return {
    type: 'json_invalid',
    loc: ['body', pos],
    msg: 'JSON decode error',
    input: {},
    ctx: { error: 'Expecting value' },
  };
}

/** Parses and validates a raw body against one of the service's request models. */
export function validateBody(model: BodyModel, raw: string): Parsed {
  if (raw.trim() === '')
    return { ok: false, errors: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    return { ok: false, errors: [jsonInvalid(raw, e)] };
  }
  if (value === null)
    return { ok: false, errors: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] };
  if (!isObj(value))
    return {
      ok: false,
      errors: [
        {
          type: 'model_attributes_type',
          loc: ['body'],
          msg: 'Input should be a valid dictionary or object to extract fields from',
          input: value,
        },
      ],
    };
  const errors: PydanticError[] = [];
  for (const [name, type] of Object.entries(MODELS[model])) {
    const e = checkField(name, type, value[name]);
    if (e) errors.push(e);
  }
  return errors.length ? { ok: false, errors } : { ok: true, body: value };
}
