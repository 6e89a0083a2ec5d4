import React, { type ReactNode } from 'react';
import clsx from 'clsx';
import styles from './styles.module.css';

export type EnvSource = 'pinned' | 'picked' | 'written';

/**
 * The environment a command targets, in words on the block itself: production is set in
 * capitals on a filled badge (text and shape, not colour alone), and a block the reader has
 * not pointed anywhere says so instead of silently meaning local.
 */
export default function EnvLabel({ env, source }: { env: string; source: EnvSource }): ReactNode {
  const production = env === 'production';
  return (
    <span className={clsx(styles.target, production && styles.targetProduction)} data-env-label={env}>
      {source === 'pinned' ? 'only for ' : 'targets '}
      <strong>{production ? 'PRODUCTION' : env}</strong>
      {source === 'written' ? ', as written (no environment picked)' : ''}
    </span>
  );
}
