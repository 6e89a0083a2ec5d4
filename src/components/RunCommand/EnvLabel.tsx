import React, { type ReactNode } from 'react';
import clsx from 'clsx';
import styles from './styles.module.css';

export type EnvSource = 'pinned' | 'picked' | 'written' | 'restricted';

/**
 * The environment a command targets, in words on the block itself: production is set in
 * capitals on a filled badge (text and shape, not colour alone), a block the reader has
 * not pointed anywhere says so instead of silently meaning local, and a block that did not
 * follow the pick says which environments it is for.
 */
export default function EnvLabel({
  env,
  source,
  refused,
  allowed,
}: {
  env: string;
  source: EnvSource;
  refused?: string | undefined;
  allowed?: readonly string[] | undefined;
}): ReactNode {
  const production = env === 'production';
  return (
    <span
      className={clsx(styles.target, production && styles.targetProduction)}
      data-env-label={env}
      data-env-refused={refused}
    >
      {source === 'pinned' ? 'only for ' : 'targets '}
      <strong>{production ? 'PRODUCTION' : env}</strong>
      {source === 'written' ? ', as written (no environment picked)' : ''}
      {source === 'restricted' && refused
        ? `, as written: this command is for ${(allowed ?? []).join(' and ')} only, never ${refused}`
        : ''}
    </span>
  );
}
