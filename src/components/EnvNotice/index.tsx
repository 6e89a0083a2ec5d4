import React, { type ReactNode } from 'react';
import clsx from 'clsx';
import { ENVIRONMENTS, setHandbookEnv, useHandbookEnv } from '@site/src/lib/env-store';
import styles from './styles.module.css';

/**
 * For the pages used under pressure (deploy, incident): until the reader picks an
 * environment, say plainly that the commands target the one they were written for (local,
 * the sandbox) and offer the choice right here. The choice is the picker's, remembered for
 * every page; once made, one line says where the commands now point.
 */
export default function EnvNotice({ written = 'local' }: { written?: string }): ReactNode {
  const env = useHandbookEnv();
  if (env) {
    return (
      <p
        className={clsx(styles.picked, env === 'production' && styles.production)}
        data-env-notice="picked"
        role="status"
      >
        Commands on this page target <strong>{env === 'production' ? 'PRODUCTION' : env}</strong>. Change it
        with the environment picker in the navigation bar.
      </p>
    );
  }
  return (
    <aside className={styles.notice} data-env-notice="unpicked" aria-labelledby="env-notice-title">
      <p id="env-notice-title" className={styles.title}>
        No environment picked
      </p>
      <p>
        Until you pick one, the commands on this page target <strong>{written}</strong>
        {written === 'local' ? ' (the sandbox on this machine)' : ''}, except where a block names another.
        Which environment are you working on?
      </p>
      <div className={styles.choices} role="group" aria-label="Pick the environment for every command">
        {ENVIRONMENTS.map((e) => (
          <button
            key={e}
            type="button"
            className={clsx('button button--sm button--secondary', e === 'production' && styles.prodChoice)}
            onClick={() => setHandbookEnv(e)}
          >
            {e}
          </button>
        ))}
      </div>
    </aside>
  );
}
