import type { ScriptMeta } from '../types';

export const meta = {
  id: 'sandbox',
  title: 'Sandbox',
  summary: 'serves a local HolisticOS-compatible API on 127.0.0.1 for demos, drills and tests, with switchable faults',
  safety: 'local-only',
  targeted: false,
  flags: [
    { name: 'port', type: 'number', default: 8001, integer: true, min: 0, max: 65535, description: 'port on 127.0.0.1 (0 = any free port)', value: '<n>' },
    { name: 'profile', type: 'enum', choices: ['realistic', 'fast'], default: 'realistic', description: 'latency profile: seconds like the real service, or milliseconds', value: '<name>' },
    { name: 'time-scale', type: 'number', default: 1, above: 0, description: 'divide modelled delays by this factor', value: '<n>' },
    { name: 'seed', type: 'number', default: 1, integer: true, description: 'seed of the latency model', value: '<n>' },
    { name: 'fault', type: 'list', default: [], description: 'fault to switch on at start, `name` or `name:param` (e.g. cold-start:10s, latency-spike:5); repeatable or comma-separated; catalogue: the sandbox faults reference page, runbooks/lib/faults/catalogue.ts, or GET /__sandbox/faults', value: '<name[:param]>' },
    { name: 'heal-insights', type: 'boolean', default: false, description: 'make insights work (the current release always answers 500)' },
    { name: 'health-shape', type: 'enum', choices: ['full', 'fallback'], default: 'full', description: 'health body shape', value: '<shape>' },
  ],
  examples: [
    { command: 'npx zx runbooks/sandbox.ts', description: 'the service as a new engineer meets it, on http://127.0.0.1:8001' },
    { command: 'npx zx runbooks/sandbox.ts --profile realistic --time-scale 20 --fault openai-outage', description: 'an incident drill: OpenAI is down, generate calls answer 200 with fallback plans' },
    { command: 'npx zx runbooks/sandbox.ts --port 0 --profile fast --fault memory-leak:10,cold-start:5s', description: 'for tests: a free port (read it from the "sandbox listening on" line), millisecond latency, two faults on from the start' },
  ],
} as const satisfies ScriptMeta;
