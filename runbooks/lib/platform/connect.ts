/**
 * The platform of a run, resolved and checked before the run starts: which platform (or why
 * none, as the one line a script prints), and for a configured one, its service read once.
 * That first read proves the key and the service id: a refused key or an unknown id stops
 * the run there (RB_CONFIG, exit 2) with what to fix, instead of turning every later read
 * into a note. A platform that cannot be reached is not the service's fault: the run goes on
 * without it and says why in its line.
 */
import { RunbookError } from '../errors';
import { resolvePlatform, type ResolveInput } from './resolve';
import type { PlatformClient, PlatformService } from './types';

export interface ConnectedPlatform {
  /** The client, when a platform is configured and answered. */
  client: PlatformClient | undefined;
  service: PlatformService | undefined;
  /** The one line the script prints: which platform it reads, or why none. */
  line: string;
}

/** Resolves the platform of `i.env` and reads its service; a refusal (key, id) throws RB_CONFIG. */
export async function connectPlatform(
  i: ResolveInput & { signal?: AbortSignal },
): Promise<ConnectedPlatform> {
  const r = resolvePlatform(i);
  if (r.kind === 'not-configured') return { client: undefined, service: undefined, line: r.line };
  try {
    const service = await r.client.service(i.signal);
    return {
      client: r.client,
      service,
      line: `${r.line}${service.suspended ? ' — the service is SUSPENDED' : ''}`,
    };
  } catch (e) {
    if (!(e instanceof RunbookError)) throw e;
    if (e.code === 'RB_CONFIG' || e.code === 'RB_AUTH')
      throw new RunbookError(e.code, `Platform signals: ${e.message}`, {
        hint: `${e.hint ?? ''}${r.client.source === 'render' ? ' Or unset RENDER_API_KEY to run on the service’s own signals.' : ''}`.trim(),
        cause: e,
      });
    if (e.code === 'RB_INTERRUPTED') throw e;
    return {
      client: undefined,
      service: undefined,
      line: `platform signals: not read (${r.client.describes}: ${e.message})`,
    };
  }
}
