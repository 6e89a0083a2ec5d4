import type { Config, EnvironmentName } from '@holisticos/runbooks/config/index';
import type { ScriptMeta } from '@holisticos/runbooks/registry/index';

/** Options of the handbook remark plugin (docusaurus.config.ts passes the loaded config and registry). */
export interface HandbookRemarkOptions {
  /** The validated runbooks config: `:cfg[…]` reads it. */
  config: Config;
  /** Script metadata: `::run{…}` and `:check[…]` are validated against it. */
  registry: readonly ScriptMeta[];
  /** Route prefix of the generated script reference pages (a script's page is `${referenceRoute}/${id}`). */
  referenceRoute?: string;
  /** Absolute path of the docs folder; a page's id is its path below it without the extension. */
  docsDir?: string;
  /** Environment shown in a block until the reader picks one. */
  defaultEnv?: EnvironmentName;
  /** Directive names other plugins own (Docusaurus admonitions); every other unknown name fails the build. */
  allowDirectives?: readonly string[];
  /** Repository root, to print file paths relative to it in errors. */
  rootDir?: string;
}

export type NormalizedOptions = Required<HandbookRemarkOptions>;

export const DEFAULTS = {
  referenceRoute: '/docs/reference/scripts',
  docsDir: 'docs',
  defaultEnv: 'local',
  allowDirectives: [
    'note',
    'tip',
    'info',
    'warning',
    'danger',
    'caution',
    'important',
    'secondary',
    'success',
  ],
  rootDir: process.cwd(),
} as const;

/** Fills defaults and checks the two options that have none. */
export function normalize(options: HandbookRemarkOptions): NormalizedOptions {
  if (!options?.config || !options.registry)
    throw new Error('the handbook remark plugin needs { config, registry } (see docusaurus.config.ts)');
  return {
    config: options.config,
    registry: options.registry,
    referenceRoute: (options.referenceRoute ?? DEFAULTS.referenceRoute).replace(/\/+$/, ''),
    docsDir: options.docsDir ?? DEFAULTS.docsDir,
    defaultEnv: options.defaultEnv ?? DEFAULTS.defaultEnv,
    allowDirectives: options.allowDirectives ?? DEFAULTS.allowDirectives,
    rootDir: options.rootDir ?? DEFAULTS.rootDir,
  };
}
