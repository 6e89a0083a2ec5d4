/**
 * `service.ts status`: the service as the platform sees it — its plan, instance count and
 * suspension, its memory against the plan's limit, and its recent events (restarts, OOM
 * kills, deploys, suspensions) — read once, bounded in window and pages.
 */
import type { MemoryView, Paged, PlatformClient, PlatformEvent, PlatformService } from '../platform/types';

export interface ServiceStatus {
  /** What was read ("Render service srv-…", "the sandbox's platform model at …"). */
  describes: string;
  source: PlatformClient['source'];
  service: PlatformService;
  memory: MemoryView;
  /** Newest first. */
  events: PlatformEvent[];
  /** More events were there than one page. */
  eventsTruncated: boolean;
  /** The window read, epoch ms. */
  window: { startMs: number; endMs: number };
}

/** Events shown at most. */
export const STATUS_EVENTS = 20;

/** Reads the service, its memory and its events of the last `sinceMs`. */
export async function readServiceStatus(
  client: PlatformClient,
  o: { sinceMs: number; now?: () => number; signal?: AbortSignal },
): Promise<ServiceStatus> {
  const now = (o.now ?? Date.now)();
  const window = { startMs: now - o.sinceMs, endMs: now };
  const [service, memory, events] = await Promise.all([
    client.service(o.signal),
    client.memory({ window }, o.signal),
    client.events({ window, limit: 100, maxPages: 1 }, o.signal) as Promise<Paged<PlatformEvent>>,
  ]);
  return {
    describes: client.describes,
    source: client.source,
    service,
    memory,
    events: events.items.slice(0, STATUS_EVENTS),
    eventsTruncated: events.truncated || events.items.length > STATUS_EVENTS,
    window: events.window,
  };
}
