import { usageError } from '../errors';

/**
 * A change to a protected environment needs --confirm-production typed by the operator, or
 * the service's name typed at a prompt. With neither (no terminal, no flag) it is refused
 * before any call. A dry run changes nothing and needs no confirmation.
 */
export async function confirmChange(o: {
  env: string;
  protected: boolean;
  flag: boolean;
  dryRun: boolean;
  serviceName: string;
  what: string;
  /** Asks on the terminal and resolves with what was typed; undefined when there is no terminal. */
  ask: ((question: string) => Promise<string>) | undefined;
}): Promise<'flag' | 'typed' | 'not-needed'> {
  if (!o.protected || o.dryRun) return 'not-needed';
  if (o.flag) return 'flag';
  if (!o.ask) {
    throw usageError(
      `${o.what} changes ${o.env}, a protected environment, and needs a confirmation; there is no terminal to ask on.`,
      `Type --confirm-production yourself if you mean it (no page adds it for you).`,
    );
  }
  const typed = (
    await o.ask(`${o.what} changes ${o.env}. Type the service's name (${o.serviceName}) to go on: `)
  ).trim();
  if (typed !== o.serviceName)
    throw usageError(
      `The name typed ("${typed}") is not ${o.serviceName}: nothing was changed.`,
      'Run it again and type the name exactly, or pass --confirm-production.',
    );
  return 'typed';
}
