import React, { type ReactNode } from 'react';
import clsx from 'clsx';
import { ENVIRONMENTS, setHandbookEnv, useHandbookEnv, type HandbookEnv } from '@site/src/lib/env-store';
import styles from './styles.module.css';

/** The navbar's environment picker: rewrites --env in every command block, on every page, remembered across reloads. */
export default function EnvPicker({ mobile }: { mobile?: boolean }): ReactNode {
  const env = useHandbookEnv();
  const select = (
    <label className={clsx(styles.picker, env === 'production' && styles.production, mobile && 'menu__link')}>
      <span className={styles.label}>Environment</span>
      <select
        value={env ?? ''}
        data-env-picker=""
        onChange={(e) => setHandbookEnv((e.currentTarget.value || null) as HandbookEnv | null)}
      >
        <option value="">as written</option>
        {ENVIRONMENTS.map((e) => (
          <option key={e} value={e}>
            {e}
          </option>
        ))}
      </select>
    </label>
  );
  return mobile ? (
    <li className="menu__list-item">{select}</li>
  ) : (
    <div className="navbar__item">{select}</div>
  );
}
