/**
 * The platform's record of the sandbox, in Render's shapes: service events (cursor pages,
 * newest first) and log lines (time-window pages: hasMore / nextStartTime / nextEndTime).
 * Both are rings: at least the last 500 events, 1,000 app lines and 5,000 request lines
 * (up to a quarter more between trims; two rings for lines, so a burst of requests never
 * pushes the error lines out). Log times
 * carry microseconds, as Render's do, and are unique, so a page boundary never splits or
 * repeats a line. The service and instance ids are filled in when a page is served (the
 * port, and so the id, is known only once the sandbox listens).
 */
import { randomBytes } from 'node:crypto';

type Json = Record<string, unknown>;

export const EVENT_RING = 500;
export const APP_LOG_RING = 1_000;
export const REQUEST_LOG_RING = 5_000;

interface StoredEvent {
  seq: number;
  id: string;
  at: number;
  type: string;
  details: Json;
}

/**
 * A line as kept: `instance` is the 5-character suffix of its instance id. A request line
 * keeps its fields only; its message and id are written when a page is served, so the
 * edge's record of a request costs one small object.
 */
export interface StoredLine {
  seq: number;
  us: number;
  message?: string;
  type: 'app' | 'request';
  instance: string;
  level?: string;
  request?: { method: string; path: string; statusCode: number; host: string; ms: number };
}

const messageOf = (l: StoredLine) =>
  l.message ??
  `[${l.request!.method}]${l.request!.statusCode} ${l.request!.host}${l.request!.path} responseTimeMS=${Math.round(l.request!.ms)}`;

const alnum = (n: number) =>
  [...randomBytes(n)].map((b) => '0123456789abcdefghijklmnopqrstuvwxyz'[b % 36]).join('');

/** evt- and 20 of [0-9a-z], as Render's. */
export const newEventId = () => `evt-${alnum(20)}`;
/** The 5-character instance suffix (srv-…-xxxxx). */
export const newInstanceSuffix = () => alnum(5);

/** Appends; trims back to `max` once a quarter over it, so a busy edge does not shift the array on every request. */
const push = <T>(ring: T[], item: T, max: number) => {
  ring.push(item);
  if (ring.length > max + (max >> 2)) ring.splice(0, ring.length - max);
};

export class EventLog {
  private readonly ring: StoredEvent[] = [];
  private seq = 0;

  add(type: string, details: Json, at: number): void {
    push(this.ring, { seq: this.seq++, id: newEventId(), at, type, details }, EVENT_RING);
  }

  /** Types in time order (tests and the admin view). */
  types(): string[] {
    return this.sorted()
      .map((e) => e.type)
      .reverse();
  }

  private sorted(): StoredEvent[] {
    return [...this.ring].sort((a, b) => b.at - a.at || b.seq - a.seq);
  }

  /** GET /services/{id}/events: `[{event, cursor}]`, newest first, after `cursor`. */
  page(
    serviceId: string,
    q: { startMs: number; endMs: number; types: string[]; limit: number; cursor: string | undefined },
  ): Json[] {
    let list = this.sorted().filter(
      (e) => e.at >= q.startMs && e.at <= q.endMs && (!q.types.length || q.types.includes(e.type)),
    );
    if (q.cursor) {
      const i = list.findIndex((e) => e.id === q.cursor);
      list = i >= 0 ? list.slice(i + 1) : [];
    }
    return list.slice(0, q.limit).map((e) => ({
      event: {
        id: e.id,
        timestamp: new Date(e.at).toISOString(),
        serviceId,
        type: e.type,
        details: e.details,
      },
      cursor: e.id,
    }));
  }
}

/** Microseconds since the epoch → RFC 3339 with six fractional digits. */
export function formatUs(us: number): string {
  const ms = Math.floor(us / 1000);
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, `.${String(us - Math.floor(us / 1e6) * 1e6).padStart(6, '0')}Z`);
}

