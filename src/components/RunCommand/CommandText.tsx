import React, { type ReactNode } from 'react';
import styles from './styles.module.css';

/**
 * A command as unbreakable words joined by ordinary spaces, so it wraps between words and
 * never inside one. CSS alone cannot say that: browsers also break after "-" and "/", which
 * split `--publish` or `deployment-runbook/pre-deploy` across lines. The text content is
 * the command unchanged (what screen readers read and what selection copies).
 */
export default function CommandText({ command }: { command: string }): ReactNode {
  return command.split(' ').map((word, i) => (
    <React.Fragment key={i}>
      {i > 0 ? ' ' : null}
      <span className={styles.word}>{word}</span>
    </React.Fragment>
  ));
}
