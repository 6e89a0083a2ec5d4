/** The load report's latency percentile curves: one line per step and one for the whole journey, or why there are none. */
import React from 'react';
import type { LatencyCurves } from '../../../plugins/reports/percentiles';
import Chart from '../Chart';
import { num } from '../format';
import styles from '../styles.module.css';
import { percentileLabel, percentileName, percentilePlot, type CurveLine } from '../percentile-plot';

const samples = (n: number) => `${n} sample${n === 1 ? '' : 's'}`;
const lineLabel = (l: CurveLine) =>
  `${l.name}${l.knownBroken ? ' (known broken)' : ''}, ${samples(l.curve.count)}`;

export default function LoadPercentiles({
  curves,
  timeScale = 1,
}: {
  curves: LatencyCurves | null;
  timeScale?: number;
}): React.JSX.Element {
  let body: React.ReactNode;
  if (!curves || curves.status === 'none') {
    body = <p>No percentile curve: this report carries no latency histogram that can be read.</p>;
  } else if (curves.status === 'imported') {
    body = (
      <p>
        No percentile curve: {curves.engine} reports a few percentiles per step, not its latency histogram, so
        there is no measured curve to draw. Its p50, p95 and p99 per step are in the chart above.
      </p>
    );
  } else {
    body = <Curves curves={curves} timeScale={timeScale} />;
  }
  return (
    <section data-percentiles={curves?.status ?? 'none'}>
      <h2 id="percentiles">Latency percentiles</h2>
      {body}
    </section>
  );
}

function Curves({
  curves,
  timeScale,
}: {
  curves: Extract<LatencyCurves, { status: 'drawn' }>;
  timeScale: number;
}): React.JSX.Element {
  const plot = percentilePlot(curves.steps, curves.journey);
  const empty = curves.steps.filter((s) => !s.curve).map((s) => s.id);
  const broken = plot.lines.filter((l) => l.knownBroken).map((l) => l.name);
  const scaled =
    timeScale !== 1
      ? ` Latencies are in the run's time (time-scaled ×${timeScale}: real-time latencies are ${timeScale} times these).`
      : '';
  const title = 'Latency by percentile, per step';
  const caption =
    `Latency from each request's intended start, in ${plot.unit === 's' ? 'seconds' : 'milliseconds'}, at each percentile; the percentile axis is logarithmic in 1/(1−p), so 90 %, 99 % and 99.9 % are evenly spaced.` +
    ` A line reads percentiles only up to what its samples support (n samples: up to 1 − 1/n) and ends at its slowest sample.` +
    (broken.length ? ` Dashed: steps known to be broken (${broken.join(', ')}), not judged.` : '') +
    scaled;
  const truncated = plot.lines.some((l) =>
    plot.percentiles.some((p) => !l.curve.points.some((x) => x.p === p)),
  );
  const cell = (l: CurveLine, p: number) => {
    const pt = l.curve.points.find((x) => x.p === p);
    return pt ? num(plot.unit === 's' ? pt.ms / 1000 : pt.ms, 2) : 'n/a';
  };
  return (
    <>
      <Chart
        title={title}
        caption={caption}
        data={plot.data}
        x={{
          key: 'x',
          label: 'percentile (log scale of 1/(1−p))',
          numeric: true,
          domain: plot.domain,
          ticks: plot.ticks,
          format: percentileLabel,
        }}
        series={plot.lines.map((l) => ({
          key: l.key,
          label: lineLabel(l),
          color: l.color,
          dashed: l.knownBroken,
        }))}
        yLabel={plot.unit === 's' ? 'latency (s)' : 'latency (ms)'}
        tableHead={[
          'percentile',
          ...plot.lines.map((l) => `${l.name}${l.knownBroken ? ' (known broken)' : ''} (${plot.unit})`),
        ]}
        tableRows={
          <>
            <tr data-percentile="samples">
              <th scope="row">samples</th>
              {plot.lines.map((l) => (
                <td key={l.key}>{l.curve.count}</td>
              ))}
            </tr>
            {plot.percentiles.map((p) => (
              <tr key={p} data-percentile={p}>
                <th scope="row">{percentileName(p)}</th>
                {plot.lines.map((l) => (
                  <td key={l.key}>{cell(l, p)}</td>
                ))}
              </tr>
            ))}
          </>
        }
      />
      {(truncated || empty.length > 0) && (
        <p className={styles.note}>
          {truncated ? 'n/a in the table: too few samples to read that percentile. ' : ''}
          {empty.length ? `No samples for ${empty.join(', ')}.` : ''}
        </p>
      )}
    </>
  );
}
