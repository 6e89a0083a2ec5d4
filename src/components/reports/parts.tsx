/** Pieces every report page shares: badges, the verdict table, key figures, the comparison. */
import React from 'react';
import clsx from 'clsx';
import Link from '@docusaurus/Link';
import type { Report } from '../../../runbooks/lib/report/schema';
import type { Change, Metric } from '../../plugins/reports/summary';
import type { RunSummary } from '../../plugins/reports/routes';
import styles from './styles.module.css';
import { num, when, withUnit } from './format';

const tone = (s: string) => (s === 'pass' || s === 'better' ? styles.pass : s === 'fail' || s === 'worse' || s === 'invalid' ? styles.fail : s === 'no-data' ? styles.warn : styles.neutral);

/** Environment, sandbox, partial and invalid markers. */
/** A table with a header row of column headings; `children` are the body rows. */
export function DataTable({ head, caption, children }: { head: React.ReactNode[]; caption?: React.ReactNode; children: React.ReactNode }): React.JSX.Element {
  return (
    <div className={styles.tableWrap}>
      <table>
        {caption !== undefined && <caption className={styles.caption}>{caption}</caption>}
        <thead>
          <tr>
            {head.map((h, i) => (
              <th scope="col" key={i}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function Badges({ report }: { report: Pick<Report, 'target' | 'partial' | 'invalid' | 'engine'> }): React.JSX.Element {
  return (
    <div className={styles.badges}>
      <span className={clsx(styles.badge, styles.neutral)}>{report.target.environment}</span>
      {report.engine && (
        <span className={clsx(styles.badge, styles.neutral)} title={`Run by ${report.engine.name} ${report.engine.version} on ${report.engine.instances} instance(s), imported`} data-badge="engine">
          {report.engine.name} ×{report.engine.instances}
        </span>
      )}
      {report.target.sandbox && (
        <span className={clsx(styles.badge, styles.warn)} title="Measured against the sandbox: the numbers describe the model, not the real service" data-badge="sandbox">
          sandbox
        </span>
      )}
      {report.partial && <span className={clsx(styles.badge, styles.warn)}>partial</span>}
      {report.invalid && <span className={clsx(styles.badge, styles.fail)}>invalid</span>}
    </div>
  );
}

/** The verdict first: status, failures, then every threshold with pass/fail. */
export function Verdict({ verdict, invalidReasons }: { verdict: Report['verdict']; invalidReasons: string[] }): React.JSX.Element {
  return (
    <section aria-labelledby="verdict">
      <h2 id="verdict">
        Verdict: <span className={clsx(styles.verdict, tone(verdict.status))}>{verdict.status.toUpperCase()}</span>
      </h2>
      {[...verdict.failures, ...invalidReasons].length > 0 && (
        <ul>
          {[...verdict.failures, ...invalidReasons].map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
      {verdict.thresholds.length === 0 ? (
        <p>No thresholds in this run: the verdict comes from its own checks, shown below.</p>
      ) : (
        <DataTable head={['Threshold', 'Observed', 'Result', 'Source']}>
          {verdict.thresholds.map((t, i) => (
            <tr key={`${t.name}${i}`}>
              <td>
                <code>{t.metric}</code> <code>{t.expression}</code>
              </td>
              <td>{num(t.observed, 3)}</td>
              <td className={tone(t.status)}>
                <strong>{t.status}</strong>
              </td>
              <td>{t.source === 'slo' ? 'config' : 'flag'}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

/** Key figures as tiles. */
export function Stats({ items }: { items: { label: string; value: string }[] }): React.JSX.Element {
  return (
    <div className={styles.stats}>
      {items.map((i) => (
        <div className={styles.stat} key={i.label}>
          <div className={styles.statLabel}>{i.label}</div>
          <div className={styles.statValue}>{i.value}</div>
        </div>
      ))}
    </div>
  );
}

/** This run against the previous one of its kind. */
export function Comparison({ previous, changes }: { previous: RunSummary | null; changes: Change[] | null }): React.JSX.Element {
  return (
    <section aria-labelledby="comparison">
      <h2 id="comparison">Compared with the previous run</h2>
      {!previous || !changes ? (
        <p>This is the first report of its kind: there is nothing to compare with yet.</p>
      ) : (
        <>
          <p>
            Previous: <Link to={previous.path}>{when(previous.startedAt)}</Link> ({previous.environment}
            {previous.sandbox ? ', sandbox' : ''}, verdict {previous.verdict}).
          </p>
          <DataTable head={['Figure', 'Previous', 'This run', 'Change']}>
            {changes.map((c) => (
              <tr key={c.key}>
                <td>{c.label}</td>
                <td>{withUnit(c.previous, c.unit)}</td>
                <td>{withUnit(c.current, c.unit)}</td>
                <td className={tone(c.direction)}>{c.delta === null ? 'n/a' : `${c.delta > 0 ? '+' : ''}${num(c.delta, 3)} (${c.direction})`}</td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </section>
  );
}

/** Key figures of a run, for index tables. */
export function metricCells(metrics: Metric[]): React.JSX.Element[] {
  return metrics.map((m) => <td key={m.key}>{withUnit(m.value, m.unit)}</td>);
}
