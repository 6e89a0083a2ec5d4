import type { Redactor } from '../secrets/mask';

/**
 * The only way scripts write. Every byte passes the redactor, so a secret cannot reach a
 * terminal, a CI log or a --json consumer by any path. With --json, human text goes to
 * stderr and stdout carries exactly one JSON document.
 */
export interface Output {
  readonly json: boolean;
  /** Whether human output goes to an interactive terminal (live views redraw only then). */
  readonly tty: boolean;
  /** Human-readable text (stdout, or stderr under --json). */
  info(text: string): void;
  /** Warnings and errors (always stderr). */
  error(text: string): void;
  /** The one JSON document (stdout). */
  result(value: unknown): void;
  /** Whether the JSON document was written (a later error then goes to stderr only). */
  readonly resultWritten: boolean;
  /** The stream human output goes to, for in-place redraws. */
  readonly human: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly redactor: Redactor;
}

export function createOutput(
  redactor: Redactor,
  json: boolean,
  streams: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream } = process,
): Output {
  const human = json ? streams.stderr : streams.stdout;
  const line = (s: string) => (s.endsWith('\n') ? s : s + '\n');
  let written = false;
  return {
    json,
    get resultWritten() {
      return written;
    },
    tty: Boolean(human.isTTY) && !process.env.CI,
    human,
    redactor,
    info: (t) => void human.write(redactor.redact(line(t))),
    error: (t) => void streams.stderr.write(redactor.redact(line(t))),
    result: (v) => {
      written = true;
      streams.stdout.write(JSON.stringify(redactor.redactDeep(v), null, 2) + '\n');
    },
  };
}
