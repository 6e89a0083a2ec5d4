/** The run's workload, and this run against the latest earlier run of the same workload (or why there is none). */
import React from 'react';
import Link from '@docusaurus/Link';
import type { RouteData } from '../../plugins/reports/routes';
import { DataTable, ExampleBadge, tone } from './parts';
import { delta, when, withUnit } from './format';

type Data = Extract<RouteData, { type: 'report' }>;

/** What the run measured under: the parts a comparison must match. */
export function Workload({ parts }: { parts: Data['workload'] }): React.JSX.Element {
  return (
    <section aria-labelledby="workload">
      <h2 id="workload">Workload</h2>
      <DataTable head={['Aspect', 'This run']}>
        {parts.map((p) => (
          <tr key={p.name}>
            <td>{p.name}</td>
            <td>{p.value}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

export default function Comparison({
  previous,
  changes,
  mismatch,
}: Pick<Data, 'previous' | 'changes' | 'mismatch'>): React.JSX.Element {
  return (
    <section
      aria-labelledby="comparison"
      data-comparison={previous ? 'comparable' : mismatch ? 'not-comparable' : 'first'}
    >
      <h2 id="comparison">Compared with the previous run</h2>
      {previous && changes ? (
        <>
          <p>
            Previous run of the same workload: <Link to={previous.path}>{when(previous.startedAt)}</Link> (
            {previous.environment}
            {previous.sandbox ? ', sandbox' : ''}, verdict {previous.verdict})
            {previous.example ? (
              <>
                {' '}
                <ExampleBadge />
              </>
            ) : null}
            .
          </p>
          <DataTable head={['Figure', 'Previous', 'This run', 'Change']}>
            {changes.map((c) => (
              <tr key={c.key}>
                <td>{c.label}</td>
                <td>{withUnit(c.previous, c.unit)}</td>
                <td>{withUnit(c.current, c.unit)}</td>
                <td className={tone(c.direction)}>
                  {c.delta === null ? 'n/a' : `${delta(c.delta, c.unit)} (${c.direction})`}
                </td>
              </tr>
            ))}
          </DataTable>
        </>
      ) : mismatch ? (
        <>
          <p>
            <strong>Not comparable.</strong> No earlier run has this workload. The previous run,{' '}
            <Link to={mismatch.previous.path}>{when(mismatch.previous.startedAt)}</Link>, ran a different one,
            so its figures are not set against this run's:
          </p>
          <ul>
            {mismatch.differences.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>This is the first report of its kind: there is nothing to compare with yet.</p>
      )}
    </section>
  );
}
