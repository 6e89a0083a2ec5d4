/**
 * Script metadata: the binding between pages and scripts. The same object produces a
 * script's --help, the site's command blocks and reference pages, and the drift test.
 * It is plain data (no functions), so the site can import it at build time.
 */
export type FlagType = 'string' | 'number' | 'boolean' | 'duration' | 'url' | 'enum' | 'list';

export interface FlagSpec {
  /** Long name without dashes, e.g. "env". */
  name: string;
  type: FlagType;
  /** One line, shown in --help and on the reference page. */
  description: string;
  /** Default shown in --help; the parser applies it. Durations as text ("20s"). */
  default?: string | number | boolean | readonly string[];
  /** Allowed values for enum (and for each item of a list, when set). */
  choices?: readonly string[];
  /** Placeholder in usage lines, e.g. "<n>". */
  value?: string;
  /** Single-letter alias. */
  short?: string;
  /** number/duration: the smallest value allowed (durations in ms). The parser refuses a value outside the range, so no script re-checks it. */
  min?: number;
  /** number/duration: the largest value allowed. */
  max?: number;
  /** number: the value must be above this (exclusive), e.g. a time scale above 0. */
  above?: number;
  /** number: whole numbers only. */
  integer?: boolean;
}

/** What running the script can do to the world; shown as a badge next to every command. */
export type Safety = 'read-only' | 'sends-load' | 'changes-deployment' | 'local-only';

export interface Example {
  command: string;
  description: string;
}

export interface ScriptMeta {
  /** File name under runbooks/ without .ts, e.g. "env-check". */
  id: string;
  title: string;
  summary: string;
  safety: Safety;
  /** Positional arguments, for usage lines (e.g. "<page-id>/<checklist-id>"). */
  positionals?: string;
  /** Script-specific flags; `allFlags` (common-flags.ts) adds the target and common ones. */
  flags: readonly FlagSpec[];
  examples: readonly Example[];
  /** Whether --env/--url apply (false for scripts with no target, such as the sandbox). */
  targeted: boolean;
}

export const SAFETY_LABEL: Record<Safety, string> = {
  'read-only': 'read-only',
  'sends-load': 'sends load',
  'changes-deployment': 'changes a deployment',
  'local-only': 'local only',
};
