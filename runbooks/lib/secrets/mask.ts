/**
 * Secret masking. Like GitHub Actions, it masks exact values, so the redactor must know
 * every secret value in play; `Redactor.fromEnv` collects them from the names the config
 * marks as secret. A masked hint keeps a known prefix and the last 4 characters, and only
 * for values long enough that the hint does not give the secret away.
 */
const KNOWN_PREFIXES = ['sk-proj-', 'sk-', 'rnd_', 'srv-', 'xoxb-', 'eyJ'];

/** `sk-…9f2c` for a long value, `…` alone for a short one. */
export function maskValue(value: string): string {
  if (value.length < 16) return '…';
  const prefix = KNOWN_PREFIXES.find((p) => value.startsWith(p)) ?? '';
  return `${prefix}…${value.slice(-4)}`;
}

/** Replaces every occurrence of every known secret value (and its URL-encoded form). */
export class Redactor {
  private readonly values: string[];

  constructor(values: Iterable<string>) {
    const set = new Set<string>();
    for (const v of values) {
      // Very short values would mask ordinary words; they cannot be real secrets anyway.
      if (v && v.length >= 6) {
        set.add(v);
        const enc = encodeURIComponent(v);
        if (enc !== v) set.add(enc);
      }
    }
    // Longest first, so a secret that contains another is masked whole.
    this.values = [...set].sort((a, b) => b.length - a.length);
  }

  static fromEnv(names: Iterable<string>, env: NodeJS.ProcessEnv = process.env): Redactor {
    const vals: string[] = [];
    for (const n of names) {
      const v = env[n];
      if (v) vals.push(v);
    }
    return new Redactor(vals);
  }

  redact(text: string): string {
    let out = text;
    for (const v of this.values) {
      if (out.includes(v)) out = out.split(v).join(maskValue(v));
    }
    return out;
  }

  /** Deep-redacts a JSON-able value (strings anywhere in it). */
  redactDeep<T>(value: T): T {
    return JSON.parse(this.redact(JSON.stringify(value))) as T;
  }
}
