/**
 * A small parser for the Prometheus text exposition format (version 0.0.4), enough for
 * the gateway's /metrics: HELP/TYPE lines, labels with escapes, NaN/±Inf, optional
 * timestamps. Lines it cannot read are collected, not thrown, so one odd line from a
 * future release does not blind the monitor.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  /** metric family → counter | gauge | histogram | summary | untyped */
  types: Record<string, string>;
  /** Line numbers (1-based) that were not valid exposition lines. */
  badLines: number[];
}

function parseValue(s: string): number | undefined {
  if (s === 'NaN') return NaN;
  if (s === '+Inf' || s === 'Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  const n = Number(s);
  return s.trim() !== '' && !Number.isNaN(n) ? n : undefined;
}

function parseLabels(text: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === ',') i++;
    if (i >= text.length) break;
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"/.exec(text.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    let v = '';
    for (;;) {
      const c = text[i++];
      if (c === undefined) return undefined;
      if (c === '"') break;
      if (c === '\\') {
        const n = text[i++];
        v += n === 'n' ? '\n' : (n ?? '');
      } else v += c;
    }
    labels[m[1]!] = v;
  }
  return labels;
}

/** Parses an exposition; never throws. */
export function parsePrometheus(text: string): Exposition {
  const samples: Sample[] = [];
  const types: Record<string, string> = {};
  const badLines: number[] = [];
  text.split('\n').forEach((raw, idx) => {
    const line = raw.trim();
    if (!line) return;
    if (line.startsWith('#')) {
      const t = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (t) types[t[1]!] = t[2]!;
      return;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?$/.exec(line);
    const labels = m ? (m[3] !== undefined ? parseLabels(m[3]) : {}) : undefined;
    const value = m ? parseValue(m[4]!) : undefined;
    if (!m || !labels || value === undefined) return void badLines.push(idx + 1);
    samples.push({ name: m[1]!, labels, value });
  });
  return { samples, types, badLines };
}

/** Samples of one metric whose labels include every pair of `match`. */
export function select(exp: Exposition, name: string, match: Record<string, string> = {}): Sample[] {
  return exp.samples.filter(
    (s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v),
  );
}

/** The value of a single-series metric, or undefined when absent. */
export function valueOf(
  exp: Exposition,
  name: string,
  match: Record<string, string> = {},
): number | undefined {
  return select(exp, name, match)[0]?.value;
}
