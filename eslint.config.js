// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import importPlugin from 'eslint-plugin-import'

/**
 * What the pure layers may import, as an allow-list (anything else is refused): the kernel
 * imports fp-ts and its own files; the codecs add io-ts and the kernel. Globals are walled by
 * tsconfig.pure.json (ES2022 only, no ambient types); the rules below add the ES2022 members that
 * read the clock or draw randomness.
 */
const pureImports = (allowed, message) => ({
  patterns: [{ regex: `^(?!(${allowed.join('|')}))`, message }],
})
const kernelImports = pureImports(
  ['fp-ts(/|$)', '\\./'],
  'src/kernel imports only fp-ts and its own files.',
)
const codecImports = pureImports(
  ['fp-ts(/|$)', 'io-ts(/|$)', '\\./', '\\.\\./kernel/'],
  'src/codec imports only fp-ts, io-ts, its own files and src/kernel.',
)
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
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  // Cycles are looked for in the library's own modules: tests and scripts import them and are
  // imported by nothing in src, so they close no cycle there (checking every file took 24 s).
  { files: ['src/**/*.ts'], rules: { 'import/no-cycle': 'error' } },
  { files: ['src/kernel/**/*.ts'], rules: { 'no-restricted-imports': ['error', kernelImports] } },
  { files: ['src/codec/**/*.ts'], rules: { 'no-restricted-imports': ['error', codecImports] } },
  {
    files: ['src/kernel/**/*.ts', 'src/codec/**/*.ts'],
    rules: {
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
