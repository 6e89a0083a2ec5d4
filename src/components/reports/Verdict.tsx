/** The verdict first: status, failures, then every threshold with its limit and observation in their units. */
import React from 'react';
import clsx from 'clsx';
import type { Report } from '@holisticos/runbooks/report/schema';
import { DataTable, tone } from './parts';
import { expressionWithUnit, inLimitUnit, isScaledLimit, ms, thresholdUnit } from './format';
import styles from './styles.module.css';

interface Props {
  verdict: Report['verdict'];
  invalidReasons: string[];
  timeScale: { value: number; inferred: boolean };
}

/** "threshold breached: memory.peak_mb: value<400 (observed 469.5)" with its units: "… value < 400 MB (observed 469.5 MB)". */
export function failureWithUnits(line: string): string {
  const m = /^(threshold breached: )(\S+): (\S+) \(observed (-?[\d.]+)\)$/.exec(line);
  if (!m) return line;
  const unit = thresholdUnit(m[2]!, m[3]!);
  return `${m[1]}${m[2]}: ${expressionWithUnit(m[3]!, unit)} (observed ${inLimitUnit(Number(m[4]), unit)})`;
}

export default function Verdict({ verdict, invalidReasons, timeScale }: Props): React.JSX.Element {
  const scaled = timeScale.value !== 1;
  const failures = [...verdict.failures, ...invalidReasons];
  return (
    <section aria-labelledby="verdict">
      <h2 id="verdict">
        Verdict:{' '}
        <span className={clsx(styles.verdict, tone(verdict.status))}>{verdict.status.toUpperCase()}</span>
      </h2>
      {failures.length > 0 && (
        <ul>
          {failures.map((f) => (
            <li key={f}>{failureWithUnits(f)}</li>
          ))}
        </ul>
      )}
      {verdict.thresholds.length === 0 ? (
        <p>No thresholds in this run: the verdict comes from its own checks, shown below.</p>
      ) : (
        <>
          {scaled && (
            <p data-time-scaled="">
              <strong>Time-scaled run (×{timeScale.value})</strong>: the target ran {timeScale.value} times
              faster than real time, so its latency limits are the configured SLOs divided by{' '}
              {timeScale.value}. The real-time limit is shown beside each.
            </p>
          )}
          <DataTable head={['Threshold', 'Observed', 'Result', 'Source']}>
            {verdict.thresholds.map((t, i) => {
              const unit = thresholdUnit(t.metric, t.expression);
              const limit = Number(/(-?\d+(?:\.\d+)?)$/.exec(t.expression)?.[1]);
              return (
                <tr key={`${t.name}${i}`}>
                  <td>
                    <code>{t.metric}</code> <code>{expressionWithUnit(t.expression, unit)}</code>
                    {scaled && isScaledLimit(t.metric, unit, t.source) && Number.isFinite(limit) ? (
                      <span className={styles.note}>
                        {' '}
                        (×{timeScale.value} time scale; {ms(limit * timeScale.value)} in real time)
                      </span>
                    ) : null}
                  </td>
                  <td>{inLimitUnit(t.observed, unit)}</td>
                  <td className={tone(t.status)}>
                    <strong>{t.status}</strong>
                  </td>
                  <td>{t.source === 'slo' ? 'config' : 'flag'}</td>
                </tr>
              );
            })}
          </DataTable>
        </>
      )}
    </section>
  );
}
