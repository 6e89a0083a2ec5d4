/**
 * What a run measured under: the workload (users or rate, duration, steps) and the
 * conditions (environment, time scale, sandbox profile, faults, engine), read from the
 * report's `config` snapshot and `target`. Two runs are compared only when these are
 * equal: a 5-user run "improving" on a 15-user run says nothing about the service. Pure.
 */
import type { Report } from '@holisticos/runbooks/report/schema';
import { labelShort, reportLabel } from '@holisticos/runbooks/target/label';

/** One aspect of a workload, in words, e.g. { name: 'users', value: '15 (closed)' }. */
export interface WorkloadPart {
  name: string;
  value: string;
}

export interface Workload {
  /** Equal keys ⇔ comparable runs. */
  key: string;
  /** The parts in display order. */
  parts: WorkloadPart[];
  /** A short summary for tables and legends. */
  label: string;
}

type Snapshot = Record<string, unknown>;

const obj = (v: unknown): Snapshot =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Snapshot) : {};
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const secs = (ms: unknown): string =>
  num(ms) === undefined ? 'not recorded' : `${+((ms as number) / 1000).toFixed(1)} s`;
const list = (v: unknown): string => (Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : 'not recorded');

/** A flag's value inside a recorded start command (`--profile realistic`), for reports that kept only the command. */
function flagIn(command: unknown, flag: string): string[] {
  if (typeof command !== 'string') return [];
  return [...command.matchAll(new RegExp(`--${flag}[= ]+(\\S+)`, 'g'))].map((m) => m[1]!);
}

/**
 * The run's time scale: recorded by current reports; for a stress report that predates the
 * field, the ratio of its configured step SLO to the limit it judged by (they are divided by it).
 */
export function timeScaleOf(r: Report): { value: number; inferred: boolean } {
  const recorded = num(r.config.timeScale) ?? (r.kind === 'benchmark' ? r.benchmark.timeScale : undefined);
  if (recorded !== undefined) return { value: recorded, inferred: false };
  if (r.kind === 'stress') {
    const perStep = obj(obj(r.config.slo).perStep);
    const ratios = Object.entries(r.stress.limits.p95MsByEndpoint)
      .map(([id, limit]) => (num(obj(perStep[id]).p95Ms) ?? 0) / limit)
      .filter((x) => x > 1);
    if (ratios.length && ratios.every((x) => Math.abs(x - ratios[0]!) < 0.01))
      return { value: +ratios[0]!.toFixed(2), inferred: true };
  }
  return { value: 1, inferred: false };
}

/**
 * The generator that ran the load, as the page's header names it: an imported run's own
 * engine ("artillery 2.0.21, imported, on 1 instance"), else the handbook's.
 */
function engineOf(r: Report, version = true): string {
  if (r.engine)
    return `${r.engine.name}${version ? ` ${r.engine.version}` : ''}, imported, on ${r.engine.instances} instance${r.engine.instances > 1 ? 's' : ''}`;
  return typeof r.config.engine === 'string' ? r.config.engine : `${r.tool.name} ${r.tool.script}`;
}

