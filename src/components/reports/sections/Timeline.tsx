/** The UTC timeline and the handbook commands of a drill or an incident: shared by both report pages. */
import React from 'react';
import type { CommandRun, TimelineEntry } from '@holisticos/runbooks/report/incident';
import { DataTable } from '../parts';

const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;

export function Timeline({ entries }: { entries: TimelineEntry[] }): React.JSX.Element {
  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline">Timeline (UTC)</h2>
      <DataTable head={['Time (UTC)', 'What', 'Event', 'By']}>
        {entries.map((e, i) => (
          <tr key={i} data-timeline={e.kind}>
            <td>
              <time dateTime={e.at}>{utc(e.at)}</time>
            </td>
            <td>{e.text}</td>
            <td>{e.kind}</td>
            <td>{e.by ?? ''}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

export function Commands({ commands, what }: { commands: CommandRun[]; what: string }): React.JSX.Element {
  return (
    <section aria-labelledby="commands">
      <h2 id="commands">Handbook commands that ran</h2>
      {commands.length === 0 ? (
        <p>No handbook command ran {what} (the ledger records every one).</p>
      ) : (
        <DataTable head={['Started (UTC)', 'Command', 'Environment', 'Exit code', 'Operator']}>
          {commands.map((c, i) => (
            <tr key={i}>
              <td>{utc(c.startedAt)}</td>
              <td>
                <code>{[c.script, ...c.args].join(' ')}</code>
              </td>
              <td>{c.url ?? c.env}</td>
              <td>{c.exitCode ?? 'still running'}</td>
              <td>{c.operator}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

/** Seconds, for the charts of responder times (a drill takes seconds to minutes). */
export const secs = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10);
