/**
 * The command line of a bound block, from plain data. Dependency-free on purpose: the
 * site's browser bundle imports it to rewrite --env when the reader picks an environment,
 * and command.ts uses it at build time, so the page and the copy button can never differ.
 */
export interface CommandShape {
  script: string;
  positionals: readonly string[];
  flags: readonly string[];
  /** Whether the script takes --env. */
  targeted: boolean;
}

/** Quotes a token for a POSIX shell when it needs it. */
export function shellQuote(token: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(token) ? token : `'${token.replace(/'/g, `'\\''`)}'`;
}

/**
 * The argv after `npx`. Only --env changes with the environment: --confirm-production is
 * never added here, because that flag exists so that a person types it (a copied command
 * must not carry the confirmation for them).
 */
export function shapeArgv(shape: CommandShape, env: string | undefined): string[] {
  const argv = ['zx', `runbooks/${shape.script}.ts`, ...shape.positionals];
  if (shape.targeted && env) argv.push('--env', env);
  argv.push(...shape.flags);
  return argv;
}

/** The exact command an operator types. */
export function shapeCommand(shape: CommandShape, env: string | undefined): string {
  return ['npx', ...shapeArgv(shape, env)].map(shellQuote).join(' ');
}
