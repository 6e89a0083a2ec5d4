/**
 * The real service answers 429 to a second generate call for the same (user, archetype)
 * while the first is still running — duplicate detection, not rate limiting — and keeps the key up to 60 s when a call ends without releasing it
 * after an error. This guard makes "never twice within the window" a checked invariant
 * of the probes instead of a hope.
 */
export class DuplicateGuard {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly windowS: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a generate call; throws (a bug in the caller) if it would repeat within the window. */
  claim(userId: string, archetype: string): void {
    const key = `${userId}\u0000${archetype}`;
    const t = this.now();
    const prev = this.last.get(key);
    if (prev !== undefined && t - prev < this.windowS * 1000) {
      throw new Error(
        `duplicate generate call for user ${userId} and archetype "${archetype}" within ${this.windowS} s; the service would answer 429`,
      );
    }
    this.last.set(key, t);
  }
}

/** A user id no earlier run used: `<prefix>_smoke_<base36 time>_<random>`. */
export function freshUserId(
  prefix: string,
  kind: string,
  now: () => number = Date.now,
  random: () => number = Math.random,
): string {
  const rand = Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
  return `${prefix}_${kind}_${now().toString(36)}_${rand}`;
}

/** Replaces "{user_id}" and "{archetype}" anywhere in a journey step's body or path. */
export function fillTemplate<T>(value: T, vars: Record<string, string>): T {
  if (typeof value === 'string') return value.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m) as T;
  if (Array.isArray(value)) return value.map((v) => fillTemplate(v, vars)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillTemplate(v, vars)])) as T;
  return value;
}
