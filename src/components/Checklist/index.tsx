import React, { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import clsx from 'clsx';
import Link from '@docusaurus/Link';
import CopyButton from '@site/src/components/CopyButton';
import { useBlockCommand } from '@site/src/components/RunCommand';
import { checklistKey, useTicks } from './store';
import styles from './styles.module.css';

interface Ctx {
  ticks: ReadonlySet<string>;
  toggle: (id: string, on: boolean) => void;
  register: (id: string) => void;
  domId: (itemId: string) => string;
}
const ChecklistContext = createContext<Ctx | null>(null);

/** Props written by the remark plugin (src/remark/handbook/checklist.ts). */
export interface ChecklistProps {
  pageId: string;
  checklistId: string;
  title: string;
  /** Number of bound items, as a string. */
  bound: string;
  verifyShape: string;
  verifyCommand: string;
  verifyHref: string;
  children?: ReactNode;
}

/** A checklist whose ticks persist per page, with a reset and the command that verifies every bound item. */
export default function Checklist({ pageId, checklistId, title, bound, verifyShape, verifyHref, children }: ChecklistProps): ReactNode {
  const { ticks, toggle, reset } = useTicks(checklistKey(pageId, checklistId));
  const [items, setItems] = useState<string[]>([]);
  const { command } = useBlockCommand(verifyShape, 'local', false);
  const ctx: Ctx = {
    ticks,
    toggle,
    register: (id) => setItems((prev) => (prev.includes(id) ? prev : [...prev, id])),
    domId: (itemId) => `cl-${checklistId}-${itemId}`,
  };
  const done = items.filter((i) => ticks.has(i)).length;
  const headingId = `checklist-${checklistId}`;
  return (
    <section className={styles.checklist} aria-labelledby={headingId} data-checklist={`${pageId}/${checklistId}`}>
      <header className={styles.header}>
        <p className={styles.title} id={headingId}>
          {title}
        </p>
        <span className={styles.progress} aria-live="polite">
          {done} of {items.length} done
        </span>
      </header>
      <ChecklistContext.Provider value={ctx}>{children}</ChecklistContext.Provider>
      <footer className={styles.footer}>
        <button type="button" className="button button--sm button--outline button--secondary" onClick={reset} disabled={!ticks.size}>
          Reset ticks
        </button>
        {Number(bound) > 0 ? (
          <>
            <CopyButton text={command} label={`Copy the command that verifies every bound item of ${title}`}>
              Copy verify command
            </CopyButton>
            <code className={styles.verify} data-verify-command="">
              {command}
            </code>
            <Link to={verifyHref} className={styles.small}>
              how the runner works
            </Link>
          </>
        ) : null}
      </footer>
    </section>
  );
}

/** The list of items (the remark plugin turns each markdown list inside a checklist into one of these). */
export function ChecklistItems({ children }: { children?: ReactNode }): ReactNode {
  return <ul className={styles.items}>{children}</ul>;
}

interface ItemProps {
  itemId: string;
  check?: string;
  checkCommand?: string;
  checkTitle?: string;
  checkHref?: string;
  children?: ReactNode;
}

/** One item: a checkbox whose tick persists, and the check that verifies it when bound. */
export function ChecklistItem({ itemId, check, checkTitle, checkHref, children }: ItemProps): ReactNode {
  const ctx = useContext(ChecklistContext);
  useEffect(() => ctx?.register(itemId), [itemId]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!ctx) return <li>{children}</li>;
  const id = ctx.domId(itemId);
  const checked = ctx.ticks.has(itemId);
  return (
    <li className={clsx(styles.item, checked && styles.done)} data-item={itemId}>
      <input type="checkbox" id={id} checked={checked} onChange={(e) => ctx.toggle(itemId, e.currentTarget.checked)} />
      <label htmlFor={id}>{children}</label>
      {check && checkHref ? (
        <Link to={checkHref} className={styles.check} title={checkTitle ?? `verified by the ${check} script`}>
          verified by {check}
        </Link>
      ) : (
        <span className={styles.manual}>manual</span>
      )}
    </li>
  );
}
