import type { ScriptMeta } from '../types';
import { reportFlags } from '../common-flags';
import { SCENARIO_IDS } from '../../drill/scenarios';

export const meta = {
  id: 'drill',
  title: 'Drill',
  summary:
    'an incident drill on the local sandbox: breaks it as a scenario says, opens an incident marked as a drill, hands you the alert, times your diagnosis and remedy against the severity’s targets, and writes a drill report',
  safety: 'local-only',
  targeted: false,
  flags: [
    {
      name: 'scenario',
      type: 'enum',
      choices: SCENARIO_IDS,
      description: 'what breaks (--list shows them)',
      value: '<name>',
    },
    { name: 'list', type: 'boolean', default: false, description: 'list the scenarios and exit' },
    {
      name: 'port',
      type: 'number',
      integer: true,
      min: 1,
      max: 65535,
      description:
        "the running sandbox to drill on; when none runs there, the drill starts its own on a free port and stops it at the end. Default: the port of the local environment's URL, where npm start runs it",
      value: '<n>',
    },
    {
      name: 'deadline',
      type: 'duration',
      default: '30m',
      min: 5_000,
      max: 4 * 3_600_000,
      description: 'the drill ends here if the service is not restored (and diagnosed) by then',
      value: '<duration>',
    },
    {
      name: 'poll',
      type: 'duration',
      default: '1s',
      min: 100,
      max: 60_000,
      description: 'how often the drill looks at the sandbox and the ledger',
      value: '<duration>',
    },
    {
      name: 'profile',
      type: 'enum',
      choices: ['realistic', 'fast'],
      default: 'realistic',
      description: 'latency profile of a sandbox the drill starts itself',
      value: '<name>',
    },
    {
      name: 'time-scale',
      type: 'number',
      default: 1,
      above: 0,
      description: 'time scale of a sandbox the drill starts itself',
      value: '<n>',
    },
    {
      name: 'seed',
      type: 'number',
      integer: true,
      min: 0,
      max: 2_147_483_647,
      description:
        "draws when an outside cause (OpenAI's trouble) ends by itself, within its scenario's window; the same seed, the same time. Default: a random one, kept in the report",
      value: '<n>',
    },
    ...reportFlags('drill'),
  ],
  examples: [
    {
      command: 'npx zx runbooks/drill.ts --list',
      description: 'the scenarios, with their severity and symptom (not their remedy)',
    },
    {
      command: 'npx zx runbooks/drill.ts --scenario openai-outage',
      description:
        'a drill on the sandbox npm start runs, while the site stays up; the report is kept in .runbooks/reports/drill/',
    },
    {
      command: 'npx zx runbooks/drill.ts --scenario bad-release --publish',
      description: 'the same, and the report published as a page under Reports',
    },
  ],
} as const satisfies ScriptMeta;
