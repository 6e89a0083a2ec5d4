/**
 * The checklist runner's side effects on a terminal: bound items as child processes (their
 * output relayed, redacted, through the caller) and manual items asked on a TTY. Ctrl-D at
 * a prompt ends the asking: that item and every later manual one are left unverified.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { RunDeps } from './run';

/** Runs argv from `cwd`; its output goes to `relay` (the shell redacts and prints it). */
export function spawnItem(
  cwd: string,
  env: NodeJS.ProcessEnv,
  relay: (text: string) => void,
): RunDeps['spawn'] {
  return (argv, { signal, timeoutMs, hermetic }) =>
    new Promise((done) => {
      // The shipped config for hermetic items (the handbook's own tests), whatever the operator set.
      const childEnv = hermetic ? { ...env, RUNBOOKS_CONFIG: undefined } : env;
      const child = spawn(argv[0]!, argv.slice(1), { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      const forward = (chunk: Buffer) => relay(chunk.toString());
      child.stdout.on('data', forward);
      child.stderr.on('data', forward);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGTERM');
      }, timeoutMs);
      const onAbort = () => child.kill('SIGINT');
      signal.addEventListener('abort', onAbort, { once: true });
      child.on('error', () => done({ code: 127 }));
      child.on('close', (code) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        done({ code, timedOut });
      });
    });
}

/** Asks about manual items on `input`; returns the asker and a close function. */
export function terminalAsker(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): { ask: NonNullable<RunDeps['ask']>; line: (q: string) => Promise<string>; close: () => void } {
  const rl = createInterface({ input, output });
  let ended = false;
  rl.on('close', () => (ended = true));
  const question = (q: string) =>
    new Promise<string | undefined>((resolve) => {
      const onClose = () => resolve(undefined);
      rl.once('close', onClose);
      rl.question(q, (a) => {
        rl.off('close', onClose);
        resolve(a);
      });
    });
  return {
    ask: async (item) => {
      if (ended) return 'skip';
      const a = await question(`  ? ${item.text} — done? [y]es / [n]o / Enter to leave unverified: `);
      if (a === undefined) {
        output.write('\n  (input ended: this and the remaining manual items are left unverified)\n');
        return 'skip';
      }
      const t = a.trim().toLowerCase();
      return t.startsWith('y') ? 'yes' : t.startsWith('n') ? 'no' : 'skip';
    },
    /** One free-text answer ('' when input has ended). */
    line: async (q) => (ended ? '' : ((await question(q)) ?? '')),
    close: () => rl.close(),
  };
}

/** Where a run record goes: <state>/checklists/<page>__<list>/<time>-<env>.json. */
export function recordPath(stateDir: string, ref: string, startedAt: string, env: string): string {
  return join(
    stateDir,
    'checklists',
    ref.replace(/\//g, '__'),
    `${startedAt.replace(/[:.]/g, '-')}-${env}.json`,
  );
}
