/** Pieces every report page shares: tables, badges, key figures. */
import React from 'react';
import clsx from 'clsx';
import type { Report } from '@holisticos/runbooks/report/schema';
import { labelShort, labelText, reportLabel } from '@holisticos/runbooks/target/label';
import styles from './styles.module.css';

export const tone = (s: string) =>
  s === 'pass' || s === 'better'
    ? styles.pass
    : s === 'fail' || s === 'worse' || s === 'invalid'
      ? styles.fail
      : s === 'no-data'
        ? styles.warn
        : styles.neutral;

/** A table with a header row of column headings; `children` are the body rows. */
export function DataTable({
  head,
  caption,
  children,
}: {
  head: React.ReactNode[];
  caption?: React.ReactNode;
  children: React.ReactNode;
}): React.JSX.Element {
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

/** The `example` marker: a committed sample report, not a measurement of any deployment. */
export function ExampleBadge(): React.JSX.Element {
  return (
    <span
      className={clsx(styles.badge, styles.example)}
      title="Committed with the handbook as an example: measured on a developer's machine, not a run of any deployment"
      data-badge="example"
    >
      example
    </span>
  );
}

/** Environment, engine, example, sandbox, partial and invalid markers. */
export function Badges({
  report,
  example,
}: {
  report: Pick<Report, 'target' | 'partial' | 'invalid' | 'engine'>;
  example: boolean;
}): React.JSX.Element {
  return (
    <div className={styles.badges} data-badges="">
      <span
        className={clsx(styles.badge, styles.neutral)}
        title={labelText(reportLabel(report.target))}
        data-badge="target"
      >
        {labelShort(reportLabel(report.target))}
      </span>
      {report.engine && (
        <span
          className={clsx(styles.badge, styles.neutral)}
          title={`Run by ${report.engine.name} ${report.engine.version} on ${report.engine.instances} instance(s), imported`}
          data-badge="engine"
        >
          {report.engine.name} ×{report.engine.instances}
        </span>
      )}
      {example && <ExampleBadge />}
      {report.target.sandbox && (
        <span
          className={clsx(styles.badge, styles.warn)}
          title="Measured against the sandbox: the numbers describe the model, not the real service"
          data-badge="sandbox"
        >
          sandbox
        </span>
      )}
      {report.partial && <span className={clsx(styles.badge, styles.warn)}>partial</span>}
      {report.invalid && <span className={clsx(styles.badge, styles.fail)}>invalid</span>}
    </div>
  );
}

/** Key figures as tiles; `emphasis` marks the one a threshold judges (e.g. the memory peak). */
export function Stats({
  items,
}: {
  items: { label: string; value: string; emphasis?: boolean }[];
}): React.JSX.Element {
  return (
    <div className={styles.stats}>
      {items.map((i) => (
        <div
          className={clsx(styles.stat, i.emphasis && styles.statEmphasis)}
          key={i.label}
          data-stat={i.label}
        >
          <div className={styles.statLabel}>{i.label}</div>
          <div className={styles.statValue}>{i.value}</div>
        </div>
      ))}
    </div>
  );
}
