import type { ScriptMeta } from '../types';

export const meta = {
  id: 'sandbox',
  title: 'Sandbox',
  summary:
    'serves a local HolisticOS-compatible API on 127.0.0.1 for demos, drills and tests, with switchable faults; `fault list|set|clear` and `restart` act on a running one',
  safety: 'local-only',
  targeted: false,
  positionals: '[fault list | fault set <name[:param]>… | fault clear [name…] | restart]',
  flags: [
    {
      name: 'port',
      type: 'number',
      integer: true,
      min: 0,
      max: 65535,
      description:
        "port on 127.0.0.1 (0 = any free port); with a subcommand, the running sandbox to act on (0 = the only one running). Default: the port of the local environment's URL in the config",
      value: '<n>',
    },
    {
      name: 'profile',
      type: 'enum',
      choices: ['realistic', 'fast'],
      default: 'realistic',
      description: 'latency profile: seconds like the real service, or milliseconds',
      value: '<name>',
    },
    {
      name: 'time-scale',
      type: 'number',
      default: 1,
      above: 0,
      description: 'divide modelled delays by this factor',
      value: '<n>',
    },
    {
      name: 'seed',
      type: 'number',
      default: 1,
      integer: true,
      description: 'seed of the latency model',
      value: '<n>',
    },
    {
      name: 'fault',
      type: 'list',
      default: [],
      description:
        'fault to switch on at start, `name` or `name:param` (e.g. cold-start:10s, latency-spike:5); repeatable or comma-separated; catalogue: the sandbox faults reference page, runbooks/lib/faults/catalogue.ts, or GET /__sandbox/faults',
      value: '<name[:param]>',
    },
    {
      name: 'heal-insights',
      type: 'boolean',
      default: false,
      description: 'make insights work (the current release always answers 500)',
    },
    {
      name: 'health-shape',
      type: 'enum',
      choices: ['full', 'fallback'],
      default: 'full',
      description: 'health body shape',
      value: '<shape>',
    },
  ],
  examples: [
    {
      command: 'npx zx runbooks/sandbox.ts',
      description:
        "the service as a new engineer meets it, on the local environment's URL (what npm start runs)",
    },
    {
      command: 'npx zx runbooks/sandbox.ts --profile realistic --time-scale 20 --fault openai-outage',
      description: 'an incident drill: OpenAI is down, generate calls answer 200 with fallback plans',
    },
    {
      command: 'npx zx runbooks/sandbox.ts --port 0 --profile fast --fault memory-leak:10,cold-start:5s',
      description:
        'for tests: a free port (read it from the "sandbox listening on" line), millisecond latency, two faults on from the start',
    },
    {
      command: 'npx zx runbooks/sandbox.ts fault list',
      description:
        'the catalogue, and what is on in the running sandbox (the one npm start runs), with who switched it',
    },
    {
      command: 'npx zx runbooks/sandbox.ts fault set openai-outage',
      description: 'switch a fault on in the running sandbox, without restarting the site',
    },
    {
      command: 'npx zx runbooks/sandbox.ts fault clear',
      description:
        'switch off every fault switched on from outside (a release brings its own faults; only a deploy replaces them)',
    },
    {
      command: 'npx zx runbooks/sandbox.ts restart',
      description:
        'restart the running sandbox in place, as Render restarts an instance: memory, counters and caches are gone',
    },
  ],
} as const satisfies ScriptMeta;
