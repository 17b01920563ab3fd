/**
 * Embedding walkthrough (docs/embedding.md), part 3: bundling a module of the pure core for
 * browsers with esbuild. Used by embedding.test.ts.
 *
 * @since 0.1.0
 */
// #region bundle
import { build } from 'esbuild'

/** One browser script from `entry`; its exports become the global `globalName`. */
export const bundleForBrowser = async (entry: string, globalName: string) => {
  const result = await build({
    entryPoints: [entry],
    bundle: true, // fp-ts, io-ts and foldwise go in; nothing is left external
    platform: 'browser', // a `node:*` import is a build error, not a runtime surprise
    format: 'iife',
    globalName,
    target: 'es2022',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  return {
    code: result.outputFiles[0]?.text ?? '',
    inputs: Object.keys(result.metafile.inputs),
  }
}
// #endregion bundle
