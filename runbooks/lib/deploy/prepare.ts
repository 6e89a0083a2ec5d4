/**
 * Everything a deploy checks before it sends anything, in one place: the provider and its
 * variables, the release or commit, the target and its API key (the verify step needs
 * it), the watch plan, staging first, and the production confirmation. Each failure is a
 * usage error (exit 2) naming what to do, with --dry-run as without: a dry run proves the
 * real run would start.
 */
import type { Config, EnvironmentName } from '../config/schema';
import { usageError } from '../errors';
import { readLedger } from '../ledger/index';
import { assertWatchPlan } from '../monitor/plan';
import type { Target } from '../target/resolve';
import type { DeployProvider } from './types';
import { DEPLOY_ID } from './types';
import { createProvider, type ProviderChoice } from './providers';
import { checkStaging } from './staging';
import { confirmChange } from './confirm';
import { DEPLOY_WATCH_FLAGS, watchPlan } from './watch';
import type { DeployPlan } from './types';

export interface DeployRequest {
  release?: string | undefined;
  commit?: string | undefined;
  provider?: string | undefined;
  follow?: string | undefined;
  dryRun: boolean;
  force: boolean;
  autoRollback: boolean;
  skipStagingCheck: boolean;
  skipChecklist: boolean;
  confirmProduction: boolean;
  /** --watch, ms; undefined = the environment's default. */
  watchMs?: number | undefined;
  watchIntervalMs: number;
}

export interface Prepared {
  plan: DeployPlan;
  provider: DeployProvider;
  target: Target & { apiKey: string };
}

export const PRE_DEPLOY_CHECKLIST = 'deployment-runbook/pre-deploy';

export async function prepareDeploy(x: {
  config: Config;
  env: EnvironmentName;
  url: string | undefined;
  req: DeployRequest;
  processEnv: NodeJS.ProcessEnv;
  stateDir: string;
  keyedTarget: (why: string) => Target;
  ask: ((q: string) => Promise<string>) | undefined;
  operator: string;
  now: number;
  deps?: ProviderChoice['deps'];
}): Promise<Prepared> {
  const { config, env, req } = x;
  const provider = createProvider({
    config,
    env,
    provider: req.provider,
    processEnv: x.processEnv,
    stateDir: x.stateDir,
    url: x.url,
    ...(x.deps ? { deps: x.deps } : {}),
  });

  if (req.follow !== undefined) {
    if (req.follow !== 'latest' && !DEPLOY_ID.test(req.follow))
      throw usageError(
        `--follow "${req.follow}" is not a deploy id (dep-…) or "latest".`,
        'List recent deploys: npx zx runbooks/rollback.ts --list --env ' + env,
      );
    if (req.release || req.commit)
      throw usageError('--follow follows a deploy that exists; it takes no --release or --commit.');
  }
  let release: string | undefined;
  if (provider.name === 'local' && req.follow === undefined) {
    const names = Object.keys(config.sandbox.releases);
    release = req.release ?? names[0]!;
    if (!config.sandbox.releases[release])
      throw usageError(
        `There is no release "${release}" in config.sandbox.releases.`,
        `Deploy one of: ${names.join(', ')}.`,
      );
  } else if (req.release)
    throw usageError(
      '--release names a local sandbox release; it applies to --env local only.',
      'On Render, deploy a commit: --commit <sha>.',
    );
  if (req.commit !== undefined) {
    const ok =
      provider.name === 'local' ? /^[\w.-]{1,64}$/.test(req.commit) : /^[0-9a-f]{7,40}$/i.test(req.commit);
    if (!ok)
      throw usageError(
        `--commit "${req.commit}" is not a commit id${provider.name === 'local' ? '' : ' (7 to 40 hex digits)'}.`,
      );
    if (!provider.can.pinCommit)
      throw usageError(
        `The ${provider.name} provider deploys the branch's head; it cannot deploy --commit ${req.commit}.`,
        'Use --provider render-api (RENDER_API_KEY, RENDER_SERVICE_ID) to deploy a given commit.',
      );
  }

  const target = x.keyedTarget(
    'the verify and watch steps of the deploy (the smoke test sends it)',
  ) as Target & { apiKey: string };

  const watchMs = req.watchMs ?? config.deploy.watchS[env] * 1000;
  if (watchMs > 0)
    assertWatchPlan(config, watchPlan(config, watchMs, req.watchIntervalMs), DEPLOY_WATCH_FLAGS);

  let staging: DeployPlan['staging'] = { required: false };
  let commit = req.commit;
  if (env === 'production' && req.follow === undefined) {
    if (req.skipStagingCheck) staging = { required: true, skipped: true };
    else {
      const c = checkStaging(
        readLedger(x.stateDir, ['deploy']),
        req.commit,
        config.deploy.stagingWindowH,
        x.now,
      );
      if (!c.ok) {
        throw usageError(
          `Refused: a production deploy needs a verified and watched staging deploy of the same commit, and ${c.why}.`,
          `Deploy it to staging first: npx zx runbooks/deploy.ts --env staging${req.commit ? ` --commit ${req.commit}` : ' --commit <sha>'}. Or, knowingly, add --skip-staging-check (recorded in the ledger and in Slack).`,
        );
      }
      staging = { required: true, skipped: false, at: c.evidence.at, deployId: c.evidence.deployId };
      // A hook deploys the branch head: after the follow, the run checks that it is this commit.
      commit = c.commit;
    }
  }

  const mutates = !(req.follow !== undefined && !req.autoRollback);
  const confirmedBy = mutates
    ? await confirmChange({
        env,
        protected: config.environments[env].protected,
        flag: req.confirmProduction,
        dryRun: req.dryRun,
        serviceName: config.service.name,
        what: req.follow ? `Following ${req.follow} with auto-rollback` : 'This deploy',
        ask: x.ask,
      })
    : 'not-needed';

  const plan: DeployPlan = {
    env,
    provider: provider.name,
    describes: provider.describes,
    baseUrl: target.baseUrl,
    commit,
    release,
    checklist: req.skipChecklist || req.follow !== undefined ? null : PRE_DEPLOY_CHECKLIST,
    watchMs,
    watchIntervalMs: req.watchIntervalMs,
    autoRollback: req.autoRollback,
    force: req.force,
    staging,
    confirmedBy,
    follow: req.follow,
    dryRun: req.dryRun,
    operator: x.operator,
  };
  return { plan, provider, target };
}
