import { useCallback, useEffect, useState } from 'react';

/**
 * localStorage key of one checklist's ticks: per environment, page and checklist, so a
 * drill on local never shows as progress on production, and two pages never mix.
 */
export const checklistKey = (env: string, pageId: string, checklistId: string) =>
  `handbook.checklist:${env}:${pageId}/${checklistId}`;

function load(key: string): string[] {
  try {
    const v = JSON.parse(window.localStorage.getItem(key) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Ticked item ids, persisted; empty on the server and until mounted (no hydration mismatch). */
export function useTicks(key: string) {
  const [ticks, setTicks] = useState<ReadonlySet<string>>(new Set());
  const [ready, setReady] = useState(false);
  useEffect(() => {
    setTicks(new Set(load(key)));
    setReady(true);
  }, [key]);
  const save = useCallback(
    (next: Set<string>) => {
      setTicks(next);
      try {
        if (next.size) window.localStorage.setItem(key, JSON.stringify([...next]));
        else window.localStorage.removeItem(key);
      } catch {
        /* storage disabled: ticks last for this page view */
      }
    },
    [key],
  );
  const toggle = useCallback(
    (id: string, on: boolean) => {
      setTicks((prev) => {
        const next = new Set(prev);
        if (on) next.add(id);
        else next.delete(id);
        save(next);
        return next;
      });
    },
    [save],
  );
  return { ticks, ready, toggle, reset: () => save(new Set()) };
}
