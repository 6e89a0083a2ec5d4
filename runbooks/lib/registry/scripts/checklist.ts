import type { ScriptMeta } from '../types';

export const meta = {
  id: 'checklist',
  title: 'Checklist runner',
  summary:
    'runs a page’s own checklist: bound items as real checks in the page’s order, manual items asked on a terminal, with a run record',
  safety: 'read-only',
  targeted: true,
  positionals: '<page-id>/<checklist-id>',
  flags: [
    {
      name: 'no-prompt',
      type: 'boolean',
      default: false,
      description:
        'never ask about manual items; list them as unverified (the default when not on a terminal)',
    },
    {
      name: 'dry-run',
      type: 'boolean',
      default: false,
      description: 'list the items and the command each bound item runs, run nothing',
    },
    {
      name: 'item-timeout',
      type: 'duration',
      default: '15m',
      description: 'deadline for each bound item',
      value: '<duration>',
    },
    {
      name: 'docs',
      type: 'string',
      default: 'docs',
      description: 'folder holding the pages',
      value: '<dir>',
    },
    {
      name: 'confirm-production',
      type: 'boolean',
      default: false,
      description: 'passed to bound items that need it against production',
    },
  ],
  examples: [
    {
      command: 'npx zx runbooks/checklist.ts deployment-runbook/pre-deploy --env staging',
      description: 'verify the pre-deployment checklist against staging',
    },
    {
      command: 'npx zx runbooks/checklist.ts deployment-runbook/post-deploy --env production',
      description: 'after a production deploy: health, smoke and the watch, then the manual items',
    },
    {
      command: 'npx zx runbooks/checklist.ts deployment-runbook/pre-deploy --env local --dry-run',
      description: 'what would run, without running it',
    },
  ],
} as const satisfies ScriptMeta;
