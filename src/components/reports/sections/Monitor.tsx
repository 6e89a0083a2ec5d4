/** A published monitor run: the window watched, samples up against samples taken, and each metric's worst value against its threshold. */
import React from 'react';
import type { MonitorReport } from '@holisticos/runbooks/report/monitor';
import { formatValue } from '@holisticos/runbooks/units/index';
import Chart from '../Chart';
import { DataTable, Stats, tone } from '../parts';
import { ms, withUnit } from '../format';

export default function MonitorSection({ report }: { report: MonitorReport }): React.JSX.Element {
  const m = report.monitor;
  const judged = m.metrics.filter((x) => x.maxValue !== null && x.max > 0);
  return (
    <>
      <Stats
        items={[
          { label: 'samples up', value: withUnit(m.uptimePct, '%'), emphasis: true },
          { label: 'samples', value: `${m.upSamples} of ${m.samples}` },
          { label: 'window covered', value: withUnit(m.coveragePct, '%') },
          { label: 'restarts seen', value: String(m.restarts) },
        ]}
      />
      <p>
        Watched for {ms(m.durationMs)} of a planned {ms(m.plannedDurationMs)}, a sample every{' '}
        {ms(m.intervalMs)} (health every {ms(m.healthIntervalMs)}). The watch's verdict:{' '}
        <strong>{m.verdict}</strong> — {m.reason}. The scorecard reads the samples up for uptime where no
        platform is configured, and states how much of its window the published watches cover.
      </p>
      <h2 id="metrics">Each metric against its threshold</h2>
      <Chart
        title="Worst value as a share of its threshold"
        caption="The highest value each metric reached during the watch, as a percentage of its alert threshold (runbooks.config.ts alerts); above 100 % is a breach."
        data={judged.map((x) => ({
          metric: x.label,
          share: Math.round(((x.maxValue ?? 0) / x.max) * 1000) / 10,
        }))}
        x={{ key: 'metric', label: 'metric' }}
        series={[{ key: 'share', label: 'worst value, % of threshold', color: 1, type: 'bar', unit: '%' }]}
        yLabel="% of threshold"
        refLines={[{ axis: 'y', value: 100, label: 'threshold', color: 2 }]}
      />
      <DataTable head={['Metric', 'Threshold', 'Worst', 'Breaches', 'Verdict', 'Source']}>
        {m.metrics.map((x) => (
          <tr key={x.id}>
            <td>{x.label}</td>
            <td>{formatValue(x.max, x.unit)}</td>
            <td>{formatValue(x.maxValue, x.unit)}</td>
            <td>{x.breaches}</td>
            <td
              className={tone(x.verdict === 'passed' ? 'pass' : x.verdict === 'failed' ? 'fail' : 'no-data')}
            >
              {x.verdict}
            </td>
            <td>{x.source}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
