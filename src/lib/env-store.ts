import { useSyncExternalStore } from 'react';

/**
 * The environment the reader picked (local / staging / production), shared by every command
 * block and checklist on every page, kept in localStorage so it survives navigation and
 * reloads. `null` until the reader picks: blocks then show the environment they were written for.
 */
import { ENVIRONMENT_NAMES, type EnvironmentName } from '@holisticos/runbooks/config/environments';

export const ENVIRONMENTS = ENVIRONMENT_NAMES;
export type HandbookEnv = EnvironmentName;

const KEY = 'handbook.env';
const EVENT = 'handbook:env';

function read(): HandbookEnv | null {
  try {
    const v = window.localStorage.getItem(KEY);
    return (ENVIRONMENTS as readonly string[]).includes(v ?? '') ? (v as HandbookEnv) : null;
  } catch {
    return null; // storage disabled: the picker still works for this page view
  }
}

let memory: HandbookEnv | null = null;

function subscribe(onChange: () => void): () => void {
  window.addEventListener('storage', onChange);
  window.addEventListener(EVENT, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(EVENT, onChange);
  };
}

/** Sets (or clears, with null) the picked environment for every block on every page. */
export function setHandbookEnv(env: HandbookEnv | null): void {
  memory = env;
  try {
    if (env) window.localStorage.setItem(KEY, env);
    else window.localStorage.removeItem(KEY);
  } catch {
    /* storage disabled */
  }
  window.dispatchEvent(new Event(EVENT));
}

/** The picked environment; null on the server and until the reader picks one. */
export function useHandbookEnv(): HandbookEnv | null {
  return useSyncExternalStore(
    subscribe,
    () => read() ?? memory,
    () => null,
  );
}
