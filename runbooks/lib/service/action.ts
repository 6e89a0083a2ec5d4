/**
 * What one `service.ts` run does, from its positionals: read the service (`status`), or one
 * act on it through the platform — restart, suspend, resume, scale to N instances. These are
 * the acts Render's API offers a running service; a restart is also how caches are cleared
 * (the service has no cache endpoint).
 */
import { usageError } from '../errors';
import type { SectionId } from '../sections/index';

export type ServiceAction =
  | { kind: 'status' }
  | { kind: 'restart' }
  | { kind: 'suspend' }
  | { kind: 'resume' }
  | { kind: 'scale'; instances: number };

export type ServiceActionKind = ServiceAction['kind'];

/** The acts that change the service (everything but status). */
export type ServiceChange = Exclude<ServiceAction, { kind: 'status' }>;

const USAGE = 'Usage: service.ts status | restart | suspend | resume | scale <n>, with --env <name>.';

/** The most instances a scale asks for (Render's API takes any count; the plan's bill does not). */
export const MAX_INSTANCES = 100;

/** The action named by `positionals`; a missing, unknown or malformed one is a usage error. */
export function serviceAction(positionals: readonly string[]): ServiceAction {
  const [first, second, ...rest] = positionals;
  if (first === undefined)
    throw usageError('service.ts needs an action: status, restart, suspend, resume or scale <n>.', USAGE);
  if (first === 'scale') {
    const n = Number(second);
    if (second === undefined || rest.length || !Number.isInteger(n) || n < 1 || n > MAX_INSTANCES)
      throw usageError(
        `service.ts scale needs one whole number of instances from 1 to ${MAX_INSTANCES}${second === undefined ? '' : ` (got "${positionals.slice(1).join(' ')}")`}.`,
        'For example: service.ts scale 2 --env staging. To stop the service instead, suspend it.',
      );
    return { kind: 'scale', instances: n };
  }
  if (first === 'status' || first === 'restart' || first === 'suspend' || first === 'resume') {
    if (second !== undefined)
      throw usageError(
        `service.ts ${first} takes no argument (got "${positionals.slice(1).join(' ')}").`,
        USAGE,
      );
    return { kind: first };
  }
  throw usageError(`service.ts has no action "${first}".`, USAGE);
}

/** The action as the output names it ("restart", "scale to 2"). */
export function actionLabel(a: ServiceAction): string {
  return a.kind === 'scale' ? `scale to ${a.instances} instance${a.instances === 1 ? '' : 's'}` : a.kind;
}

/** The playbook section each act's notices link to. */
export const ACTION_SECTION: Record<ServiceChange['kind'], SectionId> = {
  restart: 'restart',
  scale: 'scale',
  suspend: 'suspend',
  resume: 'suspend',
};
