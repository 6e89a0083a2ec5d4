/**
 * The page sections that handle each alert, incident event and drill symptom, in one map.
 * The monitor's breach events and summary, every Slack message the scripts send, the
 * incident triage and the drills name their section from here, and an e2e test
 * (tests/e2e/sections.spec.ts) checks that every anchor exists in the built site. A script
 * that sends an alert adds its section here rather than writing a URL of its own.
 */

/** Routes of the pages the sections live on (site-relative, without the base URL). */
export const PAGES = {
  incidentNow: '/docs/incident-now',
  playbook: '/docs/incident-response-playbook',
  deploymentRunbook: '/docs/deployment-runbook',
} as const;

export interface Section {
  /** The page's route (PAGES). */
  page: string;
  /** The heading's id on that page. */
  anchor: string;
  /** What a message calls it. */
  title: string;
}

const now = (anchor: string, title: string): Section => ({ page: PAGES.incidentNow, anchor, title });
const playbook = (anchor: string, title: string): Section => ({ page: PAGES.playbook, anchor, title });
const runbook = (anchor: string, title: string): Section => ({
  page: PAGES.deploymentRunbook,
  anchor,
  title,
});

export const SECTIONS = {
  // The one-screen entry point ("Something is wrong now").
  'now-severity': now('severity', 'Incident now: severity'),
  'now-roles': now('roles', 'Incident now: roles and how to page them'),
  'now-first-15': now('first-15-minutes', 'Incident now: the first 15 minutes'),
  'now-symptoms': now('symptoms', 'Incident now: by symptom'),
  // The playbook, by symptom and procedure.
  severity: playbook('severity-levels', 'Playbook: severity levels'),
  'first-15': playbook('first-fifteen-minutes', 'Playbook: the first 15 minutes'),
  health: playbook('health', 'Playbook: health degraded or critical'),
  slow: playbook('slow-responses', 'Playbook: slow responses'),
  errors: playbook('error-rate', 'Playbook: error rate'),
  cost: playbook('cost-overrun', 'Playbook: cost overrun'),
  memory: playbook('memory', 'Playbook: memory climbing toward the limit'),
  fallback: playbook('two-hundred-but-failing', 'Playbook: the 200-but-failing trap'),
  unavailable: playbook('unavailable', 'Playbook: service unavailable or restarting'),
  'bad-release': playbook('bad-release', 'Playbook: a bad release'),
  comms: playbook('communication-templates', 'Playbook: communication templates'),
  verify: playbook('verify-the-fix', 'Playbook: verify the fix'),
  // The service command's acts (service.ts): each Slack notice links its procedure.
  restart: playbook('restart', 'Playbook: restart the service'),
  scale: playbook('scale', 'Playbook: scale the service'),
  suspend: playbook('suspend', 'Playbook: suspend and resume'),
  review: playbook('post-incident-review', 'Playbook: post-incident review'),
  drills: playbook('prevention-and-drills', 'Playbook: prevention and drills'),
  // The deployment runbook, by what a deploy was doing.
  'deploy-checklist': runbook('pre-deploy', 'Deployment runbook: pre-deployment checklist'),
  deploy: runbook('deploy', 'Deployment runbook: deploy'),
  'deploy-follow': runbook('follow', 'Deployment runbook: follow a deploy'),
  'deploy-verify': runbook('post-deploy', 'Deployment runbook: post-deployment verification'),
  'deploy-watch': runbook('what-to-watch', 'Deployment runbook: what to watch'),
  'deploy-rollback': runbook('rollback', 'Deployment runbook: rollback'),
  'deploy-auto-deploy': runbook('auto-deploy', 'Deployment runbook: auto-deploy'),
  'deploy-by-hand': runbook('by-hand', 'Deployment runbook: by hand, when the scripts cannot run'),
} as const satisfies Record<string, Section>;

export type SectionId = keyof typeof SECTIONS;
export const SECTION_IDS = Object.keys(SECTIONS) as SectionId[];

/** A section as messages carry it: its title and URL. */
export interface SectionRef {
  id: SectionId;
  title: string;
  url: string;
}

/**
 * The section's URL: absolute under `handbookUrl` (config.handbook.url, where the handbook
 * is served) for everything printed or posted, so a link opens its section wherever it
 * lands; site-relative (`/docs/…#anchor`) without it, for the site's own pages.
 */
export function sectionUrl(id: SectionId, handbookUrl?: string): string {
  const s: Section = SECTIONS[id];
  return handbookLink(`${s.page}/#${s.anchor}`, handbookUrl);
}

/** A site-relative path (`/docs/…`) made absolute under the handbook's URL; unchanged without one. */
export function handbookLink(path: string, handbookUrl?: string): string {
  if (!handbookUrl || !path.startsWith('/')) return path;
  return `${handbookUrl.replace(/\/+$/, '')}${path}`;
}

export function sectionRef(id: SectionId, handbookUrl?: string): SectionRef {
  return { id, title: SECTIONS[id].title, url: sectionUrl(id, handbookUrl) };
}
