/** The benchmark report: cold start, server memory against the thresholds, baselines, capacity at SLO. */
import React from 'react';
import type { BenchmarkReport } from '@holisticos/runbooks/report/benchmark';
import Chart from '../Chart';
import { DataTable, Stats, tone } from '../parts';
import { ms, num } from '../format';
import { formatLatencyBrief } from '@holisticos/runbooks/units/index';

type Baseline = NonNullable<BenchmarkReport['benchmark']['latency']>['steps'][number];
/** A baseline whose every call failed measured how fast the service fails, not its latency. */
const failedBaseline = (s: Baseline) => s.requests > 0 && s.ok === 0;
/** A remote first answer not shown to be cold (version 2 reports say which it was). */
const warmRemote = (cs: BenchmarkReport['benchmark']['coldStart']) =>
  cs?.mode === 'remote' && cs.observed !== undefined && cs.observed !== 'cold';

export default function BenchmarkSection({ report }: { report: BenchmarkReport }): React.JSX.Element {
  const b = report.benchmark;
  const cs = b.coldStart;
  const mem = b.memory;
  return (
    <>
      {b.faults.length > 0 && (
        <p>
          Sandbox faults switched on for this run:{' '}
          {b.faults.map((f) => (
            <code key={f}>{f}</code>
          ))}
          .
        </p>
      )}
      <h2 id="cold-start">Cold start</h2>
      {cs ? (
        <Stats
          items={[
            {
              label:
                cs.mode === 'spawn'
                  ? 'process start → first answer'
                  : warmRemote(cs)
                    ? `first answer after ${ms(cs.idleMs)} idle: a warm request, not a cold start`
                    : `first answer after ${ms(cs.idleMs)} idle`,
              value: ms(cs.firstResponseMs),
            },
            {
              label: cs.mode === 'spawn' ? 'process start → healthy' : 'first healthy answer',
              value:
                cs.firstHealthyMs === null
                  ? `not healthy (${cs.lastHealthStatus ?? 'no answer'})`
                  : ms(cs.firstHealthyMs),
            },
            ...(cs.mode === 'remote'
              ? [
                  {
                    label: 'deploy → healthy',
                    value: cs.deployToHealthyMs === null ? 'no deploy record' : ms(cs.deployToHealthyMs),
                  },
                ]
              : []),
          ]}
        />
      ) : (
        <p>Not measured in this run.</p>
      )}
      {cs?.mode === 'spawn' && (
        <p>
          Command: <code>{cs.command}</code>
        </p>
      )}
      {cs?.mode === 'remote' && cs.evidence && (
        <p data-cold-start={cs.observed}>
          {warmRemote(cs) ? (
            <>
              <strong>Cold start: inconclusive.</strong> {cs.evidence}.
            </>
          ) : (
            <>{cs.evidence[0]!.toUpperCase() + cs.evidence.slice(1)}.</>
          )}
        </p>
      )}
      <h2 id="memory">Server memory under load</h2>
      {mem ? (
        <>
          <p>
            Read from the target's own signals (
            {mem.sources.length
              ? mem.sources
                  .map((s) =>
                    s === 'metrics'
                      ? 'holisticos_memory_usage_bytes on /metrics'
                      : 'process_memory_mb in the health body',
                  )
                  .join(' and ')
              : 'none exposed'}
            ) before, during and after {mem.load.users} users for {ms(mem.load.durationMs)} — never the load
            generator's own memory.
          </p>
          <Stats
            items={[
              { label: 'before the load (highest reading)', value: `${num(mem.summary.beforeMb)} MB` },
              { label: 'during the load (highest reading)', value: `${num(mem.summary.duringPeakMb)} MB` },
              { label: 'after the load (highest reading)', value: `${num(mem.summary.afterMb)} MB` },
              {
                label: `PEAK of the run, all phases (judged: target ${mem.targetMb} MB, alert ${mem.alertMb} MB)`,
                value:
                  mem.summary.peakMb === null
                    ? 'n/a'
                    : `${num(mem.summary.peakMb)} MB: ${mem.summary.peakMb >= mem.alertMb ? 'ALERT breached' : mem.summary.peakMb >= mem.targetMb ? 'over target' : 'within'}`,
                emphasis: true,
              },
              {
                label: 'growth (peak minus before)',
                value: mem.summary.growthMb === null ? 'n/a' : `${num(mem.summary.growthMb)} MB`,
              },
            ]}
          />
          <Chart
            title="Server memory over time"
            caption={`Memory the target reported, in MB, by seconds since sampling began (phases before, during and after the load); dashed lines: the ${mem.targetMb} MB target and the ${mem.alertMb} MB alert from the config.`}
            data={mem.samples.map((s) => ({
              t: s.t,
              metrics: s.metricsMb,
              health: s.healthMb,
              phase: s.phase,
            }))}
            x={{ key: 't', label: 'seconds', numeric: true }}
            series={[
              { key: 'metrics', label: '/metrics RSS (MB)', color: 1 },
              { key: 'health', label: 'health process_memory_mb', color: 5, dashed: true },
            ]}
            yLabel="MB"
            refLines={[
              { axis: 'y', value: mem.targetMb, label: `target ${mem.targetMb} MB`, color: 4 },
              { axis: 'y', value: mem.alertMb, label: `alert ${mem.alertMb} MB`, color: 2 },
            ]}
          />
        </>
      ) : (
        <p>Not measured in this run.</p>
      )}
      <h2 id="baselines">Latency baselines (one user)</h2>
      {b.latency ? (
        <>
          <Chart
            title="Latency at low load per endpoint"
            caption={`p50 and p95 in ms of each endpoint with one user for ${ms(b.latency.durationMs)}, beside its p95 SLO${b.timeScale !== 1 ? ` (time-scaled ×${b.timeScale}: the run's latencies and the SLO are both divided by ${b.timeScale})` : ''}. An endpoint whose every call failed has no bars: it has no baseline. With fewer than 20 samples the p95 is the slowest sample (the table says which).`}
            data={b.latency.steps.map((s) => ({
              step: `${s.id}${s.knownBroken ? ' (known broken)' : ''}${failedBaseline(s) ? ' (all calls failed)' : ''}`,
              p50: failedBaseline(s) ? null : s.latency.p50,
              p95: failedBaseline(s) ? null : s.latency.p95,
              slo: s.sloP95Ms,
            }))}
            x={{ key: 'step', label: 'endpoint' }}
            series={[
              { key: 'p50', label: 'p50 (ms)', color: 1, type: 'bar' },
              { key: 'p95', label: 'p95 (ms)', color: 4, type: 'bar' },
              { key: 'slo', label: 'p95 SLO (ms)', color: 2, type: 'bar' },
            ]}
            yLabel="ms"
          />
          <DataTable
            head={['Endpoint', 'Calls (ok)', 'Latency', 'p95 SLO', 'Result']}
            caption="Each baseline with the samples it rests on."
          >
            {b.latency.steps.map((s) => {
              const v = report.verdict.thresholds.find((t) => t.metric === `baseline.${s.id}.p95_ms`);
              return (
                <tr key={s.id} data-baseline={s.id}>
                  <td>
                    {s.id}
                    {s.knownBroken ? ' (known broken: not judged)' : ''}
                  </td>
                  <td>
                    {s.requests} ({s.ok} ok)
                  </td>
                  <td>
                    {failedBaseline(s)
                      ? `none: every call failed${s.failure ? ` (${s.failure})` : ''}`
                      : formatLatencyBrief(s.latency)}
                  </td>
                  <td>{ms(s.sloP95Ms)}</td>
                  <td className={tone(v?.status ?? '')}>
                    {v ? (v.status === 'no-data' ? 'no data' : v.status) : '–'}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        </>
      ) : (
        <p>Not measured in this run.</p>
      )}
      <h2 id="capacity">Capacity at SLO</h2>
      {b.capacity ? (
        <>
          <p>
            <strong>{b.capacity.maxUsersAtSlo} users</strong> met every p95 SLO
            {b.timeScale !== 1 ? ` (time-scaled ×${b.timeScale})` : ''} and the {b.capacity.errorRatePct} %
            error-rate SLO
            {b.capacity.firstFailingUsers !== null
              ? `; at ${b.capacity.firstFailingUsers} users: ${b.capacity.steps.find((s) => s.users === b.capacity!.firstFailingUsers)?.reasons.join('; ')}`
              : '.'}
          </p>
          <Chart
            title="Capacity ramp"
            caption={`Worst counted p95 in ms (left) and error rate in percent (right) at each step of ${ms(b.capacity.stepDurationMs)}${b.timeScale !== 1 ? `, judged against the SLOs divided by the time scale ×${b.timeScale}` : ''}; the dashed line marks the ${b.capacity.maxUsersAtSlo} users that met the SLOs.`}
            data={b.capacity.steps.map((s) => ({
              users: s.users,
              p95: Math.max(0, ...Object.values(s.p95ByStep)),
              errors: s.errorRatePct,
            }))}
            x={{ key: 'users', label: 'concurrent users', numeric: true }}
            series={[
              { key: 'p95', label: 'worst p95 (ms)', color: 4 },
              { key: 'errors', label: 'error rate (%)', color: 2, right: true },
            ]}
            yLabel="ms"
            rightLabel="%"
            refLines={[
              {
                axis: 'x',
                value: b.capacity.maxUsersAtSlo,
                label: `at SLO: ${b.capacity.maxUsersAtSlo}`,
                color: 3,
              },
            ]}
          />
        </>
      ) : (
        <p>Not measured in this run.</p>
      )}
      {b.notes.length > 0 && (
        <>
          <h2 id="notes">Notes</h2>
          <ul>
            {b.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
