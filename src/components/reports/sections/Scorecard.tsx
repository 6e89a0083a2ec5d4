/**
 * A scorecard: each promise of the brief with its target, what was measured, the evidence
 * (linked where its report is published here, with its age, environment and sandbox or
 * example marks), the verdict and its trend across this environment's scorecards; then the
 * four keys of delivery with their sources, and what each source gave.
 */
import React from 'react';
import clsx from 'clsx';
import Link from '@docusaurus/Link';
import type { Evidence, PromiseRow, ScorecardReport } from '@holisticos/runbooks/report/scorecard';
import type { ScorecardView } from '../../../plugins/reports/scorecard';
import Chart from '../Chart';
import { DataTable, ExampleBadge, Stats } from '../parts';
import { when } from '../format';
import styles from '../styles.module.css';

const VERDICT_TEXT: Record<PromiseRow['verdict'], string> = {
  kept: 'kept',
  missed: 'missed',
  'not-measured': 'not measured',
};
const VERDICT_MARK: Record<PromiseRow['verdict'], string> = { kept: '✓', missed: '✗', 'not-measured': '–' };
const verdictTone = (v: PromiseRow['verdict']) =>
  v === 'kept' ? styles.pass : v === 'missed' ? styles.fail : styles.warn;

/** One piece of evidence: its report (linked when published here), age, environment, marks, and why it did not count. */
function EvidenceItem({ e, links }: { e: Evidence; links: ScorecardView['links'] }): React.JSX.Element {
  const path = e.file ? links[e.file] : undefined;
  return (
    <li data-evidence={e.counted ? 'counted' : 'not-counted'}>
      {path ? <Link to={path}>{e.label}</Link> : e.label}
      {e.file && !path ? <span className={styles.note}> ({e.file}, not published here)</span> : null}
      {', '}
      {e.ageDays === null ? 'age unknown' : `${e.ageDays} days old`}, {e.environment ?? 'no environment'}
      {e.sandbox && (
        <>
          {' '}
          <span className={clsx(styles.badge, styles.warn)} data-evidence-badge="sandbox">
            sandbox
          </span>
        </>
      )}
      {e.example && (
        <>
          {' '}
          <ExampleBadge />
        </>
      )}
      {!e.counted && <span className={styles.note}> — not counted: {e.excludedBecause}</span>}
    </li>
  );
}

/** The verdicts of one promise across scorecards, oldest first, each a link to its scorecard. */
function Trend({ points }: { points: ScorecardView['trend'][string] }): React.JSX.Element {
  if (points.length < 2) return <span className={styles.note}>first scorecard</span>;
  return (
    <span data-trend="">
      {points.map((p) => (
        <Link
          key={p.startedAt}
          to={p.path}
          className={clsx(styles.trendMark, verdictTone(p.verdict))}
          aria-label={`${when(p.startedAt)}: ${VERDICT_TEXT[p.verdict]}${p.text ? `, ${p.text}` : ''}`}
          title={`${when(p.startedAt)}: ${VERDICT_TEXT[p.verdict]}${p.text ? `, ${p.text}` : ''}`}
        >
          {VERDICT_MARK[p.verdict]}
        </Link>
      ))}
    </span>
  );
}

