/** The reports index (all kinds) and the index of one kind, with its trend across runs. */
import React from 'react';
import Layout from '@theme/Layout';
import Link from '@docusaurus/Link';
import type { RouteData, RunSummary } from '../../../plugins/reports/routes';
import Chart from '../Chart';
import { DataTable, metricCells } from '../parts';
import { when } from '../format';
import styles from '../styles.module.css';

function RunsTable({ runs }: { runs: RunSummary[] }): React.JSX.Element {
  const heads = runs[0]?.metrics ?? [];
  return (
    <DataTable head={['Run', 'Environment', 'Verdict', ...heads.map((m) => m.label)]}>
      {[...runs].reverse().map((r) => (
        <tr key={r.slug}>
          <td>
            <Link to={r.path}>{when(r.startedAt)}</Link>
          </td>
          <td>
            {r.environment}
            {r.sandbox ? ' (sandbox)' : ''}
            {r.partial ? ', partial' : ''}
          </td>
          <td>{r.verdict}</td>
          {metricCells(r.metrics)}
        </tr>
      ))}
    </DataTable>
  );
}

function KindIndex({ data }: { data: Extract<RouteData, { type: 'kind-index' }> }): React.JSX.Element {
  const metrics = data.runs[0]?.metrics ?? [];
  const trend = data.runs.map((r, i) => ({ run: `#${i + 1} ${r.startedAt.slice(0, 10)}`, ...Object.fromEntries(r.metrics.map((m) => [m.key, m.value])) }));
  return (
    <>
      <h1>{data.title}</h1>
      <p>
        <Link to="/reports">← all reports</Link> · {data.runs.length} published {data.runs.length === 1 ? 'run' : 'runs'}, newest first below.
      </p>
      {data.runs.length === 0 ? (
        <p>No report of this kind is published yet. Run the script with <code>--publish</code> and rebuild the site.</p>
      ) : (
        <>
          <h2 id="trend">Trend across runs</h2>
          {metrics.map((m, i) => (
            <Chart key={m.key} title={`Trend: ${m.label}`} caption={`${m.label}${m.unit ? ` (${m.unit})` : ''} of each published run, oldest first; ${m.better} is better.`} data={trend} x={{ key: 'run', label: 'run' }} series={[{ key: m.key, label: `${m.label}${m.unit ? ` (${m.unit})` : ''}`, color: ((i % 5) + 1) as 1 | 2 | 3 | 4 | 5 }]} yLabel={m.unit || 'value'} />
          ))}
          <h2 id="runs">Runs</h2>
          <RunsTable runs={data.runs} />
        </>
      )}
    </>
  );
}

export default function ReportIndex({ data }: { data: Exclude<RouteData, { type: 'report' }> }): React.JSX.Element {
  const title = data.type === 'index' ? 'Reports' : data.title;
  return (
    <Layout title={title} description="Load, stress, benchmark and cost reports published from runs of the scripts.">
      <main className={`container margin-vert--lg ${styles.report}`}>
        {data.type === 'kind-index' ? (
          <KindIndex data={data} />
        ) : (
          <>
            <h1>Reports</h1>
            <p>
              Every report published with <code>--publish</code> under <code>static/reports/</code> is a page here. How to read and publish them: <Link to="/docs/reports">Reports in the handbook</Link>.
            </p>
            <DataTable head={['Kind', 'Runs', 'Latest', 'Latest verdict']}>
              {data.kinds.map((k) => (
                <tr key={k.kind}>
                  <td>
                    <Link to={k.path}>{k.title}</Link>
                  </td>
                  <td>{k.count}</td>
                  <td>{k.latest ? <Link to={k.latest.path}>{when(k.latest.startedAt)}{k.latest.sandbox ? ' (sandbox)' : ''}</Link> : 'none yet'}</td>
                  <td>{k.latest?.verdict ?? 'n/a'}</td>
                </tr>
              ))}
            </DataTable>
          </>
        )}
      </main>
    </Layout>
  );
}
