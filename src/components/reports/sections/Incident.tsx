/** A post-incident review: times against the targets, the summary, the UTC timeline, the commands that ran and the action items. */
import React from 'react';
import type { IncidentReport, TargetedDuration } from '@holisticos/runbooks/report/incident';
import Chart from '../Chart';
import { DataTable, Stats } from '../parts';
import { ms } from '../format';
import { Commands, Timeline } from './Timeline';

const timed = (d: TargetedDuration) =>
  d.ms === null ? 'n/a' : `${ms(d.ms)}${d.targetMs ? ` (target ${ms(d.targetMs)}: ${d.status})` : ''}`;
const mins = (v: number | null) => (v === null ? null : Math.round(v / 6_000) / 10);

export default function IncidentSection({ report }: { report: IncidentReport }): React.JSX.Element {
  const i = report.incident;
  const d = i.durations;
  return (
    <>
      {i.drill && (
        <p data-drill-incident="">
          <strong>A drill's incident.</strong> It was opened by a drill on the local sandbox: listed here, but
          kept out of the figures of real incidents.
        </p>
      )}
      <Stats
        items={[
          { label: `severity ${i.severity}`, value: i.severityTitle },
          { label: 'time to resolve', value: timed(d.resolve), emphasis: true },
          { label: 'time to mitigate', value: timed(d.mitigate) },
          { label: 'time to first assessment', value: timed(d.firstAssessment) },
        ]}
      />
      <h2 id="summary">Summary</h2>
      <p>{i.summary}</p>
      <p>
        [{i.severity} {i.severityTitle}] {i.title}, on {i.environment}. Began{' '}
        <time dateTime={i.beganAt}>{i.beganAt.slice(11, 19)} UTC</time>, opened{' '}
        <time dateTime={i.openedAt}>{i.openedAt.slice(11, 19)} UTC</time>,{' '}
        {i.mitigatedAt ? (
          <>mitigated {i.mitigatedAt.slice(11, 19)} UTC, </>
        ) : (
          'never marked mitigated (taken as resolved), '
        )}
        resolved <time dateTime={i.resolvedAt}>{i.resolvedAt.slice(11, 19)} UTC</time>.
        {i.severityChanges.length > 0 && (
          <>
            {' '}
            Severity changed:{' '}
            {i.severityChanges.map((c) => `${c.from} → ${c.to} at ${c.at.slice(11, 16)}`).join(', ')}.
          </>
        )}
      </p>
      <h2 id="durations">Time to detect, mitigate and resolve</h2>
      <Chart
        title="Minutes from when it began"
        caption={`Minutes from when the incident began to its detection (opened), its first assessment, its mitigation and its resolution; the resolution target at ${i.severity} is ${ms(d.resolve.targetMs)}.`}
        data={[
          { step: 'detected', minutes: mins(d.detect.ms) },
          {
            step: 'assessed',
            minutes: mins(d.firstAssessment.ms === null ? null : d.firstAssessment.ms + (d.detect.ms ?? 0)),
          },
          { step: 'mitigated', minutes: mins(d.mitigate.ms) },
          { step: 'resolved', minutes: mins(d.resolve.ms) },
        ]}
        x={{ key: 'step', label: 'milestone' }}
        series={[{ key: 'minutes', label: 'minutes from the start', color: 1, type: 'bar', unit: 'min' }]}
        yLabel="min"
      />
      <DataTable head={['Measure', 'Took', 'Target', 'Result', 'Target from']}>
        {(['detect', 'firstAssessment', 'mitigate', 'resolve'] as const).map((k) => (
          <tr key={k}>
            <td>
              {
                {
                  detect: 'time to detect',
                  firstAssessment: 'time to first assessment (from opening)',
                  mitigate: 'time to mitigate',
                  resolve: 'time to resolve',
                }[k]
              }
            </td>
            <td>{ms(d[k].ms)}</td>
            <td>{ms(d[k].targetMs)}</td>
            <td>{d[k].status}</td>
            <td>{d[k].source}</td>
          </tr>
        ))}
      </DataTable>
      <p>
        Stakeholder updates: {i.updates.sent} sent
        {i.updates.required ? `, every ${ms(i.updates.everyMs)} required at ${i.severity}` : ''}
        {i.updates.longestGapMs !== null
          ? `; the longest gap without one was ${ms(i.updates.longestGapMs)}`
          : ''}
        . The review is due within {i.reviewWithinDays} working days.
      </p>
      <Timeline entries={i.timeline} />
      <Commands commands={i.commands} what="while it was open" />
      <h2 id="actions">Action items</h2>
      {i.actionItems.length ? (
        <DataTable head={['Id', 'Action', 'Status']}>
          {i.actionItems.map((a) => (
            <tr key={a.id}>
              <td>{a.id}</td>
              <td>{a.text}</td>
              <td>{a.done ? 'done' : 'open'}</td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p>None recorded (add them with incident.ts note --action).</p>
      )}
    </>
  );
}
