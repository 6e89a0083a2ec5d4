/** The stress report: users vs throughput, p95 and success, with the recommended maximum marked. */
import React from 'react';
import type { StressReport } from '@holisticos/runbooks/report/stress';
import Chart from '../Chart';
import { Stats } from '../parts';
import { ms, num } from '../format';
import { KNEE_MIN_STEPS } from '@holisticos/runbooks/load/knee';
import { samplesForPercentile } from '@holisticos/runbooks/units/index';

export default function StressSection({
  report,
  timeScale = 1,
}: {
  report: StressReport;
  timeScale?: number;
}): React.JSX.Element {
  const s = report.stress;
  // Limits of a time-scaled run are in the run's time: say so wherever they are shown.
  const scaled =
    timeScale !== 1
      ? ` (time-scaled ×${timeScale}: ${timeScale} times the real-time figure is the configured SLO)`
      : '';
  const rec = s.recommendation;
  const data = s.steps.map((x) => ({
    users: x.users,
    throughput: x.throughputRps,
    p95: x.p95Ms,
    success: x.successRatePct,
  }));
  const endpoints = [
    ...new Set(
      s.steps.flatMap((x) =>
        Object.entries(x.endpoints)
          .filter(([, e]) => !e.knownBroken)
          .map(([id]) => id),
      ),
    ),
  ];
  const p95Data = s.steps.map((x) => ({
    users: x.users,
    ...Object.fromEntries(endpoints.map((e) => [e, x.endpoints[e]?.latency.p95 ?? null])),
  }));
  return (
    <>
      <Stats
        items={[
          {
            label: 'recommended maximum',
            value: rec.maxUsers > 0 ? `${rec.maxUsers} users` : 'none: no step met the limits',
            emphasis: true,
          },
          ...(s.targetUsers !== undefined
            ? [{ label: 'capacity target (config)', value: `${s.targetUsers} users` }]
            : []),
          { label: 'by the rule', value: `${rec.byRule.maxUsers} users` },
          {
            label: 'by the knee',
            value: rec.byKnee
              ? `${rec.byKnee.maxUsers} users`
              : s.steps.length < KNEE_MIN_STEPS
                ? `not judged (${s.steps.length} step${s.steps.length === 1 ? '' : 's'} ran)`
                : 'no knee seen',
          },
          { label: 'steps run', value: `${s.steps.length} of ${s.plannedSteps.length}` },
        ]}
      />
      {timeScale !== 1 && (
        <p data-time-scaled="">
          <strong>Time-scaled run (×{timeScale})</strong>: latencies and the p95 limits below are in the run's
          time, the configured SLOs divided by {timeScale}.
        </p>
      )}
      <p>{rec.byRule.reason}</p>
      {rec.byKnee && <p>{rec.byKnee.reason}</p>}
      {s.stoppedEarly && (
        <p>
          Stopped early at {s.stoppedEarly.atUsers} users: {s.stoppedEarly.reason}
        </p>
      )}
      <h2 id="curve">Stress curve</h2>
      <Chart
        title="Throughput and success by users"
        caption={`Requests per second (left) and succeeded journeys in percent (right) at each step; the dashed vertical line marks the recommended maximum of ${rec.maxUsers} users; below ${s.limits.failSuccessPct} % success a step fails.`}
        data={data}
        x={{ key: 'users', label: 'concurrent users', numeric: true }}
        series={[
          { key: 'throughput', label: 'throughput (req/s)', color: 1 },
          { key: 'success', label: 'success (%)', color: 3, right: true },
        ]}
        yLabel="req/s"
        rightLabel="%"
        refLines={[
          { axis: 'x', value: rec.maxUsers, label: `max ${rec.maxUsers}`, color: 5 },
          {
            axis: 'y',
            value: s.limits.failSuccessPct,
            label: `${s.limits.failSuccessPct} %`,
            color: 2,
            right: true,
          },
        ]}
      />
      <Chart
        title="p95 per endpoint by users"
        caption={`p95 in ms of each counted endpoint at each step (with fewer than ${samplesForPercentile(95)} samples in a step, its slowest sample), against its limit (${endpoints.map((e) => `${e} ${ms(s.limits.p95MsByEndpoint[e] ?? s.limits.failP95Ms)}`).join(', ')})${scaled}; the dashed vertical line marks the recommended maximum.`}
        data={p95Data}
        x={{ key: 'users', label: 'concurrent users', numeric: true }}
        series={endpoints.map((e, i) => ({
          key: e,
          label: `${e} p95 (ms)`,
          color: (((i + 1) % 5) + 1) as 1 | 2 | 3 | 4 | 5,
        }))}
        yLabel="ms"
        refLines={[
          { axis: 'x', value: rec.maxUsers, label: `max ${rec.maxUsers}`, color: 5 },
          ...endpoints.map((e, i) => ({
            axis: 'y' as const,
            value: s.limits.p95MsByEndpoint[e] ?? s.limits.failP95Ms,
            label: `${e} limit${timeScale !== 1 ? ` (÷${timeScale})` : ''}`,
            color: (((i + 1) % 5) + 1) as 1 | 2 | 3 | 4 | 5,
          })),
        ]}
      />
      <p>
        Throughput at the recommended maximum:{' '}
        {num(s.steps.find((x) => x.users === rec.maxUsers)?.throughputRps ?? null, 2)} req/s.
      </p>
    </>
  );
}
