/**
 * One accessible chart: a figure whose SVG sits in a role="img" box named by `title`, with
 * a caption and the same numbers as a table (the text alternative axe and screen readers
 * need). Colours are CSS variables, so charts follow the colour mode.
 */
import React from 'react';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import styles from './styles.module.css';
import { num } from './format';
import { DataTable } from './parts';

export interface Series {
  key: string;
  label: string;
  /** 1–5: the palette slot. */
  color: 1 | 2 | 3 | 4 | 5;
  type?: 'line' | 'bar';
  /** Right axis (second unit). */
  right?: boolean;
  dashed?: boolean;
  /** Unit for the data table's column, when the label does not carry it. */
  unit?: string;
}

export interface RefLine {
  axis: 'x' | 'y';
  value: number;
  label: string;
  color: 1 | 2 | 3 | 4 | 5;
  right?: boolean;
}

export interface ChartProps {
  title: string;
  /** What the chart shows, in a sentence (also the figure caption). */
  caption: string;
  data: Record<string, number | string | null>[];
  /**
   * The x axis. A numeric axis may fix its domain and ticks and name its ticks (`format`,
   * also used for the tooltip and the data table), e.g. a log scale drawn on positions.
   */
  x: {
    key: string;
    label: string;
    numeric?: boolean;
    domain?: [number, number];
    ticks?: number[];
    format?: (v: number) => string;
  };
  series: Series[];
  yLabel: string;
  rightLabel?: string;
  refLines?: RefLine[];
  /** Body rows of the data table, when one row per data point is not the clearest table. */
  tableRows?: React.ReactNode;
  /** Column headings for `tableRows`. */
  tableHead?: React.ReactNode[];
}

const c = (n: number) => `var(--rpt-${n})`;
const tick = { fill: 'var(--rpt-text)', fontSize: 12 };

/**
 * The legend as HTML above the plot, not inside the SVG: recharts' legend took its space
 * out of the fixed chart height (on a phone, long workload names left the plot a sliver)
 * and at the bottom it collided with the x-axis title. Text in the body colour, a swatch
 * in the series' colour and stroke.
 */
function ChartLegend({ series }: { series: Series[] }): React.JSX.Element {
  return (
    <ul className={styles.legend}>
      {series.map((s) => (
        <li key={s.key}>
          <svg width="18" height="10" aria-hidden="true">
            {s.type === 'bar' ? (
              <rect x="2" y="1" width="14" height="8" fill={c(s.color)} />
            ) : (
              <line
                x1="1"
                y1="5"
                x2="17"
                y2="5"
                stroke={c(s.color)}
                strokeWidth="2.5"
                strokeDasharray={s.dashed ? '4 3' : undefined}
              />
            )}
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  );
}

export default function Chart({
  title,
  caption,
  data,
  x,
  series,
  yLabel,
  rightLabel,
  refLines = [],
  tableRows,
  tableHead,
}: ChartProps): React.JSX.Element {
  const xText = (v: unknown) =>
    typeof v === 'number' ? (x.format ? x.format(v) : num(v, 2)) : String(v ?? '');
  const hasRight = series.some((s) => s.right) || refLines.some((r) => r.right);
  const label = `${title}. ${caption}`;
  return (
    <figure className={styles.figure}>
      <ChartLegend series={series} />
      <div className={styles.chart} role="img" aria-label={label} data-chart={title}>
        <ResponsiveContainer width="100%" height="100%" minWidth={200}>
          <ComposedChart
            data={data}
            margin={{ top: 18, right: hasRight ? 4 : 24, bottom: 22, left: 4 }}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke="var(--rpt-grid)" strokeDasharray="3 3" />
            <XAxis
              dataKey={x.key}
              type={x.numeric ? 'number' : 'category'}
              domain={x.numeric ? (x.domain ?? ['dataMin', 'dataMax']) : undefined}
              ticks={x.ticks}
              tickFormatter={x.format}
              tick={tick}
              stroke="var(--rpt-grid)"
              label={{
                value: x.label,
                position: 'insideBottom',
                offset: -16,
                fill: 'var(--rpt-text)',
                fontSize: 12,
              }}
            />
            <YAxis
              yAxisId="left"
              width="auto"
              tick={tick}
              stroke="var(--rpt-grid)"
              label={{
                value: yLabel,
                angle: -90,
                position: 'insideLeft',
                fill: 'var(--rpt-text)',
                fontSize: 12,
                style: { textAnchor: 'middle' },
              }}
            />
            {hasRight && (
              <YAxis
                yAxisId="right"
                orientation="right"
                width="auto"
                tick={tick}
                stroke="var(--rpt-grid)"
                label={{
                  value: rightLabel ?? '',
                  angle: 90,
                  position: 'insideRight',
                  fill: 'var(--rpt-text)',
                  fontSize: 12,
                  style: { textAnchor: 'middle' },
                }}
              />
            )}
            <Tooltip
              labelFormatter={x.format ? (v) => xText(v) : undefined}
              contentStyle={{
                background: 'var(--ifm-background-surface-color)',
                borderColor: 'var(--rpt-grid)',
                color: 'var(--rpt-text)',
              }}
            />
            {series.map((s) =>
              s.type === 'bar' ? (
                <Bar
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  fill={c(s.color)}
                  yAxisId={s.right ? 'right' : 'left'}
                  isAnimationActive={false}
                />
              ) : (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stroke={c(s.color)}
                  strokeWidth={2}
                  strokeDasharray={s.dashed ? '5 4' : undefined}
                  dot={data.length < 40}
                  yAxisId={s.right ? 'right' : 'left'}
                  isAnimationActive={false}
                  connectNulls
                />
              ),
            )}
            {refLines.map((r) =>
              r.axis === 'x' ? (
                <ReferenceLine
                  key={`${r.axis}${r.value}${r.label}`}
                  x={r.value}
                  yAxisId="left"
                  stroke={c(r.color)}
                  strokeDasharray="6 3"
                  label={{ value: r.label, fill: c(r.color), fontSize: 12, position: 'top' }}
                />
              ) : (
                <ReferenceLine
                  key={`${r.axis}${r.value}${r.label}`}
                  y={r.value}
                  yAxisId={r.right ? 'right' : 'left'}
                  stroke={c(r.color)}
                  strokeDasharray="6 3"
                  label={{ value: r.label, fill: c(r.color), fontSize: 12, position: 'insideTopLeft' }}
                  ifOverflow="extendDomain"
                />
              ),
            )}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className={styles.caption}>{caption}</figcaption>
      <details>
        <summary>{title}: data table</summary>
        <DataTable
          head={tableHead ?? [x.label, ...series.map((s) => (s.unit ? `${s.label} (${s.unit})` : s.label))]}
          caption={title}
        >
          {tableRows ??
            data.map((d, i) => (
              <tr key={i}>
                <td>{xText(d[x.key])}</td>
                {series.map((s) => (
                  <td key={s.key}>{typeof d[s.key] === 'number' ? num(d[s.key] as number, 2) : 'n/a'}</td>
                ))}
              </tr>
            ))}
        </DataTable>
      </details>
    </figure>
  );
}
