/** The deploy and rollback runs as text: the plan, each step as it ends, the verdict, what to run next. */
import { formatDuration } from '../units';
import type { Deploy } from './types';
import { shortCommit } from './status';
import { describeProof } from './staging-render';
import type { DeployEvent, DeployPlan, DeployResult, StepId, StepVerdict } from './types';

export const STEP_TITLES: Record<StepId, string> = {
  checklist: 'pre-deployment checklist',
  'record-live': 'record the live deploy',
  trigger: 'trigger',
  follow: 'follow',
  verify: 'verify (health, smoke)',
  watch: 'watch',
  rollback: 'roll back',
};

const MARK: Record<StepVerdict, string> = {
  passed: 'PASS',
  warned: 'WARN',
  failed: 'FAIL',
  skipped: 'SKIP',
  interrupted: 'STOP',
};

const what = (p: DeployPlan) =>
  p.follow
    ? `deploy ${p.follow}`
    : p.release
      ? `release ${p.release}`
      : p.commit
        ? `commit ${shortCommit(p.commit)}`
        : 'the branch head';

export function formatPlan(p: DeployPlan): string {
  const steps = p.follow
    ? ['follow', 'verify', p.watchMs ? `watch ${formatDuration(p.watchMs)}` : 'no watch']
    : [
        p.checklist ? `checklist ${p.checklist}` : 'no checklist (--skip-checklist)',
        'record the live deploy',
        'trigger',
        'follow',
        'verify (health, smoke)',
        p.watchMs ? `watch ${formatDuration(p.watchMs)}` : 'no watch (--watch 0)',
      ];
  const staging = !p.staging.required
    ? 'not required'
    : p.staging.skipped
      ? 'SKIPPED with --skip-staging-check'
      : `proved on staging ${describeProof(p.staging.proof)}`;
  return [
    `${p.dryRun ? 'DRY RUN — nothing will be changed. ' : ''}Deploy ${what(p)} to ${p.env} with ${p.describes}, by ${p.operator}`,
    `  checks:     ${p.baseUrl}`,
    `  steps:      ${steps.join(' → ')}`,
    `  on failure: ${p.autoRollback ? 'roll back to the deploy live before it, then verify the rollback' : 'report only (--no-auto-rollback)'}`,
    ...(p.env === 'production' ? [`  staging:    ${staging}`] : []),
    ...(p.confirmedBy !== 'not-needed'
      ? [`  confirmed:  ${p.confirmedBy === 'flag' ? '--confirm-production' : 'service name typed'}`]
      : []),
  ].join('\n');
}

export function formatDeployEvent(e: DeployEvent, index: number): string {
  if (e.type === 'step-start') return `▸ ${index}. ${STEP_TITLES[e.step]}`;
  if (e.type === 'progress') return `    · ${e.text}`;
  const r = e.result;
  return `  ${MARK[r.verdict]} ${STEP_TITLES[r.step]} (${formatDuration(r.durationMs)})${r.detail ? ` — ${r.detail}` : ''}`;
}

/** The exact commands that pick up from here (follow, cancel, roll back). */
export function nextCommands(r: DeployResult): string[] {
  const env = `--env ${r.plan.env}`;
  const d = r.deploy;
  const out: string[] = [];
  if (r.outcome === 'interrupted' || r.outcome === 'errored') {
    if (d) {
      out.push(`Follow it:      npx zx runbooks/deploy.ts ${env} --follow ${d.id}`);
      out.push(`Cancel it:      npx zx runbooks/rollback.ts ${env} --cancel ${d.id}`);
    }
    if (d && r.previousLive)
      out.push(`Roll back:      npx zx runbooks/rollback.ts ${env} --to ${r.previousLive.id}`);
  }
  if (r.outcome === 'failed' && d?.status === 'live' && r.previousLive && !r.rollback)
    out.push(`Roll back:      npx zx runbooks/rollback.ts ${env} --to ${r.previousLive.id}`);
  if (r.outcome === 'rolled-back' && r.plan.provider !== 'local')
    out.push(
      `Auto-deploy stays on: the next push redeploys. Turn it off: npx zx runbooks/rollback.ts ${env} --auto-deploy off`,
    );
  if (r.outcome === 'rollback-failed')
    out.push(
      `List deploys:   npx zx runbooks/rollback.ts ${env} --list`,
      'Then roll back by hand: the deployment runbook, "By hand, when the scripts cannot run".',
    );
  return out;
}

const HEADLINE: Record<DeployResult['outcome'], string> = {
  deployed: 'DEPLOYED',
  triggered: 'TRIGGERED, NOT VERIFIED',
  'rolled-back': 'FAILED AND ROLLED BACK',
  'rollback-failed': 'FAILED, AND THE ROLLBACK FAILED',
  failed: 'FAILED',
  refused: 'REFUSED',
  interrupted: 'INTERRUPTED',
  errored: 'STOPPED BY AN ERROR',
};

export function formatDeployResult(r: DeployResult, link: string | undefined): string {
  const lines = [
    '',
    `${HEADLINE[r.outcome]}: ${what(r.plan)} on ${r.plan.env}${r.failedStep ? ` — failed step: ${STEP_TITLES[r.failedStep]}` : ''}`,
    `  ${r.reason}`,
  ];
  if (r.error?.hint) lines.push(`  ${r.error.hint}`);
  if (r.outcome === 'interrupted') lines.push('  Nothing was rolled back on the interrupt.');
  const next = nextCommands(r);
  if (next.length) lines.push('', ...next.map((c) => `  ${c}`));
  if (link && r.outcome !== 'deployed') lines.push(`  Runbook: ${link}`);
  return lines.join('\n');
}

export function formatDeployList(deploys: readonly Deploy[], live: Deploy | undefined): string {
  if (!deploys.length) return 'No deploys yet.';
  const rows = deploys.map((d) => [
    d.id === live?.id ? '▶' : ' ',
    d.id,
    d.status,
    shortCommit(d.commit.id),
    d.release ?? '',
    d.finishedAt ?? (d.createdAt ? `started ${d.createdAt}` : ''),
  ]);
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(w[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
