/** One report as a page: the verdict first, then the kind's charts, then the workload and the comparison with the previous run of it. */
import React from 'react';
import Layout from '@theme/Layout';
import Link from '@docusaurus/Link';
import type { RouteData } from '../../../plugins/reports/routes';
import { Badges } from '../parts';
import Verdict from '../Verdict';
import Comparison, { Workload } from '../Comparison';
import { when } from '../format';
import { labelShort, labelText, reportLabel } from '@holisticos/runbooks/target/label';
import styles from '../styles.module.css';
import LoadSection from '../sections/Load';
import StressSection from '../sections/Stress';
import BenchmarkSection from '../sections/Benchmark';
import CostSection from '../sections/Cost';
import DrillSection from '../sections/Drill';
import IncidentSection from '../sections/Incident';
import MonitorSection from '../sections/Monitor';
import ScorecardSection from '../sections/Scorecard';

const TITLE = {
  load: 'Load test',
  stress: 'Stress test',
  benchmark: 'Benchmark',
  cost: 'Cost analysis',
  drill: 'Incident drill',
  incident: 'Post-incident review',
  monitor: 'Monitor run',
  scorecard: 'Scorecard',
} as const;

export default function ReportPage({
  data,
}: {
  data: Extract<RouteData, { type: 'report' }>;
}): React.JSX.Element {
  const r = data.report;
  const title = `${TITLE[r.kind]} of ${when(r.startedAt)}`;
  return (
    <Layout
      title={title}
      description={`${TITLE[r.kind]} report, ${labelShort(reportLabel(r.target))}, verdict ${r.verdict.status}${data.example ? ', an example' : ''}`}
    >
      <main className={`container margin-vert--lg ${styles.report}`}>
        <p>
          <Link to={data.indexPath}>← all {TITLE[r.kind].toLowerCase()} reports</Link>
        </p>
        <h1>{title}</h1>
        <Badges report={r} example={data.example} />
        {data.example && (
          <p className={styles.exampleNote}>
            <strong>An example report</strong>, committed with the handbook to show the format: it was
            measured against the sandbox on a developer's machine and says nothing about any deployment. Your
            own runs, published with <code>--publish</code>, appear beside it without this mark.
          </p>
        )}
        <p>
          Target <code>{r.target.url}</code> ({labelText(reportLabel(r.target))}), {when(r.startedAt)} →{' '}
          {when(r.endedAt)}, tool {r.tool.name} {r.tool.version}
          {r.git.sha
            ? `, commit ${r.git.sha.slice(0, 10)}${r.git.dirty ? ' (uncommitted changes)' : ''}`
            : ''}
          . Source: <code>{data.file}</code>.
        </p>
        {r.engine && (
          <p data-engine={r.engine.name}>
            Run by {r.engine.name} {r.engine.version} on {r.engine.instances} instance
            {r.engine.instances > 1 ? 's' : ''} and imported: judged by the same thresholds as a run of the
            handbook's own engine. It does not report its generator's health or late starts, and its time
            series has one point per reporting period, not per second.
          </p>
        )}
        {r.target.sandbox && (
          <p>Measured against the sandbox: the numbers describe its model of the service, not production.</p>
        )}
        <Verdict verdict={r.verdict} invalidReasons={r.invalidReasons} timeScale={data.timeScale} />
        {r.kind === 'load' && (
          <LoadSection report={r} timeScale={data.timeScale.value} percentiles={data.percentiles} />
        )}
        {r.kind === 'stress' && <StressSection report={r} timeScale={data.timeScale.value} />}
        {r.kind === 'benchmark' && <BenchmarkSection report={r} />}
        {r.kind === 'cost' && <CostSection report={r} />}
        {r.kind === 'drill' && <DrillSection report={r} />}
        {r.kind === 'incident' && <IncidentSection report={r} />}
        {r.kind === 'monitor' && <MonitorSection report={r} />}
        {r.kind === 'scorecard' && data.scorecard && <ScorecardSection report={r} view={data.scorecard} />}
        <Workload parts={data.workload} />
        <Comparison previous={data.previous} changes={data.changes} mismatch={data.mismatch} />
      </main>
    </Layout>
  );
}
