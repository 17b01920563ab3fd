// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import importPlugin from 'eslint-plugin-import'

/** What the pure layers (kernel, codec) may never reach for: I/O, effect, the clock, randomness. */
const impureImports = {
  patterns: [
    { group: ['node:*'], message: 'The pure core does no I/O: no node:* imports.' },
    {
      group: ['effect', 'effect/*', '@effect/*'],
      message: 'The pure core does not depend on effect.',
    },
    {
      group: ['fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'pg'],
      message: 'The pure core does no I/O.',
    },
    {
      group: ['**/runtime/**', '**/adapters/**', '**/store/**', '**/cli/**', '**/testing/**'],
      message: 'The pure core does not import the outer layers.',
    },
  ],
}
const impureCalls = [
  { object: 'Date', property: 'now', message: 'Time arrives in commands or metadata.' },
  { object: 'Math', property: 'random', message: 'Randomness arrives from outside the pure core.' },
  { object: 'crypto', property: 'randomUUID', message: 'Ids arrive in commands or metadata.' },
  { object: 'performance', property: 'now', message: 'Time arrives in commands or metadata.' },
]

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'docs/api/**',
      'foldwise-data/**',
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { import: importPlugin },
    settings: {
      'import/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import/resolver': { typescript: { project: './tsconfig.json' } },
    },
    rules: {
      'import/no-cycle': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/kernel/**/*.ts', 'src/codec/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', impureImports],
      'no-restricted-properties': ['error', ...impureCalls],
      'no-restricted-globals': [
        'error',
        { name: 'crypto', message: 'Ids arrive in commands or metadata.' },
        { name: 'process', message: 'The pure core does not read the environment.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Time arrives in commands or metadata.',
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
)
