import type { ScriptMeta } from '../types';
import { reportFlags } from '../common-flags';
import { ENVIRONMENT_NAMES } from '../../config/environments';

export const meta = {
  id: 'scorecard',
  title: 'Scorecard',
  summary:
    "the brief's promises (capacity, p95, uptime, P0 resolution, the playbook's effect, daily deploys, cost) each kept, missed or not measured, with its evidence, age and environment, and delivery's four keys, from published reports, the ledger and Render",
  safety: 'read-only',
  targeted: false,
  flags: [
    {
      name: 'env',
      type: 'enum',
      choices: ENVIRONMENT_NAMES,
      default: 'production',
      description:
        'the environment whose promises are judged; evidence from the sandbox counts only for local, never for staging or production',
      value: '<name>',
    },
    {
      name: 'as-of',
      type: 'string',
      description:
        'judge as of this ISO time instead of now (ages and the window run to it), e.g. to rebuild a past scorecard',
      value: '<iso-time>',
    },
    {
      name: 'strict',
      type: 'boolean',
      default: false,
      description: 'a promise not measured fails the scorecard too (exit 1), not only a missed one',
    },
    ...reportFlags('scorecard'),
  ],
  examples: [
    {
      command: 'npx zx runbooks/scorecard.ts',
      description:
        'is production ready? every promise with its verdict, evidence and age; delivery’s four keys',
    },
    {
      command: 'npx zx runbooks/scorecard.ts --env production --publish',
      description: 'the same, published as a page under Reports → Scorecards and on the home page',
    },
    {
      command: 'npx zx runbooks/scorecard.ts --env local --json',
      description:
        'the sandbox’s scorecard as one JSON document (the report; it validates against its schema)',
    },
  ],
} as const satisfies ScriptMeta;
