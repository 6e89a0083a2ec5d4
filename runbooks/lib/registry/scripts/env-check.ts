import type { ScriptMeta } from '../types';

export const meta = {
  id: 'env-check',
  title: 'Environment check',
  summary:
    'checks that the variables an environment needs are set and well-formed, without printing any secret',
  safety: 'read-only',
  targeted: true,
  flags: [
    {
      name: 'scope',
      type: 'enum',
      choices: ['all', 'runbooks', 'service'],
      default: 'all',
      description: 'which variables: those the runbooks read, those the service reads, or both',
      value: '<scope>',
    },
    {
      name: 'strict',
      type: 'boolean',
      default: false,
      description: 'treat warnings (a malformed optional variable) as failures',
    },
  ],
  examples: [
    {
      command: 'npx zx runbooks/env-check.ts --env production',
      description: 'before a production deploy: every required variable present and well-formed',
    },
    {
      command: 'npx zx runbooks/env-check.ts --env staging --scope runbooks --json',
      description: 'what the runbooks need for staging, as JSON',
    },
  ],
} as const satisfies ScriptMeta;
