/** A drill report: the responder's times first, then the alert, the diagnosis, the remedy and the timeline. */
import React from 'react';
import Link from '@docusaurus/Link';
import type { DrillReport } from '@holisticos/runbooks/report/drill';
import type { TargetedDuration } from '@holisticos/runbooks/report/incident';
import Chart from '../Chart';
import { Stats } from '../parts';
import { formatMs } from '@holisticos/runbooks/units/index';
import { Commands, Timeline, secs } from './Timeline';

const timed = (d: TargetedDuration) =>
  d.ms === null ? 'not seen' : `${formatMs(d.ms)} (target ${formatMs(d.targetMs)}: ${d.status})`;

export default function DrillSection({ report }: { report: DrillReport }): React.JSX.Element {
  const d = report.drill;
  return (
    <>
      <Stats
        items={[
          { label: 'time to diagnose', value: timed(d.diagnosis.time), emphasis: true },
          { label: 'time to mitigate', value: timed(d.remedy.time), emphasis: true },
          { label: 'severity', value: d.severity },
          { label: 'outcome', value: d.outcome },
        ]}
      />
      <h2 id="times">The responder's times</h2>
      <Chart
        title="Seconds from the alert"
        caption={`Seconds from the alert to the first diagnosis and to the service restored by the right remedy (targets: diagnosis within ${formatMs(d.diagnosis.time.targetMs)}, restored within ${formatMs(d.remedy.time.targetMs)}); a missing bar was not seen.`}
        data={[
          { step: 'diagnosed', seconds: secs(d.diagnosis.time.ms) },
          { step: 'restored', seconds: secs(d.remedy.time.ms) },
        ]}
        x={{ key: 'step', label: 'milestone' }}
        series={[{ key: 'seconds', label: 'seconds from the alert', color: 1, type: 'bar', unit: 's' }]}
        yLabel="s"
      />
      <h2 id="alert">The alert</h2>
      <p>
        <strong>{d.alert}</strong> at <time dateTime={d.alertAt}>{d.alertAt.slice(11, 19)} UTC</time>, after
        the drill switched on {d.injected.join(', ')} on the sandbox at <code>{d.sandbox.url}</code>
        {d.sandbox.ownProcess ? ' (started by the drill)' : ' (the running sandbox)'}
        {d.sandbox.timeScale !== 1 ? `, time scale ×${d.sandbox.timeScale}` : ''}. The section for this
        symptom: <Link to={d.section.url}>{d.section.title}</Link>.
      </p>
      <h2 id="diagnosis">Diagnosis</h2>
      <p>
        The playbook's diagnosis for this symptom is one of:{' '}
        {d.diagnosis.expected.map((e) => (
          <code key={e}>{e} </code>
        ))}
        .{' '}
        {d.diagnosis.command ? (
          <>
            First run: <code>{[d.diagnosis.command.script, ...d.diagnosis.command.args].join(' ')}</code> by{' '}
            {d.diagnosis.command.operator}, {formatMs(d.diagnosis.time.ms)} after the alert.
          </>
        ) : (
          'None of them ran against the drill’s sandbox.'
        )}
      </p>
      <h2 id="remedy">Remedy</h2>
      <p>
        What restores the service here: {d.remedy.expected}.{' '}
        {d.remedy.observed ? (
          <>
            Seen: <strong>{d.remedy.observed}</strong>, {formatMs(d.remedy.time.ms)} after the alert.
          </>
        ) : (
          'It was not seen before the drill ended.'
        )}
      </p>
      {d.wrongRemedies.length > 0 && (
        <ul>
          {d.wrongRemedies.map((w) => (
            <li key={w.at + w.what}>
              {w.at.slice(11, 19)} UTC: {w.what}
            </li>
          ))}
        </ul>
      )}
      <Timeline entries={d.timeline} />
      <Commands commands={d.commands} what="during the drill" />
    </>
  );
}
