import type { ScriptMeta } from '../types';
import { PROVIDER_NAMES } from '../../config/providers';
import { CONFIRM_PRODUCTION, VERIFY_STRICT } from '../common-flags';

export const meta = {
  id: 'deploy',
  title: 'Deploy',
  summary:
    'deploys and checks itself: the runbook’s pre-deployment checklist, record the live deploy, trigger, follow, verify (health, smoke), watch, and roll back by itself when the new version fails; Slack and the ledger hear every step',
  safety: 'changes-deployment',
  targeted: true,
  flags: [
    {
      name: 'release',
      type: 'string',
      description: 'local only: the sandbox release to deploy (config.sandbox.releases; default: the first)',
      value: '<name>',
    },
    {
      name: 'commit',
      type: 'string',
      description:
        'the commit to deploy (render-api; default: the branch head, or on production the commit staging proved)',
      value: '<sha>',
    },
    {
      name: 'provider',
      type: 'enum',
      choices: PROVIDER_NAMES,
      description: 'how to deploy (default: config.deploy.providers of the environment)',
      value: '<name>',
    },
    {
      name: 'watch',
      type: 'duration',
      min: 0,
      description:
        'how long to watch after verification (default: config.deploy.watchS of the environment; 0 = no watch)',
      value: '<duration>',
    },
    {
      name: 'watch-interval',
      type: 'duration',
      default: '30s',
      min: 1000,
      description: 'time between the watch’s samples',
      value: '<duration>',
    },
    {
      name: 'auto-rollback',
      type: 'boolean',
      default: true,
      description:
        'roll back to the recorded deploy when verification or the watch fails; --no-auto-rollback: only report',
    },
    {
      name: 'follow',
      type: 'string',
      description:
        'follow an existing deploy (after an interrupt) instead of triggering one: verify, watch, roll back',
      value: '<dep-id|latest>',
    },
    {
      name: 'force',
      type: 'boolean',
      default: false,
      description: 'deploy although another deploy is in progress (Render cancels it)',
    },
    {
      name: 'skip-checklist',
      type: 'boolean',
      default: false,
      description: 'do not run the pre-deployment checklist (recorded in the ledger and Slack)',
    },
    {
      name: 'skip-staging-check',
      type: 'boolean',
      default: false,
      description:
        'deploy to production without a verified, watched staging deploy of the commit (recorded in the ledger and Slack)',
    },
    VERIFY_STRICT,
    {
      name: 'dry-run',
      type: 'boolean',
      default: false,
      description: 'print the plan (checklist, live deploy, steps) and change nothing',
    },
    CONFIRM_PRODUCTION,
  ],
  examples: [
    {
      command: 'npx zx runbooks/deploy.ts --env local --release broken-routine',
      description:
        'a bad release on the local sandbox (its OpenAI key is rejected): health is critical and smoke fails, so it rolls itself back',
    },
    {
      command: 'npx zx runbooks/deploy.ts --env staging --commit 3f2a9c1',
      description: 'deploy a commit to staging, verified and watched',
    },
    {
      command: 'npx zx runbooks/deploy.ts --env production --dry-run',
      description: 'what a production deploy would do (it promotes the commit staging proved)',
    },
    {
      command: 'npx zx runbooks/deploy.ts --env staging --follow latest',
      description: 'after an interrupt: follow, verify and watch the newest deploy',
    },
  ],
} as const satisfies ScriptMeta;
