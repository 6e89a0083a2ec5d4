/**
 * Slack incoming webhooks, best-effort: a notice never blocks or delays what it reports
 * (a rollback above all). Posts go out in the background one at a time (Slack takes about
 * one message a second); 429 waits Retry-After, 5xx and network errors are retried at
 * most three times (a post is not idempotent), a 4xx is a configuration problem reported
 * once and not retried. The webhook URL is a secret: it appears in no message.
 */
import { abortableSleep } from '../http/retry';
import type { RequestFn } from '../http/client';
import { RunbookError } from '../errors';

/** Slack's limits: section text ≤ 3,000 characters, ≤ 50 blocks. */
const SECTION_MAX = 3000;
const BLOCKS_MAX = 50;
const ATTEMPTS = 3;

export interface SlackMessage {
  /** Always set: mobile notifications show only this. */
  text: string;
  /** Extra lines, each a section block. */
  details?: string[];
  /** The handbook page section that handles it (an absolute or site-relative URL). */
  link?: { label: string; url: string };
}

export type SlackOutcome = { ok: true; attempts: number } | { ok: false; attempts: number; reason: string };

/** Slack's JSON for a message: text, then sections, within the limits. */
export function slackPayload(m: SlackMessage): { text: string; blocks: unknown[] } {
  const clip = (s: string) => (s.length > SECTION_MAX ? s.slice(0, SECTION_MAX - 1) + '…' : s);
  const lines = [m.text, ...(m.details ?? []), ...(m.link ? [`<${m.link.url}|${m.link.label}>`] : [])];
  const blocks = lines
    .slice(0, BLOCKS_MAX)
    .map((t) => ({ type: 'section', text: { type: 'mrkdwn', text: clip(t) } }));
  return { text: clip(m.text), blocks };
}

/** Posts one message, retrying 429 / 5xx / network at most three times; never throws. */
export async function postSlack(
  url: string,
  m: SlackMessage,
  deps: {
    request: RequestFn;
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
    random?: () => number;
    signal?: AbortSignal;
  },
): Promise<SlackOutcome> {
  const sleep = (ms: number) => (deps.sleep ?? abortableSleep)(ms, deps.signal);
  const random = deps.random ?? Math.random;
  let reason = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (deps.signal?.aborted) return { ok: false, attempts: attempt - 1, reason: 'given up: the run ended' };
    try {
      const res = await deps.request({
        method: 'POST',
        url,
        body: slackPayload(m),
        timeoutMs: 10_000,
        ...(deps.signal ? { signal: deps.signal } : {}),
      });
      const text = res.text.trim();
      if (res.status === 200 && text === 'ok') return { ok: true, attempts: attempt };
      reason = `HTTP ${res.status} ${text.slice(0, 80)}`;
      if (res.status === 429) {
        const after = Number(res.headers['retry-after']);
        await sleep(
          (Number.isFinite(after) && after > 0 ? Math.min(after, 30) : 1) * 1000 * (1 + random() * 0.2),
        );
        continue;
      }
      if (res.status < 500)
        return {
          ok: false,
          attempts: attempt,
          reason: `${reason}: the webhook refused it (check SLACK_WEBHOOK_URL and its channel)`,
        };
    } catch (e) {
      reason = e instanceof RunbookError ? e.code : 'network error';
    }
    if (attempt < ATTEMPTS) await sleep(500 * 2 ** (attempt - 1) * (0.5 + random()));
  }
  return { ok: false, attempts: ATTEMPTS, reason };
}

export interface Notifier {
  /** Queues a message; returns at once. */
  send(m: SlackMessage): void;
  /** Waits for queued messages at most `ms`, then gives up on them (the run is over). */
  flush(ms: number): Promise<SlackOutcome[]>;
  readonly enabled: boolean;
}

/** A notifier for `url`, or one that does nothing when no webhook is configured. */
export function createNotifier(
  url: string | undefined,
  deps: {
    request: RequestFn;
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
    onOutcome?: (o: SlackOutcome, m: SlackMessage) => void;
  },
): Notifier {
  const outcomes: SlackOutcome[] = [];
  const giveUp = new AbortController();
  let chain: Promise<void> = Promise.resolve();
  return {
    enabled: Boolean(url),
    send(m) {
      if (!url) return;
      chain = chain.then(async () => {
        const o = await postSlack(url, m, { ...deps, signal: giveUp.signal });
        outcomes.push(o);
        deps.onOutcome?.(o, m);
      });
    },
    async flush(ms) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([chain, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
      clearTimeout(timer);
      giveUp.abort(); // whatever is still waiting stops now, so the process can end
      await chain;
      return [...outcomes];
    },
  };
}
