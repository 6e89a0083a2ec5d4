import React, { useMemo, type ReactNode } from 'react';
import clsx from 'clsx';
import Link from '@docusaurus/Link';
import { shapeCommand, type CommandShape } from '@holisticos/runbooks/pages/render';
import { useHandbookEnv } from '@site/src/lib/env-store';
import CopyButton from '@site/src/components/CopyButton';
import EnvLabel, { type EnvSource } from './EnvLabel';
import CommandText from './CommandText';
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
  /** The environments the block may target, comma-separated, when not all; the picker leaves it as written elsewhere. */
  envs?: string;
  /** The command as built at build time (for the written environment). */
  command: string;
  safety: string;
  safetyLabel: string;
  href: string;
  caption?: string;
  /** The exit code the page says this command ends with here, and what it means. */
  expectExit?: string;
  /** The command keeps running; go on in another terminal once it prints this. */
  background?: string;
  expectMeaning?: string;
}

export interface BlockCommand {
  command: string;
  /** The environment the command targets now. */
  env: string;
  /** Why: pinned by the page, picked by the reader, as written until the reader picks, or as written because the pick is not allowed here. */
  source: EnvSource;
  targeted: boolean;
  /** The pick the block did not follow, and the environments it allows (source `restricted`). */
  refused?: string;
  allowed?: readonly string[] | undefined;
}

/**
 * The command a block shows: the picked environment unless pinned, or unless the block
 * allows only some environments (`envs`) and the pick is not among them; only --env changes.
 */
export function useBlockCommand(
  shapeJson: string,
  env: string,
  pinned: boolean,
  envs?: readonly string[],
): BlockCommand {
  const picked = useHandbookEnv();
  const shape = useMemo(() => JSON.parse(shapeJson) as CommandShape, [shapeJson]);
  const refused = picked !== null && envs !== undefined && !envs.includes(picked) ? picked : undefined;
  const source: EnvSource = pinned ? 'pinned' : refused ? 'restricted' : picked ? 'picked' : 'written';
  const effective = pinned || refused || !shape.targeted ? env : (picked ?? env);
  return {
    command: shapeCommand(shape, shape.targeted ? effective : undefined),
    env: effective,
    source,
    targeted: shape.targeted,
    ...(refused ? { refused, allowed: envs } : {}),
  };
}

/** A bound command block: the exact command from the registry, the environment it targets, a copy button, the safety badge and the reference link. */
export default function RunCommand({
  script,
  shape,
  env,
  pinned,
  envs,
  safety,
  safetyLabel,
  href,
  caption,
  expectExit,
  expectMeaning,
  background,
}: RunCommandProps): ReactNode {
  const allowed = useMemo(() => envs?.split(','), [envs]);
  const block = useBlockCommand(shape, env, pinned === 'true', allowed);
  const production = block.targeted && block.env === 'production';
  return (
    <figure
      className={clsx(styles.block, production && styles.production)}
      data-run-script={script}
      data-env={block.targeted ? block.env : undefined}
      data-env-source={block.targeted ? block.source : undefined}
    >
      {caption ? <figcaption className={styles.caption}>{caption}</figcaption> : null}
      <div className={styles.row}>
        <pre
          className={styles.pre}
          tabIndex={0}
          aria-label={`Command: ${script}${block.targeted ? `, targets ${block.env}` : ''}`}
        >
          <code data-command="">
            <CommandText command={block.command} />
          </code>
        </pre>
        <CopyButton
          text={block.command}
          label={`Copy the ${script} command${block.targeted ? ` (${block.env})` : ''}`}
        />
      </div>
      <div className={styles.meta}>
        {block.targeted ? (
          <EnvLabel env={block.env} source={block.source} refused={block.refused} allowed={block.allowed} />
        ) : null}
        <span className={clsx(styles.badge, styles[`safety-${safety}`])} title="What running it can do">
          {safetyLabel}
        </span>
        {expectExit !== undefined ? (
          <span className={styles.expect} data-expect-exit={expectExit} title={expectMeaning}>
            expect exit {expectExit}
          </span>
        ) : null}
        {background !== undefined ? (
          <span className={styles.expect} data-background="">
            keeps running: go on in another terminal once it prints “{background}”
          </span>
        ) : null}
        <Link to={href} className={styles.ref}>
          {script} reference
        </Link>
      </div>
    </figure>
  );
}
