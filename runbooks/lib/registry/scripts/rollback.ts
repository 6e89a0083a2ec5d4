import type { ScriptMeta } from '../types';
import { PROVIDER_NAMES } from '../../config/providers';
import { CONFIRM_PRODUCTION, VERIFY_STRICT } from '../common-flags';

export const meta = {
  id: 'rollback',
  title: 'Rollback',
  summary:
    'lists recent deploys, rolls back to the previous live one (or --to), follows and verifies the rollback; also cancels a deploy and switches auto-deploy',
  safety: 'changes-deployment',
  targeted: true,
  flags: [
    {
      name: 'to',
      type: 'string',
      description: 'the deploy to roll back to (default: the one live before the current one)',
      value: '<dep-id>',
    },
    {
      name: 'list',
      type: 'boolean',
      default: false,
      description: 'only list recent deploys (id, status, commit, finished)',
    },
    {
      name: 'disable-auto-deploy',
      type: 'boolean',
      default: false,
      description:
        'turn auto-deploy off before rolling back, so the next push does not redeploy the broken code',
    },
    {
      name: 'auto-deploy',
      type: 'enum',
      choices: ['on', 'off'],
      description: 'only switch auto-deploy (on again once the fix is deployed)',
      value: '<on|off>',
    },
    {
      name: 'cancel',
      type: 'string',
      description: 'only cancel this deploy in progress (the live one keeps serving)',
      value: '<dep-id>',
    },
    {
      name: 'provider',
      type: 'enum',
      choices: PROVIDER_NAMES,
      description: 'how to reach the deploys (default: config.deploy.providers of the environment)',
      value: '<name>',
    },
    VERIFY_STRICT,
    {
      name: 'dry-run',
      type: 'boolean',
      default: false,
      description: 'say what would be done and change nothing',
    },
    CONFIRM_PRODUCTION,
  ],
  examples: [
    {
      command: 'npx zx runbooks/rollback.ts --env production --list',
      description: 'recent deploys, the live one marked',
    },
    {
      command: 'npx zx runbooks/rollback.ts --env production --disable-auto-deploy',
      description: 'roll back to the previous live deploy, auto-deploy off first',
    },
    {
      command: 'npx zx runbooks/rollback.ts --env staging --to dep-d0c1a2b3c4d5e6f7a8b9',
      description: 'roll back to a chosen deploy',
    },
    {
      command: 'npx zx runbooks/rollback.ts --env production --auto-deploy on',
      description: 'after the fix is deployed: auto-deploy back on',
    },
  ],
} as const satisfies ScriptMeta;
