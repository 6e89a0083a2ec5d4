import React, { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import clsx from 'clsx';
import Link from '@docusaurus/Link';
import CopyButton from '@site/src/components/CopyButton';
import { useBlockCommand } from '@site/src/components/RunCommand';
import EnvLabel from '@site/src/components/RunCommand/EnvLabel';
import CommandText from '@site/src/components/RunCommand/CommandText';
import { checklistKey, useTicks } from './store';
import { checklistMarkdown, readChecklistLines } from './markdown';
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

/**
 * A checklist whose ticks persist per environment and page, with a reset, a copy as
 * Markdown for the incident channel, and the command that verifies every bound item.
 * The environment is the picker's (local until one is picked), like the commands'.
 */
export default function Checklist({
  pageId,
  checklistId,
  title,
  bound,
  verifyShape,
  verifyHref,
  children,
}: ChecklistProps): ReactNode {
  const verify = useBlockCommand(verifyShape, 'local', false);
  const { ticks, toggle, reset } = useTicks(checklistKey(verify.env, pageId, checklistId));
  const [items, setItems] = useState<string[]>([]);
  const body = useRef<HTMLDivElement>(null);
  const ctx: Ctx = {
    ticks,
    toggle,
    register: (id) => setItems((prev) => (prev.includes(id) ? prev : [...prev, id])),
    domId: (itemId) => `cl-${checklistId}-${itemId}`,
  };
  const done = items.filter((i) => ticks.has(i)).length;
  const headingId = `checklist-${checklistId}`;
  return (
    <section
      className={styles.checklist}
      aria-labelledby={headingId}
      data-checklist={`${pageId}/${checklistId}`}
      data-env={verify.env}
    >
      <header className={styles.header}>
        <p className={styles.title} id={headingId}>
          {title}
        </p>
        <span className={styles.progress} aria-live="polite">
          {done} of {items.length} done · <EnvLabel env={verify.env} source={verify.source} />
        </span>
      </header>
      <div ref={body}>
        <ChecklistContext.Provider value={ctx}>{children}</ChecklistContext.Provider>
      </div>
      <footer className={styles.footer}>
        <button
          type="button"
          className="button button--sm button--outline button--secondary"
          onClick={reset}
          disabled={!ticks.size}
        >
          Reset ticks
        </button>
        <CopyButton
          getText={() =>
            checklistMarkdown(title, verify.env, body.current ? readChecklistLines(body.current) : [])
          }
          label={`Copy ${title} as Markdown, with its ticks for ${verify.env}`}
        >
          Copy as Markdown
        </CopyButton>
        {Number(bound) > 0 ? (
          <>
            <CopyButton
              text={verify.command}
              label={`Copy the command that verifies every bound item of ${title}`}
            >
              Copy verify command
            </CopyButton>
            <code className={styles.verify} data-verify-command="" tabIndex={0}>
              <CommandText command={verify.command} />
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
  /** What verifies the item as written: the command (scripts, commands) or what a built-in check looks at. */
  checkCommand?: string;
  /** JSON of the script check's CommandShape, so its command follows the picker. */
  checkShape?: string;
  /** script, command (not ours, e.g. npm test) or builtin (no process: a look at the reports). */
  checkKind?: string;
  checkTitle?: string;
  checkHref?: string;
  /** The environments the check applies to, when not all ("staging, production"). */
  checkEnvs?: string;
  children?: ReactNode;
}

/** A script check's command, for the picked environment (the checklist's written one until a pick). */
function ScriptCheckCommand({ shape }: { shape: string }): ReactNode {
  const block = useBlockCommand(shape, 'local', false);
  return <CommandText command={block.command} />;
}

/**
 * What a bound item runs, under its text: the first fifteen minutes promise their
 * commands, and a badge alone ("verified by smoke") does not say which.
 */
function CheckCommand({
  command,
  shape,
  kind,
}: {
  command: string;
  shape?: string;
  kind?: string;
}): ReactNode {
  if (kind === 'builtin')
    return (
      <span className={styles.checkCommand} data-check-command="">
        checks: {command}
      </span>
    );
  return (
    <code className={styles.checkCommand} data-check-command="" tabIndex={0}>
      {shape ? <ScriptCheckCommand shape={shape} /> : <CommandText command={command} />}
    </code>
  );
}

/** One item: a checkbox whose tick persists, and the check that verifies it when bound: its badge and its command. */
export function ChecklistItem({
  itemId,
  check,
  checkCommand,
  checkShape,
  checkKind,
  checkTitle,
  checkHref,
  checkEnvs,
  children,
}: ItemProps): ReactNode {
  const ctx = useContext(ChecklistContext);
  // The context is a new object on every tick; an item registers once, when it mounts.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- registering is once per item, not per tick
  useEffect(() => ctx?.register(itemId), [itemId]);
  if (!ctx) return <li>{children}</li>;
  const id = ctx.domId(itemId);
  const checked = ctx.ticks.has(itemId);
  return (
    <li className={clsx(styles.item, checked && styles.done)} data-item={itemId}>
      <input
        type="checkbox"
        id={id}
        checked={checked}
        onChange={(e) => ctx.toggle(itemId, e.currentTarget.checked)}
      />
      <label htmlFor={id}>{children}</label>
      {check && checkHref ? (
        <Link to={checkHref} className={styles.check} title={checkTitle ?? `verified by the ${check} script`}>
          verified by {check}
          {checkEnvs ? ` (${checkEnvs})` : null}
        </Link>
      ) : (
        <span className={styles.manual}>manual</span>
      )}
      {check && checkCommand ? (
        <CheckCommand command={checkCommand} shape={checkShape} kind={checkKind} />
      ) : null}
    </li>
  );
}
