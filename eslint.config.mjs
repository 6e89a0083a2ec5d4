// ESLint (flat config): what types alone miss, and the house rules of STYLE.md that a
// linter can express. Layout is Prettier's (prettier.config.mjs), so no stylistic rule is
// on here; boundaries between folders are dependency-cruiser's (.dependency-cruiser.cjs);
// what neither can say (secrets in any tracked file) is scripts/lint-house.mjs.
//
// Type-aware rules (floating and misused promises) read the TypeScript project through

import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import eslintComments from '@eslint-community/eslint-plugin-eslint-comments';
import globals from 'globals';

/** Focused or skipped tests prove nothing once committed (node:test and Playwright Test alike). */
const FOCUSED_OR_SKIPPED = [
  {
    selector:
      "CallExpression[callee.type='MemberExpression'][callee.object.name=/^(it|test|describe|suite)$/][callee.property.name=/^(only|skip|fixme)$/]",
    message:
      'A focused or skipped test is committed: it proves nothing. Run one file with node --test <file>.',
  },
  {
    selector: "Property[key.name=/^(only|skip|todo)$/][value.type='Literal'][value.value=true]",
    message: 'A focused or skipped test is committed (only/skip/todo: true): it proves nothing.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'build/',
      '.docusaurus/',
      'test-results/',
      '.runbooks/',
      'static/reports/',
      'tools/artillery/',
      // Golden files and fixture trees a test reads as data (one breaks a rule on purpose).
      'tests/fixtures/',
    ],
  },

  js.configs.recommended,
  ...tseslint.configs.recommended,

  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { '@eslint-community/eslint-comments': eslintComments },
    rules: {
      // An unused name is dead code or a mistake; `_name` says "unused on purpose".
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Every disable comment names its rule and says why: `// eslint-disable-next-line <rule> -- <why>`.
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: [] }],
      '@eslint-community/eslint-comments/no-unlimited-disable': 'error',
    },
  },

  // Type-aware rules, on the TypeScript sources only.
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise nobody awaits loses its error and its ordering: await it, or say `void`.
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      // An async function where a plain callback is expected (an event handler, a forEach)
      // runs unawaited and its rejection goes nowhere.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },

  // Plain JavaScript (scripts/*.mjs, configs): no TypeScript project to read.
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  // CommonJS (the dependency-cruiser config, the benchmark's worker generators): require is its import.
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // The library: no `any` leaks out of it, and it never prints or exits (cli/ is the shell
  // every script runs in: it is where the toolkit writes and exits).
  {
    files: ['runbooks/lib/**/*.ts'],
    ignores: ['runbooks/lib/cli/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error'],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'exit',
          message: 'The library never exits: return an exit code or throw a RunbookError.',
        },
        {
          object: 'process',
          property: 'exitCode',
          message: 'The library never sets the exit code: return it to the script shell.',
        },
      ],
    },
  },
  { files: ['runbooks/lib/cli/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'error' } },

  // The site: browser globals, React's hooks rules, and the library reached through its
  // alias only (@holisticos/runbooks/<path>), so the site builds the same way from any folder.
  {
    files: ['src/**/*.{ts,tsx}', 'docusaurus.config.ts', 'sidebars.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\.?/.*runbooks/lib|@site/runbooks)',
              message:
                'The site reaches the library through one alias: import from @holisticos/runbooks/<path>.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },

  // Tests: nothing focused or skipped. They read arbitrary JSON bodies, so `any` is allowed
  // there (the library is where it must not leak).
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...FOCUSED_OR_SKIPPED],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },

  // A file past 400 lines holds two ideas (STYLE.md 13): split it, or say why it is one.
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
);
