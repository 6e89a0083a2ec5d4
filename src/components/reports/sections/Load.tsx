/** The load report: per-step latency percentiles and their curves, errors, the time series. */
import React from 'react';
import type { LoadReport } from '@holisticos/runbooks/report/load';
import type { LatencyCurves } from '../../../plugins/reports/percentiles';
import Chart from '../Chart';
import { DataTable, Stats } from '../parts';
import { num } from '../format';
import LoadPercentiles from './LoadPercentiles';
import { formatLatencyBrief, samplesForPercentile } from '@holisticos/runbooks/units/index';

/** A percentile of `count` samples, or null (no bar) when they are too few to tell it from the slowest. */
const readable = (count: number, p: number, v: number) => (count >= samplesForPercentile(p) ? v : null);

export default function LoadSection({
  report,
  timeScale = 1,
  percentiles = null,
}: {
  report: LoadReport;
  timeScale?: number;
  percentiles?: LatencyCurves | null;
}): React.JSX.Element {
  const l = report.load;
  const model =
    l.model.type === 'closed' ? `${l.model.users} users (closed)` : `${l.model.rate} journeys/s (open)`;
  const broken = new Set(l.steps.filter((s) => s.knownBroken).map((s) => s.id));
  const scaled =
    timeScale !== 1
      ? `, in the run's time (time-scaled ×${timeScale}: real-time latencies are ${timeScale} times these)`
      : '';
  const steps = l.steps.map((s) => ({
    step: `${s.id}${s.knownBroken ? ' (known broken)' : ''}, n=${s.latency.count}`,
    p50: readable(s.latency.count, 50, s.latency.p50),
    p95: readable(s.latency.count, 95, s.latency.p95),
    p99: readable(s.latency.count, 99, s.latency.p99),
  }));
  // Known-broken steps fail on every call by design: they stay out of the error and latency trends.
  const series = l.timeSeries.map((s) => {
    const counted = Object.entries(s.steps)
      .filter(([id]) => !broken.has(id))
      .map(([, x]) => x);
    const p95s = counted.map((x) => x.p95).filter((v) => v > 0);
    return {
      t: s.t,
      rps: s.requests,
      errors: counted.reduce((n, x) => n + x.errors, 0),
      p95: p95s.length ? Math.max(...p95s) : null,
    };
  });
  return (
    <>
      <Stats
        items={[
          { label: 'workload', value: model },
          { label: 'requests', value: `${l.requests} requests (${num(l.rps, 2)} req/s)` },
          {
            label: 'journeys succeeded',
            value: `${l.journeys.succeeded} of ${l.journeys.completed} (${num(l.journeys.successRatePct)} %)`,
          },
          {
            label: 'journey latency',
            value: formatLatencyBrief(l.journeys.latency),
          },
        ]}
      />
      <h2 id="latency">Latency per step</h2>
      <Chart
        title="Latency percentiles per step"
        caption={`p50, p95 and p99 of each journey step in milliseconds over ${l.requests} requests${scaled}; n is the step's samples. A percentile its samples cannot tell from the slowest one has no bar (p50 needs ${samplesForPercentile(50)} samples, p95 ${samplesForPercentile(95)}, p99 ${samplesForPercentile(99)}).`}
        data={steps}
        x={{ key: 'step', label: 'step' }}
        series={[
          { key: 'p50', label: 'p50 (ms)', color: 1, type: 'bar' },
          { key: 'p95', label: 'p95 (ms)', color: 4, type: 'bar' },
          { key: 'p99', label: 'p99 (ms)', color: 2, type: 'bar' },
        ]}
        yLabel="ms"
      />
      <LoadPercentiles curves={percentiles} timeScale={timeScale} />
      <h2 id="time-series">Over time</h2>
      <Chart
        title="Requests, errors and p95 per second"
        caption={`Requests and errors completed in each second (left axis, per second) and the slowest step's p95 in that second (right axis, ms)${scaled}. Errors and p95 leave out steps known to be broken${broken.size ? ` (${[...broken].join(', ')})` : ''}.`}
        data={series}
        x={{ key: 't', label: 'seconds since start', numeric: true }}
        series={[
          { key: 'rps', label: 'requests/s', color: 1 },
          { key: 'errors', label: 'errors/s (counted steps)', color: 2 },
          { key: 'p95', label: 'p95 (ms)', color: 4, right: true, dashed: true },
        ]}
        yLabel="per second"
        rightLabel="ms"
      />
      <h2 id="errors">Errors by kind</h2>
      <DataTable
        head={[
          'Step',
          'OK (requests)',
          'HTTP errors',
          'Soft failures',
          'Bad bodies',
          'Timeouts',
          'Connection errors',
        ]}
        caption="Requests per step by outcome, as counts."
      >
        {l.steps.map((s) => (
          <tr key={s.id}>
            <td>
              {s.id}
              {s.knownBroken ? ' (known broken: not counted)' : ''}
            </td>
            <td>{s.ok}</td>
            <td>
              {s.errors.http}
              {Object.keys(s.errors.byStatus).length
                ? ` (${Object.entries(s.errors.byStatus)
                    .map(([k, v]) => `HTTP ${k}: ${v}`)
                    .join(', ')})`
                : ''}
            </td>
            <td>{s.errors['soft-failure']}</td>
            <td>{s.errors['bad-body']}</td>
            <td>{s.errors.timeout}</td>
            <td>{s.errors.connection}</td>
          </tr>
        ))}
      </DataTable>
      {l.errorReasons.length > 0 && (
        <ul>
          {l.errorReasons.slice(0, 8).map((e) => (
            <li key={`${e.step}${e.reason}`}>
              {e.step}
              {broken.has(e.step) ? ' (known broken)' : ''} ({e.kind}) ×{e.count}: {e.reason}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
