import type { ScriptMeta } from '../types';
import { CONFIRM_PRODUCTION, VERIFY_STRICT } from '../common-flags';

export const meta = {
  id: 'service',
  title: 'Service',
  summary:
    'the running service through the platform (Render; on the sandbox, its model of Render): status (plan, instances, suspension, memory against the limit, recent events), or restart, suspend, resume or scale it, then follow and verify as a rollback is',
  safety: 'changes-deployment',
  targeted: true,
  positionals: '<status | restart | suspend | resume | scale <n>>',
  flags: [
    {
      name: 'since',
      type: 'duration',
      default: '1h',
      min: 60_000,
      max: 24 * 3_600_000,
      description: 'status: how far back memory and events are read',
      value: '<duration>',
    },
    VERIFY_STRICT,
    {
      name: 'dry-run',
      type: 'boolean',
      default: false,
      description: 'read the service and say what would be done; change nothing',
    },
    CONFIRM_PRODUCTION,
  ],
  examples: [
    {
      command: 'npx zx runbooks/service.ts status --env production',
      description: 'plan, instances, suspension, memory against the limit and the last hour of events',
    },
    {
      command: 'npx zx runbooks/service.ts restart --env production',
      description:
        'restart the instance (this clears every in-memory cache: the service has no cache endpoint), follow it, then health and smoke',
    },
    {
      command: 'npx zx runbooks/service.ts scale 2 --env staging --dry-run',
      description: 'what a scale would do, changing nothing',
    },
    {
      command: 'npx zx runbooks/service.ts suspend --env staging',
      description: 'stop it (it answers 503 to everyone until resumed); resume starts a new instance',
    },
  ],
} as const satisfies ScriptMeta;
