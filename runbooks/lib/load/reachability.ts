/**
 * The engine's rule for a target that is not there: a run in which no request has
 * connected (every attempt refused, reset or timed out connecting) this long after its
 * start stops, rather than waiting out --duration collecting refusals (68 over a minute,
 * once). A target that answered once and then went away is a run with connection errors,
 * not this.
 */
import { classifyError, InterruptedError } from './http';

/** How long a run may go with nothing connected before it stops as unreachable. */
export const UNREACHABLE_AFTER_MS = 5_000;

/** Watches whether anything connected; says when the run should stop as unreachable. */
export class ConnectWatch {
  /** Some request got an answer (any status): the target is there. */
  private answered = false;
  private failures = 0;
  private last = '';

  /** A request that just ended: answered (it had a status), or failed with `err`. */
  record(answered: boolean, err: Error | undefined): void {
    if (answered) this.answered = true;
    else if (err && !(err instanceof InterruptedError)) {
      const code = (err as { code?: string }).code ?? '';
      if (classifyError(err) === 'connection' || code === 'UND_ERR_CONNECT_TIMEOUT') {
        this.failures++;
        this.last = code || err.message;
      }
    }
  }

  /** Why the run should stop now, `elapsedMs` after its start; undefined while it should go on. */
  verdict(elapsedMs: number): string | undefined {
    if (this.answered || this.failures === 0 || elapsedMs < UNREACHABLE_AFTER_MS) return undefined;
    return `${this.failures} attempt(s) in the first ${Math.round(elapsedMs / 1000)} s failed to connect (${this.last}), so the run stopped instead of waiting out its duration`;
  }
}
