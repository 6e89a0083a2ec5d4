/** The reports index (all kinds, latest verdict per environment) and the index of one kind, with its trend per workload. */
import React from 'react';
import clsx from 'clsx';
import Layout from '@theme/Layout';
import Link from '@docusaurus/Link';
import type { RouteData, RunSummary } from '../../../plugins/reports/routes';
import Chart from '../Chart';
import { formatColumn } from '@holisticos/runbooks/units/index';
import { DataTable, ExampleBadge, tone } from '../parts';
import { when } from '../format';
import styles from '../styles.module.css';
import { PromisesTable } from '../sections/Scorecard';
import type { ScorecardReport } from '@holisticos/runbooks/report/scorecard';

/** Each metric's column, every row in one unit (units.formatColumn): cells[row][metric]. */
function metricColumns(runs: readonly RunSummary[]): string[][] {
  const heads = runs[0]?.metrics ?? [];
  const columns = heads.map((h) =>
    formatColumn(
      runs.map((r) => r.metrics.find((m) => m.key === h.key)?.value ?? null),
      h.unit,
    ),
  );
  return runs.map((_, i) => columns.map((c) => c[i]!));
}

function RunsTable({ runs }: { runs: RunSummary[] }): React.JSX.Element {
  const heads = runs[0]?.metrics ?? [];
  const newestFirst = [...runs].reverse();
  const cells = metricColumns(newestFirst);
  return (
    <DataTable head={['Run', 'Environment', 'Workload', 'Verdict', ...heads.map((m) => m.label)]}>
      {newestFirst.map((r, i) => (
        <tr key={r.slug}>
          <td>
            <Link to={r.path}>{when(r.startedAt)}</Link>
            {r.example ? (
              <>
                {' '}
                <ExampleBadge />
              </>
            ) : null}
          </td>
          <td>
            {r.environment}
            {r.sandbox ? ' (sandbox)' : ''}
            {r.partial ? ', partial' : ''}
            {r.drill ? ', a drill' : ''}
          </td>
          <td>{r.workload}</td>
          <td className={tone(r.verdict)}>{r.verdict}</td>
          {cells[i]!.map((c, j) => (
            <td key={heads[j]!.key}>{c}</td>
          ))}
        </tr>
      ))}
    </DataTable>
  );
}

/**
 * One trend line per workload the route data names (routes.ts, trendWorkloads): a point is
 * only joined to runs of the same workload, so a change of users or duration never reads as
 * a regression, and a workload with one run is not drawn as an isolated dot.
 */
function Trends({ runs: all, workloads }: { runs: RunSummary[]; workloads: string[] }): React.JSX.Element {
  // A drill's incident is practice: it never moves the real incidents' trend.
  const runs = all.filter((r) => !r.drill);
  const metrics = runs[0]?.metrics ?? [];
  if (!workloads.length)
    return (
      <p data-trend="none">
        No trend yet: a trend joins runs of the same workload (for a drill, the same scenario under the same
        conditions), and no workload has two runs. Each run is in the <a href="#runs">table below</a>.
      </p>
    );
  const label = (key: string) => runs.find((r) => r.workloadKey === key)!.workload;
  const rows = runs.filter((r) => workloads.includes(r.workloadKey));
  return (
    <>
      {metrics.map((m) => {
        const data = rows.map((r, i) => ({
          run: `#${i + 1} ${r.startedAt.slice(0, 10)}`,
          ...Object.fromEntries(
            workloads.map((w, j) => [
              `w${j}`,
              r.workloadKey === w ? (r.metrics.find((x) => x.key === m.key)?.value ?? null) : null,
            ]),
          ),
        }));
        const unit = m.unit ? ` (${m.unit})` : '';
        return (
          <Chart
            key={m.key}
            title={`Trend: ${m.label}`}
            caption={`${m.label}${unit} of each published run, oldest first, one line per workload (runs of different workloads are not comparable); ${m.better} is better.`}
            data={data}
            x={{ key: 'run', label: 'run' }}
            series={workloads.map((w, j) => ({
              key: `w${j}`,
              label: label(w),
              unit: m.unit || undefined,
              color: ((j % 5) + 1) as 1 | 2 | 3 | 4 | 5,
            }))}
            yLabel={m.unit || 'value'}
          />
        );
      })}
    </>
  );
}

