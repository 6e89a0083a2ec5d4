/**
 * Render's rate limits as the sandbox's platform API applies them: fixed windows of one
 * MODELLED minute per group (reads, writes, suspend and resume), with the Ratelimit-*
 * headers Render's docs name on every answer. Reset is sent as seconds until the window
 * resets, the kind of value Render's example shows.
 */
export type Group = 'read' | 'write' | 'suspend';

/** Requests per modelled minute, per group (Render's published figures; reads: the larger of two captures). */
export const RENDER_LIMITS: Record<Group, number> = { read: 400, write: 30, suspend: 10 };

/** Fixed windows of one modelled minute per group. */
export class RenderLimits {
  private readonly used = new Map<Group, { start: number; n: number }>();

  constructor(
    private readonly now: () => number,
    private readonly timeScale: number,
  ) {}

  take(g: Group): { ok: boolean; headers: Record<string, string> } {
    const t = this.now();
    const windowMs = 60_000 / this.timeScale;
    let w = this.used.get(g);
    if (!w || t - w.start >= windowMs) this.used.set(g, (w = { start: t, n: 0 }));
    const ok = w.n < RENDER_LIMITS[g];
    if (ok) w.n++;
    return {
      ok,
      headers: {
        'ratelimit-limit': String(RENDER_LIMITS[g]),
        'ratelimit-remaining': String(RENDER_LIMITS[g] - w.n),
        // Seconds until the window resets (Render's example value is of this kind).
        'ratelimit-reset': String(Math.max(0, Math.ceil((w.start + windowMs - t) / 1000))),
      },
    };
  }
}
