import type { SectionId } from '../sections/index';
import type { StepId } from './types';

/** What a deploy was doing → the deployment runbook's section for it (the map's ids). */
export const DEPLOY_SECTIONS = {
  checklist: 'deploy-checklist',
  'record-live': 'deploy',
  trigger: 'deploy',
  follow: 'deploy-follow',
  verify: 'deploy-verify',
  watch: 'deploy-watch',
  rollback: 'deploy-rollback',
  'auto-deploy': 'deploy-auto-deploy',
  'by-hand': 'deploy-by-hand',
} as const satisfies Record<StepId | 'auto-deploy' | 'by-hand', SectionId>;

export type DeploySection = keyof typeof DEPLOY_SECTIONS;
