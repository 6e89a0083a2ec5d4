import type { ScriptMeta } from '../types';
import { reportFlags } from '../common-flags';

export const meta = {
  id: 'incident',
  title: 'Incident',
  summary:
    'opens an incident with the severity, the roles’ first 15 minutes and the first update; keeps its timeline in the ledger (note, status); runs the quick assessment by symptom (assess); writes the post-incident review (resolve)',
  safety: 'read-only',
  targeted: true,
  positionals: '<open|note|status|assess|resolve> [note text]',
  flags: [
    {
      name: 'sev',
      type: 'enum',
      choices: ['P0', 'P1', 'P2', 'P3'],
      description: 'open: the severity (required); note: change it',
      value: '<P0|P1|P2|P3>',
    },
    {
      name: 'title',
      type: 'string',
      description: 'open: what is wrong, in a line (required)',
      value: '<text>',
    },
    {
      name: 'since',
      type: 'string',
      description:
        'open: when the trouble began: how long ago (20m), a UTC time (14:05) or an ISO time (default: now)',
      value: '<when>',
    },
    {
      name: 'id',
      type: 'string',
      description: 'the incident to act on (default: the open one; the latest when several are open)',
      value: '<incident-id>',
    },
    {
      name: 'mitigated',
      type: 'boolean',
      default: false,
      description: 'note: the impact is mitigated (times the mitigation)',
    },
    {
      name: 'action',
      type: 'boolean',
      default: false,
      description: 'note: an action item (A1, A2, …), open until --done',
    },
    { name: 'done', type: 'string', description: 'note: closes action item <A1>', value: '<A1>' },
    {
      name: 'update',
      type: 'boolean',
      default: false,
      description: 'note: a stakeholder update was sent (resets the update cadence; posted to Slack)',
    },
    {
      name: 'beside-drill',
      type: 'boolean',
      default: false,
      description:
        "open: open a real incident although a drill's incident is open (without it, open shows the drill's incident and acts on nothing)",
    },
    {
      name: 'summary',
      type: 'string',
      description: 'resolve: what happened and what fixed it (required)',
      value: '<text>',
    },
    ...reportFlags('incident'),
  ],
  examples: [
    {
      command:
        'npx zx runbooks/incident.ts open --sev P1 --title "Routine returns fallback plans" --env production --since 10m',
      description:
        'open an incident: severity, who does what in the first 15 minutes, the first update filled in',
    },
    {
      command: 'npx zx runbooks/incident.ts assess --env production',
      description:
        'the quick assessment in one go: health, stats, metrics, cost and recent deploys, by symptom',
    },
    {
      command: 'npx zx runbooks/incident.ts note "Rolled back to the previous deploy" --mitigated',
      description: 'add to the timeline (without text: one note per line from stdin, for a scribe)',
    },
    {
      command: 'npx zx runbooks/incident.ts status',
      description: 'elapsed against the target, open actions, when the next update is due',
    },
    {
      command: 'npx zx runbooks/incident.ts resolve --summary "OpenAI outage, waited it out" --publish',
      description: 'the post-incident review, published as a page under Reports',
    },
  ],
} as const satisfies ScriptMeta;
