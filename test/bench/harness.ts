/**
 * The benchmark harness: every `*.bench.ts` beside this file exports a default function that
 * returns its sections; `run.ts` runs them in one process and prints one table per section,
 * each row as a rate and a cost ratio against the section's hand-written baseline.
 */

export interface BenchRow {
  readonly name: string
  /** Operations (events, commands, records) per second. */
  readonly perSecond?: number
  /** Latencies in milliseconds, when the row measures single operations. */
  readonly p50Ms?: number
  readonly p99Ms?: number
  /** Free text: a size, a target, a note on what was measured. */
  readonly note?: string
}

export interface BenchSection {
  readonly title: string
  /** The name of the row every other row is compared to (cost ratio = baseline rate / row rate). */
  readonly baseline?: string
  readonly rows: ReadonlyArray<BenchRow>
}

export type Bench = () => Promise<ReadonlyArray<BenchSection>>

/** Runs `body` (which performs `operations` operations) `repeat` times; returns the best rate. */
export const bestRate = async (
  operations: number,
  body: () => unknown,
  repeat = 5,
): Promise<number> => {
  let best = 0
  for (let i = 0; i < repeat; i++) {
    const start = process.hrtime.bigint()
    await body()
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    best = Math.max(best, operations / seconds)
  }
  return best
}

/** Times each call of `body` for `count` calls; returns p50 and p99 in milliseconds and the rate. */
export const latencies = async (
  count: number,
  body: (i: number) => unknown,
): Promise<{ p50Ms: number; p99Ms: number; perSecond: number }> => {
  const samples = new Float64Array(count)
  const start = process.hrtime.bigint()
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint()
    await body(i)
    samples[i] = Number(process.hrtime.bigint() - t0) / 1e6
  }
  const totalSeconds = Number(process.hrtime.bigint() - start) / 1e9
  samples.sort()
  const at = (q: number) => samples[Math.min(count - 1, Math.floor(q * count))] ?? 0
  return { p50Ms: at(0.5), p99Ms: at(0.99), perSecond: count / totalSeconds }
}

/** Keeps a value alive so the optimizer cannot drop the work that produced it. */
export let sink: unknown
export const consume = (value: unknown): void => {
  sink = value
}

const fmt = (n: number | undefined, digits = 0): string =>
  n === undefined
    ? ''
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

/** A section as a markdown table: rate, latency and cost ratio against the baseline. */
export const formatSection = (section: BenchSection): string => {
  const base = section.rows.find((r) => r.name === section.baseline)?.perSecond
  const lines = [
    `### ${section.title}`,
    '',
    '| | per second | p50 ms | p99 ms | cost vs baseline | note |',
    '|---|---:|---:|---:|---:|---|',
  ]
  for (const row of section.rows) {
    const ratio =
      base !== undefined && row.perSecond !== undefined && row.perSecond > 0
        ? `${(base / row.perSecond).toFixed(2)}x`
        : ''
    lines.push(
      `| ${row.name} | ${fmt(row.perSecond)} | ${fmt(row.p50Ms, 3)} | ${fmt(row.p99Ms, 3)} | ${ratio} | ${row.note ?? ''} |`,
    )
  }
  return lines.join('\n')
}
