/** The cost report: breakdown per call, the projection against the target and the alert, the validation error. */
import React from 'react';
import type { CostReport } from '@holisticos/runbooks/report/cost';
import Chart from '../Chart';
import { DataTable, Stats } from '../parts';
import { num, usd } from '../format';

export default function CostSection({ report }: { report: CostReport }): React.JSX.Element {
  const c = report.cost;
  const p = c.projection;
  const v = c.validation;
  return (
    <>
      <Stats
        items={[
          { label: 'cost per journey', value: usd(c.costPerJourneyUsd) },
          {
            label: `per user per day (target ${usd(p.targetPerUserPerDayUsd)})`,
            value: usd(p.perUserPerDayUsd),
          },
          { label: `${p.users} users per day (alert ${usd(p.dailyAlertUsd)})`, value: usd(p.dailyUsd) },
          {
            label: 'projection error',
            value: v
              ? v.errorPct === null
                ? `inconclusive`
                : `${v.errorPct > 0 ? '+' : ''}${num(v.errorPct, 2)} %`
              : 'not validated',
          },
        ]}
      />
      <h2 id="breakdown">Cost breakdown per journey</h2>
      <Chart
        title="Cost per journey by step"
        caption="Each journey step's price per call in USD, from the config's per-call estimates; steps not counted (free or known broken) show 0."
        data={c.lines.map((l) => ({ step: l.step, cost: l.counted ? l.perCallUsd : 0 }))}
        x={{ key: 'step', label: 'step' }}
        series={[{ key: 'cost', label: 'USD per call', color: 1, type: 'bar' }]}
        yLabel="USD"
      />
      <h2 id="projection">Projection</h2>
      <p>
        {usd(c.costPerJourneyUsd)} per journey × {p.journeysPerUserPerDay} journeys per user per day ×{' '}
        {p.users} users = <strong>{usd(p.dailyUsd)} per day</strong> ({usd(p.monthlyUsd)} per 30 days). The
        daily alert of {usd(p.dailyAlertUsd)} is reached at {p.usersAtDailyAlert ?? 'no'} users.
      </p>
      <Chart
        title="Daily cost by users"
        caption={`Projected USD per day at each user count; the dashed line is the ${usd(p.dailyAlertUsd)} daily alert.`}
        data={c.scenarios.map((s) => ({ users: s.users, daily: s.dailyUsd }))}
        x={{ key: 'users', label: 'users', numeric: true }}
        series={[{ key: 'daily', label: 'USD per day', color: 1 }]}
        yLabel="USD/day"
        refLines={[{ axis: 'y', value: p.dailyAlertUsd, label: `alert ${usd(p.dailyAlertUsd)}`, color: 2 }]}
      />
      <h2 id="validation">Validation against the target's own accounting</h2>
      {v ? (
        <>
          <p>
            A load run of {v.run.users} users for {num(v.run.durationMs / 1000)} s sent {v.run.requests}{' '}
            requests. Projected for the calls made: <strong>{usd(v.projectedUsd)}</strong>; the target
            accounted <strong>{usd(v.accountedUsd)}</strong> (
            {v.source === 'sandbox-accounting'
              ? "the sandbox's /__sandbox/accounting"
              : 'cost_tracking.total_cost_today of /api/admin/rate-limits'}
            ). Error: <strong>{v.errorPct === null ? 'n/a' : `${num(v.errorPct, 2)} %`}</strong> against ±
            {v.tolerancePct} %: <strong>{v.status}</strong>. {v.reason}.
          </p>
          <Chart
            title="Projected and accounted cost per endpoint"
            caption="USD per endpoint during the validation run: projected (calls made × per-call price) and what the target accounted."
            data={v.endpoints.map((e) => ({
              endpoint: e.step,
              projected: e.projectedUsd,
              accounted: e.accountedUsd,
            }))}
            x={{ key: 'endpoint', label: 'endpoint' }}
            series={[
              { key: 'projected', label: 'projected (USD)', color: 1, type: 'bar' },
              { key: 'accounted', label: 'accounted (USD)', color: 3, type: 'bar' },
            ]}
            yLabel="USD"
          />
          <DataTable
            head={['Endpoint', 'Calls made', 'Succeeded', 'Charged by the target', 'Projected', 'Accounted']}
          >
            {v.endpoints.map((e) => (
              <tr key={e.costKey}>
                <td>
                  {e.step} ({e.costKey})
                </td>
                <td>{e.callsMade}</td>
                <td>{e.okCalls}</td>
                <td>{e.accountedCalls ?? 'n/a'}</td>
                <td>{usd(e.projectedUsd)}</td>
                <td>{usd(e.accountedUsd)}</td>
              </tr>
            ))}
          </DataTable>
          {v.redisAvailable === false && (
            <p>
              The target reports <code>redis_available: false</code>: the real service tracks cost only with
              Redis.
            </p>
          )}
        </>
      ) : (
        <p>No validation run was made (projection only).</p>
      )}
      <h2 id="notes">Notes</h2>
      <ul>
        {c.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </>
  );
}
