/**
 * Render's service object, metric series and log lines as the handbook reads them. Series
 * values are converted only when their unit is understood (units.ts); log labels become
 * fields. Nothing here throws on an odd answer: a field that is missing reads as null, a
 * series with no usable point is kept empty, so one strange value never hides the rest.
 */
import { normaliser, QUANTITY_OF } from './units';
import type { LogLine, MemoryView, MetricName, PlatformDeploy, PlatformService, Series } from './types';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** GET /services/{id} → PlatformService; undefined when the answer has no id. */
export function toService(v: unknown): PlatformService | undefined {
  const s = obj(v);
  if (!s || typeof s.id !== 'string') return undefined;
  const d = obj(s.serviceDetails) ?? {};
  return {
    id: s.id,
    name: str(s.name) ?? s.id,
    ownerId: str(s.ownerId) ?? '',
    type: str(s.type) ?? 'unknown',
    plan: str(d.plan),
    numInstances: typeof d.numInstances === 'number' ? d.numInstances : null,
    // A string enum, not a boolean: "suspended" | "not_suspended".
    suspended: s.suspended === 'suspended',
    suspenders: Array.isArray(s.suspenders)
      ? s.suspenders.filter((x): x is string => typeof x === 'string')
      : [],
    url: str(d.url),
    region: str(d.region),
    autoDeploy: s.autoDeploy === 'yes' ? true : s.autoDeploy === 'no' ? false : null,
    createdAt: str(s.createdAt),
  };
}

/** A metrics answer (a top-level array of {labels, values, unit}) → series in normalised units. */
export function toSeries(metric: MetricName, v: unknown): Series[] {
  if (!Array.isArray(v)) return [];
  const out: Series[] = [];
  for (const raw of v) {
    const s = obj(raw);
    if (!s) continue;
    const labels: Record<string, string> = {};
    for (const l of Array.isArray(s.labels) ? s.labels : []) {
      const o = obj(l);
      if (o && typeof o.field === 'string') labels[o.field] = String(o.value ?? '');
    }
    const unitGiven = str(s.unit) ?? '';
    const n = normaliser(QUANTITY_OF[metric], unitGiven);
    const factor = n.ok ? n.factor : 1;
    const points = (Array.isArray(s.values) ? s.values : [])
      .map((p) => obj(p))
      .filter((p): p is Json => !!p && typeof p.timestamp === 'string' && typeof p.value === 'number')
      // A converted value keeps 4 decimals: 498.8 MB, not 498.80000019073486.
      .map((p) => ({
        at: p.timestamp as string,
        value: factor === 1 ? (p.value as number) : +((p.value as number) * factor).toFixed(4),
      }))
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    out.push({
      metric,
      labels,
      unitGiven,
      unit: n.unit,
      normalised: n.ok,
      ...(n.ok ? {} : { note: `${metric}: ${n.note}` }),
      points,
    });
  }
  return out;
}

const latest = (series: Series[]) =>
  series
    .flatMap((s) => s.points.slice(-1))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .at(-1)?.value ?? null;

/** Memory and its limit together, in MB; a series in a unit not understood is left out of the figures and named in `notes`. */
export function memoryView(memory: Series[], limit: Series[]): MemoryView {
  const usable = (s: Series[]) => s.filter((x) => x.normalised);
  const notes = [...memory, ...limit].filter((s) => !s.normalised).map((s) => s.note!);
  const all = usable(memory).flatMap((s) => s.points.map((p) => p.value));
  return {
    series: memory,
    limit,
    limitMb: latest(usable(limit)),
    latestMb: latest(usable(memory)),
    peakMb: all.length ? Math.max(...all) : null,
    notes: [...new Set(notes)],
  };
}

/** One item of GET /logs' `logs` → LogLine; undefined when it is not one. */
export function toLogLine(v: unknown): LogLine | undefined {
  const l = obj(v);
  if (!l || typeof l.message !== 'string') return undefined;
  const labels: Record<string, string> = {};
  for (const x of Array.isArray(l.labels) ? l.labels : []) {
    const o = obj(x);
    if (o && typeof o.name === 'string') labels[o.name] = String(o.value ?? '');
  }
  const code = Number(labels.statusCode);
  return {
    id: str(l.id) ?? '',
    at: str(l.timestamp) ?? '',
    message: l.message,
    type: labels.type ?? null,
    level: labels.level ?? null,
    statusCode: labels.statusCode !== undefined && Number.isInteger(code) ? code : null,
    method: labels.method ?? null,
    path: labels.path ?? null,
    host: labels.host ?? null,
    instance: labels.instance ?? null,
    labels,
  };
}

/** One item of GET /services/{id}/deploys (`{cursor, deploy}`, or a bare deploy) → PlatformDeploy; undefined when it is not one. */
export function toPlatformDeploy(v: unknown): PlatformDeploy | undefined {
  const wrapped = obj(v);
  const d = obj(wrapped?.deploy) ?? wrapped;
  if (!d || typeof d.id !== 'string') return undefined;
  const c = obj(d.commit) ?? {};
  return {
    id: d.id,
    status: str(d.status) ?? 'unknown',
    commitId: str(c.id),
    commitMessage: str(c.message),
    trigger: str(d.trigger),
    createdAt: str(d.createdAt),
    finishedAt: str(d.finishedAt),
  };
}
