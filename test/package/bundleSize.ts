/**
 * The kernel's size in a browser bundle *with* its peer libraries (fp-ts, io-ts) bundled in, as
 * a browser app that does not otherwise use them ships it: esbuild, platform=browser, minified,
 * gzipped at level 9. Run by hand with `npx tsx test/package/bundleSize.ts`; README's size row
 * quotes these figures.
 */
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Bytes minified and gzipped of a browser bundle of `contents` (an ES module source). */
export const bundleBytes = async (
  contents: string,
): Promise<{ readonly minified: number; readonly gzipped: number }> => {
  const result = await build({
    absWorkingDir: root,
    stdin: { contents, resolveDir: root, sourcefile: 'entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength }
}

/** The entries README quotes. */
export const bundleEntries: ReadonlyArray<{ readonly name: string; readonly contents: string }> = [
  { name: 'kernel', contents: "export * from './src/index.ts'" },
  {
    name: 'kernel + codec',
    contents: "export * from './src/index.ts'\nexport * from './src/codec/index.ts'",
  },
]

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const { name, contents } of bundleEntries) {
    const { minified, gzipped } = await bundleBytes(contents)
    console.log(
      `${name}: ${(minified / 1024).toFixed(1)} kB minified, ${(gzipped / 1024).toFixed(1)} kB gzipped (fp-ts/io-ts included)`,
    )
  }
}