function kindParts(r: Report): WorkloadPart[] {
  const c = r.config;
  switch (r.kind) {
    case 'load': {
      const m = r.load.model;
      const model =
        m.type === 'closed'
          ? {
              name: 'users',
              value: `${m.users} (closed model${m.thinkMs ? `, ${m.thinkMs} ms think time` : ''})`,
            }
          : { name: 'rate', value: `${m.rate} journeys/s (open model, at most ${m.maxInFlight} in flight)` };
      const stages = m.stages?.length
        ? [{ name: 'stages', value: m.stages.map((s) => `${s.durationMs / 1000} s→${s.target}`).join(', ') }]
        : [];
      return [model, ...stages, { name: 'duration', value: secs(c.durationMs) }];
    }
    case 'stress':
      return [
        { name: 'user steps', value: list(c.stressSteps ?? r.stress.plannedSteps) },
        { name: 'step duration', value: secs(r.stress.stepDurationMs) },
      ];
    case 'benchmark': {
      const mem = obj(c.memory);
      const cap = obj(c.capacity);
      return [
        { name: 'memory load', value: `${num(mem.users) ?? '?'} users for ${secs(mem.durationMs)}` },
        { name: 'capacity steps', value: `${list(cap.steps)} users, ${secs(cap.stepDurationMs)} each` },
        { name: 'baseline duration', value: secs(obj(c.latency).durationMs) },
        { name: 'sections', value: list(c.sections) },
      ];
    }
    case 'drill':
      return [
        { name: 'scenario', value: r.drill.scenario },
        { name: 'severity', value: r.drill.severity },
      ];
    case 'incident':
      return [
        { name: 'severity', value: r.incident.severity },
        { name: 'kind', value: r.incident.drill ? 'a drill' : 'a real incident' },
      ];
    // H15: a monitor run's watch, and the scorecard's judged environment and rules.
    case 'monitor':
      return [
        { name: 'watch', value: secs(r.monitor.plannedDurationMs) },
        { name: 'interval', value: secs(r.monitor.intervalMs) },
      ];
    case 'scorecard':
      return [
        { name: 'judged environment', value: r.scorecard.environment },
        {
          name: 'rules',
          value: `evidence at most ${r.scorecard.evidenceMaxAgeDays} days old, a ${r.scorecard.windowDays}-day window`,
        },
      ];
    case 'cost': {
      const v = r.cost.validation;
      return [
        { name: 'projected users', value: String(r.cost.projection.users) },
        // As configured (the measured run lasts a little longer: its grace period).
        {
          name: 'validation run',
          value: v
            ? `${num(c.loadUsers) ?? v.run.users} users for ${secs(c.durationMs ?? v.run.durationMs)}`
            : 'none',
        },
      ];
    }
  }
}

/** The workload of a report: its kind's load shape, then the conditions every kind shares. */
export function workloadOf(r: Report): Workload {
  const c = r.config;
  const start = obj(c.start).command;
  const scale = timeScaleOf(r);
  // The sandbox's own time scale, when the run recorded it (a ×20 sandbox judged in real time is not a real-time run).
  const sandboxScale = num(c.sandboxTimeScale);
  const profile =
    typeof c.profile === 'string'
      ? c.profile
      : r.kind === 'benchmark'
        ? r.benchmark.profile
        : flagIn(start, 'profile')[0];
  const faults = Array.isArray(c.faults)
    ? (c.faults as unknown[]).map(String)
    : r.kind === 'benchmark'
      ? r.benchmark.faults
      : flagIn(start, 'fault');
  const own = kindParts(r);
  const parts: WorkloadPart[] = [
    ...own,
    {
      name: 'environment',
      value: `${labelShort(reportLabel(r.target))}${r.target.sandbox ? ' (sandbox)' : ''}`,
    },
    {
      name: 'time scale',
      value: `${scale.value === 1 ? 'real time' : `×${scale.value}${scale.inferred ? ' (inferred from its limits)' : ''}`}${sandboxScale !== undefined && sandboxScale !== scale.value ? `, on a sandbox at ×${sandboxScale}` : ''}`,
    },
    { name: 'sandbox profile', value: profile ?? (r.target.sandbox ? 'not recorded' : 'n/a') },
    { name: 'faults', value: faults.length ? faults.join(', ') : 'none' },
    { name: 'engine', value: engineOf(r) },
  ];
  const label = [
    ...own.slice(0, 2).map((p) => `${p.name} ${p.value}`),
    scale.value !== 1 ? `time scale ×${scale.value}` : '',
    faults.length ? `faults ${faults.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  // The key leaves out the engine's version, so a handbook or engine upgrade alone keeps runs comparable.
  const keyParts = parts.map((p) => (p.name === 'engine' ? { ...p, value: engineOf(r, false) } : p));
  return { key: JSON.stringify([r.kind, keyParts]), parts, label };
}

/** How two workloads differ, one line per part ("users: 5 (closed model) → 15 (closed model)"); empty when comparable. */
export function workloadDifferences(previous: Workload, current: Workload): string[] {
  const out: string[] = [];
  for (const p of current.parts) {
    const q = previous.parts.find((x) => x.name === p.name);
    if (!q) out.push(`${p.name}: not recorded → ${p.value}`);
    else if (q.value !== p.value) out.push(`${p.name}: ${q.value} → ${p.value}`);
  }
  for (const q of previous.parts)
    if (!current.parts.some((p) => p.name === q.name)) out.push(`${q.name}: ${q.value} → not recorded`);
  return out;
}
