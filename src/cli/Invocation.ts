/**
 * How to run the CLI again from where the user is: the hints the CLI prints must work when
 * pasted. In a clone of foldwise, run through npm (`npm start`), `foldwise` is not on the PATH
 * and `npx foldwise` needs a build, so the hint goes through the `foldwise` npm script (tsx).
 * Run by `npx foldwise` from a project that installed the package, `foldwise` is not on the PATH
 * either (it is in node_modules/.bin), so the hint says `npx foldwise`.
 *
 * @since 0.1.0
 */

/**
 * The environment variables the choice depends on (npm sets them for its scripts).
 *
 * @category model
 * @since 0.1.0
 */
export interface InvocationEnv {
  readonly npm_package_name?: string | undefined
  readonly npm_lifecycle_event?: string | undefined
  /** `exec` under `npx` and `npm exec`. */
  readonly npm_command?: string | undefined
}

/**
 * A word quoted for a POSIX shell when it needs to be.
 *
 * @example
 * import { shellQuote } from './src/cli/Invocation.js'
 * assert.strictEqual(shellQuote('./foldwise-data'), './foldwise-data')
 * assert.strictEqual(shellQuote("my data's"), "'my data'\\''s'")
 *
 * @category hints
 * @since 0.1.0
 */
export const shellQuote = (word: string): string =>
  /^[\w./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`

/**
 * The command line that runs `foldwise` with `args`: through `npm run foldwise --` when npm
 * runs a script of the foldwise package itself (a fresh clone), `npx foldwise` when npx ran it,
 * else `foldwise`.
 *
 * @example
 * import { foldwiseCommandLine } from './src/cli/Invocation.js'
 * assert.strictEqual(
 *   foldwiseCommandLine(['read', './foldwise-data', 'account-1'], { npm_package_name: 'foldwise', npm_lifecycle_event: 'start' }),
 *   'npm run foldwise -- read ./foldwise-data account-1',
 * )
 * assert.strictEqual(
 *   foldwiseCommandLine(['read', './data', 'tally-1'], { npm_package_name: 'my-app', npm_lifecycle_event: 'npx', npm_command: 'exec' }),
 *   'npx foldwise read ./data tally-1',
 * )
 * assert.strictEqual(foldwiseCommandLine(['streams', 'my dir'], {}), "foldwise streams 'my dir'")
 *
 * @category hints
 * @since 0.1.0
 */
export const foldwiseCommandLine = (
  args: ReadonlyArray<string>,
  env: InvocationEnv = process.env,
): string => {
  const inClone = env.npm_package_name === 'foldwise' && env.npm_lifecycle_event !== undefined
  const command = inClone
    ? 'npm run foldwise --'
    : env.npm_command === 'exec'
      ? 'npx foldwise'
      : 'foldwise'
  return `${command} ${args.map(shellQuote).join(' ')}`
}
