/**
 * A fake Slack incoming webhook on loopback, with the replies Slack documents: `200 ok`,
 * `429` with Retry-After (once, then ok), `404 channel_not_found`, or down (it accepts the
 * connection and never answers). It keeps every payload it received.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SlackMode = 'ok' | 'rate-limited' | 'not-found' | 'down';

export interface FakeSlack {
  /** The webhook URL (its path carries a secret-looking token, as Slack's do). */
  url: string;
  posts: Array<{ text: string; blocks: Array<{ text: { text: string } }>; at: number }>;
  attempts(): number;
  close(): Promise<void>;
}

export async function startFakeSlack(
  mode: SlackMode,
  token = 'T000/B000/slack-sentinel-4c3b2a1f',
): Promise<FakeSlack> {
  const posts: FakeSlack['posts'] = [];
  let attempts = 0;
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    let s = '';
    req.on('data', (c) => (s += c));
    req.on('end', () => {
      attempts++;
      if (mode === 'down') return void hanging.add(res);
      const reply = (status: number, text: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'text/plain', ...headers });
        res.end(text);
      };
      if (req.url !== `/services/${token}`) return reply(404, 'no_service');
      if (mode === 'not-found') return reply(404, 'channel_not_found');
      if (mode === 'rate-limited' && attempts === 1)
        return reply(429, 'rate_limited', { 'retry-after': '1' });
      try {
        posts.push({ ...JSON.parse(s), at: Date.now() });
      } catch {
        return reply(400, 'invalid_payload');
      }
      reply(200, 'ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/services/${token}`,
    posts,
    attempts: () => attempts,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
