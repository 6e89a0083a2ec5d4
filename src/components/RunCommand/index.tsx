import React, { useMemo, type ReactNode } from 'react';
import clsx from 'clsx';
import Link from '@docusaurus/Link';
import { shapeCommand, type CommandShape } from '@holisticos/runbooks/pages/render';
import { useHandbookEnv } from '@site/src/lib/env-store';
import CopyButton from '@site/src/components/CopyButton';
import styles from './styles.module.css';

/** Props written by the remark plugin (src/remark/handbook/run.ts): all strings, as MDX attributes are. */
export interface RunCommandProps {
  script: string;
  /** JSON of the CommandShape: enough to rebuild the command for another environment. */
  shape: string;
  /** The environment the block was written for. */
  env: string;
  /** "true" when the block ignores the picker (e.g. sandbox-only commands). */
  pinned?: string;
  /** The command as built at build time (for the written environment). */
  command: string;
  safety: string;
  safetyLabel: string;
  href: string;
  caption?: string;
}

/** The command a block shows: the picked environment unless pinned. */
export function useBlockCommand(shapeJson: string, env: string, pinned: boolean): { command: string; env: string } {
  const picked = useHandbookEnv();
  const shape = useMemo(() => JSON.parse(shapeJson) as CommandShape, [shapeJson]);
  const effective = pinned || !shape.targeted ? env : (picked ?? env);
  return { command: shapeCommand(shape, shape.targeted ? effective : undefined), env: effective };
}

/** A bound command block: the exact command from the registry, a copy button, the safety badge and the reference link. */
export default function RunCommand({ script, shape, env, pinned, safety, safetyLabel, href, caption }: RunCommandProps): ReactNode {
  const isPinned = pinned === 'true';
  const { command, env: effective } = useBlockCommand(shape, env, isPinned);
  const targeted = (JSON.parse(shape) as CommandShape).targeted;
  return (
    <figure className={clsx(styles.block, effective === 'production' && targeted && styles.production)} data-run-script={script} data-env={targeted ? effective : undefined}>
      {caption ? <figcaption className={styles.caption}>{caption}</figcaption> : null}
      <div className={styles.row}>
        <pre className={styles.pre} tabIndex={0} aria-label={`Command: ${script}`}>
          <code data-command="">{command}</code>
        </pre>
        <CopyButton text={command} label={`Copy the ${script} command`} />
      </div>
      <div className={styles.meta}>
        <span className={clsx(styles.badge, styles[`safety-${safety}`])} title="What running it can do">
          {safetyLabel}
        </span>
        {targeted ? <span className={styles.env}>{isPinned ? `only for ${env}` : `environment: ${effective}`}</span> : null}
        <Link to={href} className={styles.ref}>
          {script} reference
        </Link>
      </div>
    </figure>
  );
}
