/**
 * The few numbers of a report that an index trend and a comparison show, per kind. Pure,
 * shared by the plugin (build time) and the pages (props). `better` says which way is good.
 */
import type { Report } from '@holisticos/runbooks/report/schema';
import { totalErrors } from '@holisticos/runbooks/report/common';

export interface Metric {
  key: string;
  label: string;
  value: number | null;
  unit: string;
  better: 'lower' | 'higher';
}

const m = (
  key: string,
  label: string,
  value: number | null | undefined,
  unit: string,
  better: Metric['better'],
): Metric => ({ key, label, value: value ?? null, unit, better });

/** Key figures of a report, in display order. */
export function keyMetrics(r: Report): Metric[] {
  switch (r.kind) {
    case 'load': {
      const counted = r.load.steps.filter((s) => !s.knownBroken);
      const measured = counted.filter((s) => s.latency.count > 0);
      return [
        m('rps', 'throughput', r.load.rps, 'req/s', 'higher'),
        m('success', 'journey success', r.load.journeys.successRatePct, '%', 'higher'),
        m(
          'p95',
          'worst step p95',
          measured.length ? Math.max(...measured.map((s) => s.latency.p95)) : null,
          'ms',
          'lower',
        ),
        // Known-broken steps fail by design: counting them would make every trend an error trend.
        m(
          'errors',
          'errors (counted steps)',
          counted.reduce((n, s) => n + totalErrors(s.errors), 0),
          'errors',
          'lower',
        ),
      ];
    }
    case 'stress':
      return [
        m('maxUsers', 'recommended max users', r.stress.recommendation.maxUsers, 'users', 'higher'),
        m(
          'peakRps',
          'peak throughput',
          r.stress.steps.length ? Math.max(...r.stress.steps.map((s) => s.throughputRps)) : null,
          'req/s',
          'higher',
        ),
      ];
    case 'benchmark': {
      const b = r.benchmark;
      const cs = b.coldStart;
      // A remote first answer that was not a cold start (a warm service) is no cold-start figure.
      const cold = cs && (cs.mode === 'spawn' || (cs.observed ?? 'cold') === 'cold');
      return [
        m('memoryPeak', 'server memory peak', b.memory?.summary.peakMb, 'MB', 'lower'),
        m('coldStart', 'cold start to healthy', cold ? cs.firstHealthyMs : null, 'ms', 'lower'),
        m('capacity', 'users at SLO', b.capacity?.maxUsersAtSlo, 'users', 'higher'),
      ];
    }
    case 'cost':
      return [
        m('perUser', 'cost per user per day', r.cost.projection.perUserPerDayUsd, 'USD', 'lower'),
        m('daily', 'projected daily cost', r.cost.projection.dailyUsd, 'USD', 'lower'),
        m('validationError', 'projection error', r.cost.validation?.errorPct, '%', 'lower'),
      ];
    // H8: a drill's and an incident's times, from the alert (drill) or from when it began (incident).
    case 'drill':
      return [
        m('mitigate', 'time to mitigate', r.drill.remedy.time.ms, 'ms', 'lower'),
        m('diagnose', 'time to diagnose', r.drill.diagnosis.time.ms, 'ms', 'lower'),
      ];
    case 'monitor':
      return [
        m('uptime', 'samples up', r.monitor.uptimePct, '%', 'higher'),
        m('coverage', 'window covered', r.monitor.coveragePct, '%', 'higher'),
        m('restarts', 'restarts', r.monitor.restarts, 'restarts', 'lower'),
      ];
    case 'scorecard':
      return [
        m('kept', 'promises kept', r.scorecard.summary.kept, 'promises', 'higher'),
        m('missed', 'promises missed', r.scorecard.summary.missed, 'promises', 'lower'),
        m('notMeasured', 'not measured', r.scorecard.summary.notMeasured, 'promises', 'lower'),
      ];
    case 'incident':
      return [
        m('resolve', 'time to resolve', r.incident.durations.resolve.ms, 'ms', 'lower'),
        m('mitigate', 'time to mitigate', r.incident.durations.mitigate.ms, 'ms', 'lower'),
        m('detect', 'time to detect', r.incident.durations.detect.ms, 'ms', 'lower'),
      ];
  }
}

export interface Change {
  key: string;
  label: string;
  unit: string;
  previous: number | null;
  current: number | null;
  delta: number | null;
  /** better / worse / same / n/a, by the metric's direction. */
  direction: 'better' | 'worse' | 'same' | 'n/a';
}

/** This report's key figures against the previous report's. */
export function compare(current: readonly Metric[], previous: readonly Metric[]): Change[] {
  return current.map((c) => {
    const p = previous.find((x) => x.key === c.key);
    const pv = p?.value ?? null;
    if (c.value === null || pv === null)
      return {
        key: c.key,
        label: c.label,
        unit: c.unit,
        previous: pv,
        current: c.value,
        delta: null,
        direction: 'n/a',
      };
    const delta = Math.round((c.value - pv) * 1000) / 1000;
    const improved = c.better === 'lower' ? delta < 0 : delta > 0;
    return {
      key: c.key,
      label: c.label,
      unit: c.unit,
      previous: pv,
      current: c.value,
      delta,
      direction: delta === 0 ? 'same' : improved ? 'better' : 'worse',
    };
  });
}
