/** One report as a page: the verdict first, then the kind's charts, then the comparison with the previous run. */
import React from 'react';
import Layout from '@theme/Layout';
import Link from '@docusaurus/Link';
import type { RouteData } from '../../../plugins/reports/routes';
import { Badges, Comparison, Verdict } from '../parts';
import { when } from '../format';
import styles from '../styles.module.css';
import LoadSection from '../sections/Load';
import StressSection from '../sections/Stress';
import BenchmarkSection from '../sections/Benchmark';
import CostSection from '../sections/Cost';

const TITLE = { load: 'Load test', stress: 'Stress test', benchmark: 'Benchmark', cost: 'Cost analysis' } as const;

export default function ReportPage({ data }: { data: Extract<RouteData, { type: 'report' }> }): React.JSX.Element {
  const r = data.report;
  const title = `${TITLE[r.kind]} of ${when(r.startedAt)}`;
  return (
    <Layout title={title} description={`${TITLE[r.kind]} report, ${r.target.environment}, verdict ${r.verdict.status}`}>
      <main className={`container margin-vert--lg ${styles.report}`}>
        <p>
          <Link to={data.indexPath}>← all {TITLE[r.kind].toLowerCase()} reports</Link>
        </p>
        <h1>{title}</h1>
        <Badges report={r} />
        <p>
          Target <code>{r.target.url}</code> ({r.target.environment}), {when(r.startedAt)} → {when(r.endedAt)}, tool {r.tool.name} {r.tool.version}
          {r.git.sha ? `, commit ${r.git.sha.slice(0, 10)}${r.git.dirty ? ' (uncommitted changes)' : ''}` : ''}. Source: <code>{data.file}</code>.
        </p>
        {r.engine && (
          <p data-engine={r.engine.name}>
            Run by {r.engine.name} {r.engine.version} on {r.engine.instances} instance{r.engine.instances > 1 ? 's' : ''} and imported: judged by the same thresholds as a run of the handbook's own engine. It
            does not report its generator's health or late starts, and its time series has one point per reporting period, not per second.
          </p>
        )}
        {r.target.sandbox && <p>Measured against the sandbox: the numbers describe its model of the service, not production.</p>}
        {typeof r.config.timeScale === 'number' && r.config.timeScale !== 1 && (
          <p>
            Time-scaled ×{r.config.timeScale}: latencies are the target's modelled times divided by {r.config.timeScale}, and the latency thresholds were divided the same way, so the verdict
            reads as it would in real time.
          </p>
        )}
        <Verdict verdict={r.verdict} invalidReasons={r.invalidReasons} />
        {r.kind === 'load' && <LoadSection report={r} />}
        {r.kind === 'stress' && <StressSection report={r} />}
        {r.kind === 'benchmark' && <BenchmarkSection report={r} />}
        {r.kind === 'cost' && <CostSection report={r} />}
        <Comparison previous={data.previous} changes={data.changes} />
      </main>
    </Layout>
  );
}