/** RFC 3339 (any fraction, Z or an offset) or integer epoch seconds → µs; undefined when neither. */
export function parseUs(text: string | null): number | undefined {
  if (text === null || text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1e6;
  const m = /^(.+T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (!Number.isFinite(ms)) return undefined;
  return ms * 1000 + Number((m[2] ?? '').padEnd(6, '0').slice(0, 6));
}

/** A Render log filter value: `*` is a wildcard; the match is whole and case-insensitive. */
function matcher(values: string[], whole: boolean): ((v: string | undefined) => boolean) | undefined {
  if (!values.length) return undefined;
  const res = values.map((v) => {
    const body = v
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    return new RegExp(whole ? `^${body}$` : body, 'i');
  });
  return (v) => v !== undefined && res.some((r) => r.test(v));
}

export interface LogQuery {
  startUs: number;
  endUs: number;
  direction: 'forward' | 'backward';
  limit: number;
  filters: Record<
    'level' | 'type' | 'statusCode' | 'method' | 'path' | 'host' | 'instance' | 'text',
    string[]
  >;
}

export class LogStore {
  private readonly app: StoredLine[] = [];
  private readonly requests: StoredLine[] = [];
  private lastUs = 0;
  private seq = 0;

  /** Adds a line at `at` (wall ms); its time is made unique and never earlier than the last one's. */
  add(line: Omit<StoredLine, 'seq' | 'us'>, at: number): void {
    this.lastUs = Math.max(at * 1000, this.lastUs + 1);
    const stored = line as StoredLine;
    stored.seq = this.seq++;
    stored.us = this.lastUs;
    if (line.type === 'app') push(this.app, stored, APP_LOG_RING);
    else push(this.requests, stored, REQUEST_LOG_RING);
  }

  /** GET /logs: one page in Render's shape. `ids` gives the service and a line's instance id. */
  page(q: LogQuery, ids: { serviceId: string; instance: (suffix: string) => string }): Json {
    const f = q.filters;
    const tests = [
      ['level', matcher(f.level, true), (l: StoredLine) => l.level],
      ['type', matcher(f.type, true), (l: StoredLine) => l.type],
      [
        'statusCode',
        matcher(f.statusCode, true),
        (l: StoredLine) => l.request && String(l.request.statusCode),
      ],
      ['method', matcher(f.method, true), (l: StoredLine) => l.request?.method],
      ['path', matcher(f.path, true), (l: StoredLine) => l.request?.path],
      ['host', matcher(f.host, true), (l: StoredLine) => l.request?.host],
      ['instance', matcher(f.instance, true), (l: StoredLine) => ids.instance(l.instance)],
      ['text', matcher(f.text, false), (l: StoredLine) => messageOf(l)],
    ] as const;
    const all = [...this.app, ...this.requests]
      .filter((l) => l.us >= q.startUs && l.us <= q.endUs)
      .filter((l) => tests.every(([, test, get]) => !test || test(get(l))))
      .sort((a, b) => (q.direction === 'forward' ? a.us - b.us : b.us - a.us));
    const page = all.slice(0, q.limit);
    const hasMore = all.length > q.limit;
    const last = page.at(-1);
    const [nextStart, nextEnd] =
      hasMore && last
        ? q.direction === 'forward'
          ? [last.us + 1, q.endUs]
          : [q.startUs, last.us - 1]
        : [q.startUs, q.endUs];
    return {
      hasMore,
      nextStartTime: formatUs(nextStart),
      nextEndTime: formatUs(nextEnd),
      logs: page.map((l) => ({
        id: `log-${l.seq.toString(36).padStart(8, '0')}`,
        message: messageOf(l),
        timestamp: formatUs(l.us),
        labels: [
          { name: 'resource', value: ids.serviceId },
          { name: 'instance', value: ids.instance(l.instance) },
          { name: 'type', value: l.type },
          ...(l.level ? [{ name: 'level', value: l.level }] : []),
          ...(l.request
            ? [
                { name: 'statusCode', value: String(l.request.statusCode) },
                { name: 'method', value: l.request.method },
                { name: 'path', value: l.request.path },
                { name: 'host', value: l.request.host },
              ]
            : []),
        ],
      })),
    };
  }
}
