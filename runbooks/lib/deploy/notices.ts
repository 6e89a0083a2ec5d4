/**
 * What a deploy tells Slack: at the start, and at the end (success, failure, rollback),
 * plus the moment a rollback starts. Each message's text names the environment, the
 * commit, the step and the verdict (mobile notifications show only the text) and links to
 * the runbook section that handles it.
 */
import type { SlackMessage } from '../notify/slack';
import type { Deploy } from './types';
import type { DeployPlan, DeployResult, StepId } from './types';
import { shortCommit } from './status';
import { formatDuration } from '../units';

export function deployNotices(plan: DeployPlan, link: (s: StepId | 'auto-deploy' | 'by-hand') => string) {
  const what = () =>
    plan.release
      ? `release ${plan.release}`
      : plan.commit
        ? `commit ${shortCommit(plan.commit)}`
        : 'the branch head';
  const overrides = () => [
    ...(plan.staging.required && plan.staging.skipped
      ? ['staging check SKIPPED (--skip-staging-check)']
      : []),
    ...(plan.checklist === null ? ['pre-deployment checklist SKIPPED (--skip-checklist)'] : []),
    ...(!plan.autoRollback ? ['auto-rollback OFF (--no-auto-rollback)'] : []),
  ];
  const section = (s: StepId | 'auto-deploy' | 'by-hand', label: string) => ({ label, url: link(s) });
  return {
    start(): SlackMessage {
      const o = overrides();
      return {
        text: `Deploy to ${plan.env} started: ${what()} by ${plan.operator}${plan.follow ? ` (following ${plan.follow})` : ''}${o.length ? ` — ${o.join(', ')}` : ''}`,
        details: [
          `provider: ${plan.provider}; watch: ${plan.watchMs ? formatDuration(plan.watchMs) : 'none'}; auto-rollback: ${plan.autoRollback ? 'on' : 'off'}`,
        ],
        link: section('trigger', 'Deployment runbook'),
      };
    },
    rollingBack(step: StepId, why: string, to: Deploy): SlackMessage {
      return {
        text: `Rolling back ${plan.env} to ${to.id} (${shortCommit(to.commit.id)}): ${what()} failed at ${step}: ${why}`,
        link: section('rollback', 'Rollback'),
      };
    },
    end(r: DeployResult): SlackMessage {
      const commit = r.deploy?.commit.id ? `commit ${shortCommit(r.deploy.commit.id)}` : what();
      const o = overrides();
      const tail = o.length ? [`overrides: ${o.join(', ')}`] : [];
      switch (r.outcome) {
        case 'deployed':
          return {
            text: `Deployed ${commit} to ${plan.env}: live, verified${r.watched ? `, watched ${formatDuration(plan.watchMs)}` : ' (not watched)'} — PASS`,
            details: [r.reason, ...tail],
            link: section('verify', 'Post-deployment verification'),
          };
        case 'triggered':
          return {
            text: `Deploy of ${commit} to ${plan.env} triggered, NOT followed or verified: ${r.reason}`,
            details: tail,
            link: section('verify', 'Post-deployment verification'),
          };
        case 'rolled-back':
          return {
            text: `ROLLED BACK ${plan.env}: ${commit} failed at ${r.failedStep}; the rollback passed verification`,
            details: [
              r.reason,
              'Auto-deploy stays on: the next push redeploys the broken code unless it is turned off.',
              ...tail,
            ],
            link: section('auto-deploy', 'Rollback and auto-deploy'),
          };
        case 'rollback-failed':
          return {
            text: `ROLLBACK FAILED on ${plan.env}: ${commit} failed at ${r.failedStep} and the rollback did not pass — act now`,
            details: [r.reason, ...tail],
            link: section('by-hand', 'Roll back by hand'),
          };
        case 'interrupted':
          return {
            text: `Deploy of ${commit} to ${plan.env} INTERRUPTED at ${r.failedStep}: nothing was rolled back`,
            details: [r.reason, ...tail],
            link: section('follow', 'Follow a deploy'),
          };
        default:
          return {
            text: `Deploy of ${commit} to ${plan.env} FAILED at ${r.failedStep ?? 'start'}: ${r.reason}`,
            details: tail,
            link: section(r.failedStep ?? 'trigger', 'What to do'),
          };
      }
    },
  };
}