/** The promises table: the heart of a scorecard, shown on its page and first on the scorecards' index. */
export function PromisesTable({
  report,
  view,
}: {
  report: ScorecardReport;
  view: ScorecardView;
}): React.JSX.Element {
  const s = report.scorecard;
  return (
    <DataTable
      head={['Promise', 'Target', 'Measured', 'Evidence', 'Verdict', 'Trend']}
      caption={`Each promise of the brief on ${s.environment}, as of ${when(s.asOf)}: evidence counts when at most ${s.evidenceMaxAgeDays} days old and measured on ${s.environment}${s.environment === 'local' ? ' (the sandbox)' : ', never on the sandbox'}. The trend shows this promise's verdict in each of the last scorecards of ${s.environment}, oldest first.`}
    >
      {s.promises.map((p) => (
        <tr key={p.id} data-promise={p.id} data-verdict={p.verdict}>
          <th scope="row">{p.promise}</th>
          <td>
            {p.target.text}
            <span className={styles.note}>
              {' '}
              (<code>{p.target.source}</code>)
            </span>
          </td>
          <td>
            {p.measured?.text ?? '–'}
            <div className={styles.note}>
              {/\.$/.test(p.reason) ? p.reason : `${p.reason}.`} Source: {p.source}.
            </div>
          </td>
          <td>
            {p.evidence.length ? (
              <ul className={styles.evidence}>
                {p.evidence.slice(0, 3).map((e, i) => (
                  <EvidenceItem key={i} e={e} links={view.links} />
                ))}
              </ul>
            ) : (
              'none'
            )}
          </td>
          <td className={verdictTone(p.verdict)}>
            <strong>{VERDICT_TEXT[p.verdict]}</strong>
          </td>
          <td>
            <Trend points={view.trend[p.id] ?? []} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

export default function ScorecardSection({
  report,
  view,
}: {
  report: ScorecardReport;
  view: ScorecardView;
}): React.JSX.Element {
  const s = report.scorecard;
  const d = s.delivery;
  // Verdict counts of this environment's scorecards up to this one, from the trend of each promise.
  const runs = [...new Set(Object.values(view.trend).flatMap((t) => t.map((p) => p.startedAt)))].sort();
  const counts = runs.map((at, i) => {
    const verdicts = Object.values(view.trend).map((t) => t.find((p) => p.startedAt === at)?.verdict);
    return {
      run: `#${i + 1} ${at.slice(0, 10)}`,
      kept: verdicts.filter((v) => v === 'kept').length,
      missed: verdicts.filter((v) => v === 'missed').length,
      notMeasured: verdicts.filter((v) => v === 'not-measured').length,
    };
  });
  return (
    <>
      <p data-scorecard-line="" className={styles.scorecardLine}>
        <strong>{s.summary.line}</strong> on {s.environment}.
      </p>
      <Stats
        items={[
          { label: 'kept', value: String(s.summary.kept), emphasis: true },
          { label: 'missed', value: String(s.summary.missed) },
          { label: 'not measured', value: String(s.summary.notMeasured) },
          { label: 'change failure rate', value: d.changeFailureRate.text },
        ]}
      />
      <h2 id="promises">The brief's promises</h2>
      <PromisesTable report={report} view={view} />
      <Chart
        title="Promises by verdict"
        caption={`How many of the ${s.summary.total} promises each scorecard of ${s.environment} found kept, missed and not measured, oldest first.`}
        data={counts}
        x={{ key: 'run', label: 'scorecard' }}
        series={[
          { key: 'kept', label: 'kept', color: 3, type: 'bar', unit: 'promises' },
          { key: 'missed', label: 'missed', color: 2, type: 'bar', unit: 'promises' },
          { key: 'notMeasured', label: 'not measured', color: 4, type: 'bar', unit: 'promises' },
        ]}
        yLabel="promises"
      />
      <h2 id="delivery">Delivery: the four keys</h2>
      <DataTable
        head={['Key', 'Value', 'Source', 'How']}
        caption={`DORA's four keys for ${s.environment} over the last ${s.windowDays} days; each names the source it was read from.`}
      >
        {(
          [
            ['Deployment frequency', d.deploymentFrequency],
            ['Lead time for changes', d.leadTime],
            ['Change failure rate', d.changeFailureRate],
            ['Time to restore service', d.timeToRestore],
          ] as const
        ).map(([label, k]) => (
          <tr key={label} data-key={label}>
            <th scope="row">{label}</th>
            <td>{k.text}</td>
            <td>{k.source}</td>
            <td>{k.detail}</td>
          </tr>
        ))}
      </DataTable>
      {d.deploys.length > 0 && (
        <DataTable
          head={['Deploy', 'Commit', 'Created', 'Live', 'Outcome', 'Source']}
          caption="The deploys of the window the keys were computed from, newest first."
        >
          {d.deploys.map((x) => (
            <tr key={x.id}>
              <td>
                <code>{x.id}</code>
              </td>
              <td>{x.commit ? <code>{x.commit.slice(0, 10)}</code> : '–'}</td>
              <td>{when(x.createdAt)}</td>
              <td>{x.liveAt ? when(x.liveAt) : 'never'}</td>
              <td>{x.outcome}</td>
              <td>{x.source}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <h2 id="sources">Sources</h2>
      <ul>
        {s.sources.map((x) => (
          <li key={x.source}>
            <strong>{x.source}</strong>: {x.status}
          </li>
        ))}
      </ul>
    </>
  );
}
