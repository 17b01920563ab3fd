/**
 * The benchmark harness: every `*.bench.ts` beside this file exports a default function that
 * returns its sections; `run.ts` runs them in one process and prints one table per section,
 * each row as a rate and a cost ratio against the section's hand-written baseline.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

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

/**
 * One row of an interleaved measurement: `run` performs the section's operations and returns
 * what it computed; `check` (outside the timed window) throws unless that result is right, so a
 * row that computes nothing, or the wrong thing, fails the benchmark instead of looking fast.
 */
export interface InterleavedRow<Result = unknown> {
  readonly name: string
  readonly note?: string
  readonly run: () => Result | Promise<Result>
  readonly check: (result: Result) => void | Promise<void>
}

/** Names a row with its result type checked, for a list of rows whose results differ. */
export const defineRow = <Result>(row: InterleavedRow<Result>): InterleavedRow => {
  const check = (result: unknown): void | Promise<void> => row.check(result as Result)
  return row.note === undefined
    ? { name: row.name, run: row.run, check }
    : { name: row.name, note: row.note, run: row.run, check }
}

/** Which of a row's rates is reported: its best run, or its typical (median) run. */
export type Statistic = 'best' | 'median'

/**
 * What a run's duration is: elapsed time, or the CPU time of the process (all its threads, so a
 * row's parallel collector work counts) — the time a neighbour on a shared machine cannot take
 * from it by preemption. CPU time suits CPU-bound rows only: a row that waits on I/O or a timer
 * would look free while it waits.
 */
export type Clock = 'wall' | 'cpu'

export interface InterleavedOptions {
  /** Timed rounds, after one discarded warm-up round. */
  readonly rounds: number
  /** Default 'best'. */
  readonly statistic?: Statistic
  /** Default 'wall'. */
  readonly clock?: Clock
  /**
   * Collect garbage before every timed run (default false), so a row pays for the garbage it
   * makes and not for the garbage its predecessor left.
   */
  readonly collectGarbage?: boolean
  /**
   * A row's turn in a round lasts at least this long (default 0: one run per turn): a row much
   * quicker than its neighbours runs again within its turn, each run one sample.
   */
  readonly turnMs?: number
}

/** The method in words, for a section title: `median of 8 interleaved rounds (process CPU time), ...`. */
export const describeMethod = (options: InterleavedOptions): string =>
  [
    `${options.statistic ?? 'best'} of ${options.rounds} interleaved rounds`,
    (options.clock ?? 'wall') === 'cpu' ? ' (process CPU time)' : '',
    ', warm-up round discarded, every result checked',
  ].join('')

let gc: (() => void) | undefined
/** Runs V8's collector, exposed at first use (`--expose-gc` without a command-line flag). */
const collectGarbage = (): void => {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc')
    gc = runInNewContext('gc') as () => void
  }
  gc()
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

/** Times one run of a row on the given clock, in seconds; checks and keeps its result. */
const timeRun = async (row: InterleavedRow, clock: Clock): Promise<number> => {
  const cpuStart = process.cpuUsage()
  const start = process.hrtime.bigint()
  const result = await row.run()
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9
  const cpu = process.cpuUsage(cpuStart)
  await row.check(result)
  consume(result)
  // a run too quick for the clock's microsecond grain counts as one microsecond, not as free
  return Math.max(1e-6, clock === 'cpu' ? (cpu.user + cpu.system) / 1e6 : wallSeconds)
}

/**
 * Measures rows in interleaved rounds: one discarded warm-up round, then `rounds` rounds that
 * each give every row a turn (starting one row later each round, so no row always follows the
 * same neighbour), checking every run's result. A late JIT tier or a neighbour's load on the
 * shared machine then falls on all rows alike instead of favouring the rows measured last.
 * Each row's rate is `operations` over a run's duration, reported as the chosen statistic.
 */
export const measureInterleaved = async (
  operations: number,
  rows: ReadonlyArray<InterleavedRow>,
  options: InterleavedOptions,
): Promise<ReadonlyArray<BenchRow>> => {
  const clock = options.clock ?? 'wall'
  const turnNs = BigInt(Math.round((options.turnMs ?? 0) * 1e6))
  const rates = rows.map((): number[] => [])
  for (let round = -1; round < options.rounds; round++) {
    for (let k = 0; k < rows.length; k++) {
      const index = (k + Math.max(round, 0)) % rows.length
      const row = rows[index] as InterleavedRow
      const turnStart = process.hrtime.bigint()
      do {
        if (options.collectGarbage === true) collectGarbage()
        const seconds = await timeRun(row, clock)
        if (round >= 0) rates[index]?.push(operations / seconds)
      } while (round >= 0 && process.hrtime.bigint() - turnStart < turnNs)
    }
  }
  return rows.map((row, i) => {
    const samples = rates[i] ?? []
    const perSecond =
      (options.statistic ?? 'best') === 'best' ? Math.max(...samples) : median(samples)
    return row.note === undefined
      ? { name: row.name, perSecond }
      : { name: row.name, perSecond, note: row.note }
  })
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
