/**
 * The boundaries of DESIGN.md, as rules `npm run lint` enforces (scripts/deps.mjs runs
 * them, and also refuses any cycle between the folders of runbooks/lib, which
 * dependency-cruiser's own rules cannot see). Paths are relative to the cruised root.
 */
const LIB = '^runbooks/lib/';

module.exports = {
  forbidden: [
    {
      name: 'no-module-cycles',
      comment: 'A module that imports itself through others: split the shared part out.',
      severity: 'error',
      from: { path: LIB },
      to: { circular: true },
    },
    {
      name: 'engine-not-sandbox',
      comment:
        'The load engine, probes and every other library folder work against any target; only the sandbox itself (and its shell, and tests) may import it. The fault catalogue lives in runbooks/lib/faults for everyone else.',
      severity: 'error',
      from: { path: LIB, pathNot: `${LIB}sandbox/` },
      to: { path: `${LIB}sandbox/` },
    },
    {
      name: 'library-not-shells',
      comment:
        'The library never imports a script shell (runbooks/<name>.ts): shells are thin and call the library, never the other way.',
      severity: 'error',
      from: { path: LIB },
      to: { path: '^runbooks/[^/]+\\.ts$' },
    },
    {
      name: 'library-not-site',
      comment: 'The runbooks never import the site: the site reads the library, not the reverse.',
      severity: 'error',
      from: { path: '^runbooks/' },
      to: { path: '^src/' },
    },
    {
      name: 'faults-are-data',
      comment: 'The fault catalogue is data every reader can load: it imports nothing but units.',
      severity: 'error',
      from: { path: `${LIB}faults/` },
      to: { path: LIB, pathNot: [`${LIB}faults/`, `${LIB}units/`] },
    },
    {
      name: 'sections-are-a-leaf',
      comment:
        'The map of page sections is read by the monitor, the incident and drill tools, Slack messages and the site: it imports nothing of the library, so none of them gets a cycle through it.',
      severity: 'error',
      from: { path: `${LIB}sections/` },
      to: { path: LIB, pathNot: `${LIB}sections/` },
    },
    {
      name: 'units-are-leaves',
      comment: 'units and the error table are imported by everything, so they import nothing of the library.',
      severity: 'error',
      from: { path: [`${LIB}units/`, `${LIB}errors/exit-codes`, `${LIB}config/environments`] },
      to: { path: LIB, pathNot: [`${LIB}units/`, `${LIB}errors/exit-codes`, `${LIB}config/environments`] },
    },
    {
      name: 'runtime-imports-are-dependencies',
      comment:
        'What a runbook imports at run time (the scripts, the library, the page parser checklist.ts and deploy.ts use) and what the site imports to build is a dependency, not a devDependency: an install without dev dependencies (npm ci --omit=dev) must still run them. Type-only imports vanish when compiled.',
      severity: 'error',
      from: { path: '^(runbooks|src)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    // runbooks/package.json only names the alias: a package's kind (dependency or dev) is the root's.
    combinedDependencies: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // node_modules is not cruised (doNotFollow) but stays visible as a dependency, so the
    // rules can see which package a module imports and whether it is a dev dependency.
    exclude: { path: ['^build/', '^\\.docusaurus/'] },
    doNotFollow: { path: 'node_modules' },
  },
};
