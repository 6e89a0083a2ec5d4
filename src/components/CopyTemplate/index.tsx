import React, { useRef, type ReactNode } from 'react';
import CopyButton from '@site/src/components/CopyButton';
import styles from './styles.module.css';

/**
 * A message template (`:::template{name="…"}` in a page): the text as written, and a button
 * that copies it as the reader sees it, config values filled in and without Markdown marks,
 * ready to paste into Slack or a status page and edit.
 */
export default function CopyTemplate({ name, children }: { name: string; children?: ReactNode }): ReactNode {
  const body = useRef<HTMLDivElement>(null);
  return (
    <div className={styles.template} data-template={name}>
      <div ref={body} className={styles.body}>
        {children}
      </div>
      <CopyButton
        getText={() => (body.current?.innerText ?? '').trim()}
        label={`Copy the ${name} template`}
        className={styles.copy}
      >
        Copy message
      </CopyButton>
    </div>
  );
}
