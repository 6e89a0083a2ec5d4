/**
 * What a dry run shows beyond the plan: the checklist items and the command each bound
 * one would run, and the deploys as they are now (read-only calls only), so the rollback
 * target is known before anything is triggered.
 */
import { resolve } from 'node:path';
import type { Config } from '../config/schema';
import { REPO_ROOT } from '../config/load';
import { loadChecklist } from '../pages/page';
import { resolveCheck, checkDisplay } from '../pages/bindings';
import { registry } from '../registry/index';
import { RunbookError } from '../errors';
import { formatDuration } from '../units';
import type { DeployProvider } from './types';
import type { DeployPlan } from './types';
import { inProgress, liveDeploy, shortCommit } from './status';
import { pollMsOf } from './providers';

export async function dryRunLines(
  config: Config,
  plan: DeployPlan,
  provider: DeployProvider,
  url: string | undefined,
  signal: AbortSignal,
): Promise<string> {
  const lines: string[] = [];
  if (plan.checklist) {
    const { checklist } = loadChecklist(resolve(REPO_ROOT, 'docs'), plan.checklist, config);
    lines.push(`Checklist ${plan.checklist} (${checklist.items.length} items):`);
    for (const item of checklist.items) {
      const c = item.bind ? resolveCheck(item.bind, registry) : undefined;
      const na = item.bind?.envs && !item.bind.envs.includes(plan.env);
      lines.push(
        `  - ${item.text}${na ? ` [n/a on ${plan.env}]` : c ? ` [$ ${checkDisplay(c, plan.env, url)}]` : ' [manual]'}`,
      );
    }
  }
  if (provider.can.read) {
    try {
      const recent = await provider.list(10, signal);
      const live = liveDeploy(recent);
      const busy = inProgress(recent);
      lines.push(
        `Live now: ${live ? `${live.id} (${shortCommit(live.commit.id)}${live.release ? `, release ${live.release}` : ''}) — the rollback target` : 'nothing (no rollback target)'}`,
      );
      if (busy.length)
        lines.push(
          `In progress: ${busy.map((d) => `${d.id} (${d.status})`).join(', ')} — the deploy would be refused${plan.force ? ' (but --force is set: it would be canceled)' : ' without --force'}`,
        );
    } catch (e) {
      lines.push(
        `Could not read the deploys: ${e instanceof RunbookError ? `${e.message}${e.hint ? ` ${e.hint}` : ''}` : String(e)}`,
      );
    }
  } else
    lines.push(`${provider.describes}: deploys cannot be read, so the run would stop after the trigger.`);
  lines.push(
    `Would ${plan.follow ? `follow ${plan.follow}` : 'trigger, then follow'} for up to ${formatDuration(config.deploy.followTimeoutS * 1000)} (status every ${formatDuration(pollMsOf(config, provider.name))}), verify${plan.watchMs ? `, watch ${formatDuration(plan.watchMs)}` : ''}.`,
  );
  lines.push('No POST or PATCH was sent.');
  return lines.join('\n');
}
