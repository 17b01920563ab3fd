/**
 * A progress bar for long runs (verify, replaying a big store): drawn on stderr when it is a
 * terminal, and nothing at all when output is piped, so scripts and logs stay clean.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A running progress bar.
 *
 * @category model
 * @since 0.1.0
 */
export interface Progress {
  /** Reports `done` of `total` (redrawn at most every `intervalMs`). */
  readonly update: (done: number, total: number) => void
  /** Erases the bar. */
  readonly finish: () => void
}

/**
 * Where the bar is drawn: a stream that may be a terminal (`process.stderr` fits).
 *
 * @category model
 * @since 0.1.0
 */
export interface ProgressOutput {
  readonly isTTY?: boolean
  readonly columns?: number
  readonly write: (text: string) => unknown
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const silent: Progress = { update: () => undefined, finish: () => undefined }

/**
 * The bar of one line, e.g. `verify [#########...........]  45%  4.5 MB / 10 MB`.
 *
 * @example
 * import { renderProgress } from './src/cli/Progress.js'
 * assert.strictEqual(renderProgress('scan', 1, 4, 8, String), 'scan [##      ]  25%  1 / 4')
 *
 * @category constructors
 * @since 0.1.0
 */
export const renderProgress = (
  label: string,
  done: number,
  total: number,
  width: number,
  unit: (n: number) => string,
): string => {
  const ratio = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total))
  const filled = Math.round(ratio * width)
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4)
  return `${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${percent}  ${unit(done)} / ${unit(total)}`
}

/**
 * Bytes as B, kB, MB or GB.
 *
 * @category constructors
 * @since 0.1.0
 */
export const formatBytes = (bytes: number): string =>
  bytes < 1_000
    ? `${bytes} B`
    : bytes < 1_000_000
      ? `${(bytes / 1_000).toFixed(1)} kB`
      : bytes < 1_000_000_000
        ? `${(bytes / 1_000_000).toFixed(1)} MB`
        : `${(bytes / 1_000_000_000).toFixed(2)} GB`

/**
 * A progress bar on `output` when it is a terminal, a silent one otherwise. The first frame
 * waits `delayMs` so quick runs never flash a bar.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeProgress = (
  label: string,
  options: {
    readonly output?: ProgressOutput
    readonly unit?: (n: number) => string
    readonly intervalMs?: number
    readonly delayMs?: number
    readonly now?: () => number
  } = {},
): Progress => {
  const output = options.output ?? process.stderr
  if (output.isTTY !== true) return silent
  const unit = options.unit ?? String
  const interval = options.intervalMs ?? 100
  const now = options.now ?? (() => performance.now())
  const startedAt = now()
  let lastDrawn = Number.NEGATIVE_INFINITY
  let drawn = false
  return {
    update: (done, total) => {
      const at = now()
      if (at - startedAt < (options.delayMs ?? 200) || at - lastDrawn < interval) return
      lastDrawn = at
      drawn = true
      const width = Math.max(10, Math.min(40, (output.columns ?? 80) - label.length - 40))
      output.write(`\r${renderProgress(label, done, total, width, unit)}\x1b[K`)
    },
    finish: () => {
      if (drawn) output.write('\r\x1b[K')
      drawn = false
    },
  }
}
