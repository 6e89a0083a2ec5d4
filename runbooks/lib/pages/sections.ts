/**
 * The page sections scripts link to (Slack messages, a failed step's output): one map, so
 * a renamed heading breaks a test (tests/unit/sections.test.ts reads the pages' anchors)
 * instead of a link at 3 a.m.
 */
export const DEPLOYMENT_RUNBOOK = 'deployment-runbook';

/** Sections of the deployment runbook, by what the deploy was doing. */
export const DEPLOY_SECTIONS = {
  checklist: 'pre-deploy',
  'record-live': 'deploy',
  trigger: 'deploy',
  follow: 'follow',
  verify: 'post-deploy',
  watch: 'what-to-watch',
  rollback: 'rollback',
  'auto-deploy': 'auto-deploy',
  'by-hand': 'by-hand',
} as const;

export type DeploySection = keyof typeof DEPLOY_SECTIONS;

/**
 * A link to a section: absolute when the handbook's address is known (HANDBOOK_SITE_URL),
 * else the site-relative path (printed, not linked, in Slack).
 */
export function sectionLink(pageUrl: string, section: DeploySection, siteUrl?: string): string {
  const path = `${pageUrl.replace(/\/+$/, '')}/#${DEPLOY_SECTIONS[section]}`;
  return siteUrl ? `${siteUrl.replace(/\/+$/, '')}${path}` : path;
}
