import React, { useEffect, useState, type ReactNode } from 'react';
import clsx from 'clsx';
import { copyText } from '@site/src/lib/clipboard';
import styles from './styles.module.css';

type Source = { text: string; getText?: never } | { text?: never; getText: () => string };

type Props = Source & {
  /** Accessible name, e.g. "Copy command". */
  label: string;
  children?: ReactNode;
  className?: string;
};

/**
 * A button that copies `text` (or what `getText()` returns at the moment of the click, for
 * content read from the page) and says so for two seconds (announced to screen readers).
 */
export default function CopyButton({ text, getText, label, children, className }: Props): ReactNode {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <button
      type="button"
      className={clsx('button button--sm button--secondary', styles.copy, className)}
      aria-label={label}
      data-copy={text}
      onClick={async () => setState((await copyText(getText ? getText() : text)) ? 'copied' : 'failed')}
    >
      <span aria-hidden="true">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : (children ?? 'Copy')}
      </span>
      <span className={styles.live} role="status" aria-live="polite">
        {state === 'copied'
          ? 'Copied to the clipboard'
          : state === 'failed'
            ? 'Could not copy; select the text instead'
            : ''}
      </span>
    </button>
  );
}
