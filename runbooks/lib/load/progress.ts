/**
 * Live progress as a listener on the engine's ticks. It writes through the function it is
 * given (the script's redacting output): one line redrawn in place on a TTY, a plain line
 * every `everyS` seconds otherwise (CI logs stay readable).
 */
import type { EngineEvent } from './types';
import { formatProgress } from './format';

export function progressListener(
  write: (s: string) => void,
  opts: { tty: boolean; everyS?: number; prefix?: string },
): { onTick: (e: EngineEvent) => void; end: () => void } {
  let drawn = false;
  const every = opts.everyS ?? 5;
  return {
    onTick(e) {
      if (e.type !== 'tick') return;
      const line = (opts.prefix ?? '') + formatProgress(e);
      if (opts.tty) {
        write(`\r\x1b[2K${line}`);
        drawn = true;
      } else if (e.second.t % every === 0) write(line + '\n');
    },
    end() {
      if (drawn) write('\n');
      drawn = false;
    },
  };
}
