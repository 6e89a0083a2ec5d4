/**
 * The ledger: what the handbook's commands did, as append-only JSON lines under the state
 * directory (ledger.jsonl), one record per deploy step, rollback, incident event and drill
 * step. Each append is one write of one line followed by fsync, so a process killed at any
 * moment leaves every acknowledged record whole; a torn last line (killed mid-write) is
 * skipped on reading. Deploys read it for the staging-first rule, incidents for their
 * timeline. It holds no secret: records pass the caller's redactor.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';

/** Every record: when, what kind, who, and the command's own fields. */
export interface LedgerRecord {
  at: string;
  kind: string;
  [field: string]: unknown;
}

export const ledgerPath = (stateDir: string) => join(stateDir, 'ledger.jsonl');

/** The operator, as the ledger names them: $RUNBOOKS_OPERATOR, else the login name. */
export function operator(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNBOOKS_OPERATOR || env.USER || env.LOGNAME || env.USERNAME || accountName() || 'unknown';
}

/** The OS account running this, when no variable names it (a container, a cron job). */
function accountName(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    return undefined;
  }
}

export interface Ledger {
  readonly path: string;
  /** Appends one record (its time is set now unless given) and flushes it to disk before returning. */
  append(record: Omit<LedgerRecord, 'at'> & { at?: string }): LedgerRecord;
}

/** A ledger in `stateDir`; `redact` is applied to each line before it is written. */
export function openLedger(stateDir: string, redact: (line: string) => string = (s) => s): Ledger {
  const path = ledgerPath(stateDir);
  return {
    path,
    append(record) {
      const full = { ...record, at: record.at ?? new Date().toISOString() } as LedgerRecord;
      mkdirSync(dirname(path), { recursive: true });
      // One write of one whole line, then fsync: a record on disk is complete or absent.
      const fd = openSync(path, 'a', 0o600);
      try {
        writeSync(fd, redact(JSON.stringify(full)) + '\n');
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      return full;
    },
  };
}

/** Every whole record, oldest first, optionally of some kinds; a torn or foreign line is skipped. */
export function readLedger(stateDir: string, kinds?: readonly string[]): LedgerRecord[] {
  const path = ledgerPath(stateDir);
  if (!existsSync(path)) return [];
  const out: LedgerRecord[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as LedgerRecord;
      if (typeof r.at === 'string' && typeof r.kind === 'string' && (!kinds || kinds.includes(r.kind)))
        out.push(r);
    } catch {
      // A line cut by a kill mid-write: the records before it stand.
    }
  }
  return out;
}