/** Drills: per scenario, how many runs and the latest and best time to mitigate (the trend chart shows the five most recent scenarios). */
function ScenarioTable({ runs }: { runs: RunSummary[] }): React.JSX.Element {
  const scenarios = [...new Set(runs.map((r) => r.scenario ?? '?'))].sort();
  const mitigate = (r: RunSummary) => r.metrics.find((m) => m.key === 'mitigate')?.value ?? null;
  const rows = scenarios.map((sc) => {
    const list = runs.filter((r) => r.scenario === sc);
    const times = list.map(mitigate).filter((v): v is number => v !== null);
    return { sc, list, latest: list.at(-1)!, best: times.length ? Math.min(...times) : null };
  });
  // Both time columns in one unit: the latest and the best are the same quantity, read side by side.
  const times = formatColumn([...rows.map((r) => mitigate(r.latest)), ...rows.map((r) => r.best)], 'ms');
  return (
    <DataTable
      head={['Scenario', 'Drills', 'Latest verdict', 'Latest time to mitigate', 'Best time to mitigate']}
    >
      {rows.map(({ sc, list, latest }, i) => (
        <tr key={sc} data-scenario={sc}>
          <td>{sc}</td>
          <td>{list.length}</td>
          <td className={tone(latest.verdict)}>
            <Link to={latest.path}>{latest.verdict}</Link>
          </td>
          <td>{times[i]}</td>
          <td>{times[rows.length + i]}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The newest scorecard first: its one-line state and promises table, with each promise's trend. */
function LatestScorecard({
  latest,
}: {
  latest: NonNullable<Extract<RouteData, { type: 'kind-index' }>['latest']> & { report: ScorecardReport };
}): React.JSX.Element {
  const s = latest.report.scorecard;
  return (
    <section data-latest-scorecard="">
      <h2 id="latest">
        Latest: {s.environment}, {when(latest.report.startedAt)}
      </h2>
      <p className={styles.scorecardLine}>
        <strong>{s.summary.line}</strong> on {s.environment}
        {latest.report.target.sandbox ? ' (the sandbox)' : ''}.{' '}
        {latest.example ? (
          <>
            <ExampleBadge />{' '}
          </>
        ) : null}
        <Link to={latest.path}>The whole scorecard</Link>: evidence, delivery's four keys, sources.
      </p>
      <PromisesTable report={latest.report} view={latest.view} />
    </section>
  );
}

function KindIndex({ data }: { data: Extract<RouteData, { type: 'kind-index' }> }): React.JSX.Element {
  return (
    <>
      <h1>{data.title}</h1>
      <p>
        <Link to="/reports">← all reports</Link> · {data.runs.length} published{' '}
        {data.runs.length === 1 ? 'run' : 'runs'}, newest first below. Runs marked <ExampleBadge /> were
        committed with the handbook as examples.
      </p>
      {data.runs.length === 0 ? (
        <p>
          No report of this kind is published yet. Run the script with <code>--publish</code> and rebuild the
          site.
        </p>
      ) : (
        <>
          {data.latest && data.latest.report.kind === 'scorecard' && (
            <LatestScorecard latest={{ ...data.latest, report: data.latest.report }} />
          )}
          {data.kind === 'drill' && (
            <>
              <h2 id="scenarios">Time to mitigate per scenario</h2>
              <ScenarioTable runs={data.runs} />
            </>
          )}
          {data.kind === 'incident' && (
            <p>
              Reviews of a drill's incident are listed below but kept out of the trend: it shows real
              incidents only.
            </p>
          )}
          <h2 id="trend">Trend across runs</h2>
          <Trends runs={data.runs} workloads={data.trend} />
          <h2 id="runs">Runs</h2>
          <RunsTable runs={data.runs} />
        </>
      )}
    </>
  );
}

function LatestCell({ run }: { run: RunSummary | undefined }): React.JSX.Element {
  if (!run) return <td>none yet</td>;
  return (
    <td data-latest={run.environment}>
      <strong className={clsx(tone(run.verdict))}>{run.verdict.toUpperCase()}</strong>{' '}
      <Link to={run.path}>{when(run.startedAt)}</Link>
      {run.sandbox ? ' (sandbox)' : ''}
      {run.example ? (
        <>
          {' '}
          <ExampleBadge />
        </>
      ) : null}
    </td>
  );
}

export default function ReportIndex({
  data,
}: {
  data: Exclude<RouteData, { type: 'report' }>;
}): React.JSX.Element {
  const title = data.type === 'index' ? 'Reports' : data.title;
  return (
    <Layout
      title={title}
      description="Scorecards, load, stress, benchmark, cost, drill, post-incident and monitor reports published from runs of the scripts."
    >
      <main className={`container margin-vert--lg ${styles.report}`}>
        {data.type === 'kind-index' ? (
          <KindIndex data={data} />
        ) : (
          <>
            <h1>Reports</h1>
            <p>
              Every report published with <code>--publish</code> under <code>static/reports/</code> is a page
              here. How to read and publish them: <Link to="/docs/reports">Reports in the handbook</Link>. The
              latest verdict of each kind, per environment (a run given an explicit <code>--url</code> is
              listed by its host):
            </p>
            <DataTable head={['Kind', 'Runs', ...data.environments.map((e) => `Latest on ${e}`)]}>
              {data.kinds.map((k) => (
                <tr key={k.kind}>
                  <td>
                    <Link to={k.path}>{k.title}</Link>
                  </td>
                  <td>{k.count}</td>
                  {data.environments.map((e) => (
                    <LatestCell key={e} run={k.latestByEnv[e]} />
                  ))}
                </tr>
              ))}
            </DataTable>
          </>
        )}
      </main>
    </Layout>
  );
}
