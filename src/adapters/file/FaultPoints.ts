/**
 * Fault points: named steps of the file store's multi-step operations where a test can make the
 * process die (`SIGKILL`, as a power cut or `kill -9` would), to show that what each step leaves
 * either opens or is named by `verify` and mended by `repair`. Internal: not exported.
 *
 * A child process is armed with `FOLDWISE_FAULT_POINT=<operation>:<step>` in its environment.
 * Unarmed, a fault point costs one string comparison.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Every fault point, by operation. `<atomic>` is one of the atomically replaced small files:
 * `index`, `snapshot`, `checkpoint`.
 *
 * @category model
 * @since 0.1.0
 */
export const faultPoints = {
  /** `writeFileAtomic` of the index, a snapshot or a checkpoint. */
  atomic: ['after-temp-create', 'after-temp-sync', 'after-rename'],
  /** Cutting a torn tail when a writer opens (or catches up). */
  cutTail: ['after-quarantine', 'after-truncate'],
  /** `repair` of a torn tail only. */
  repairTail: ['after-quarantine', 'after-index-delete', 'after-truncate'],
  /** `repair` that rewrites the log without damaged records. */
  repairRewrite: [
    'after-quarantine',
    'after-temp-write',
    'after-index-delete',
    'after-derived-move',
    'after-rename',
  ],
  /** Removing leftover temporary files under the exclusive lock. */
  cleanup: ['after-first-remove'],
} as const

/**
 * The name of a fault point: `<operation>:<step>`.
 *
 * @category model
 * @since 0.1.0
 */
export type FaultPoint =
  | `${'index' | 'snapshot' | 'checkpoint'}:${(typeof faultPoints.atomic)[number]}`
  | `cut-tail:${(typeof faultPoints.cutTail)[number]}`
  | `repair-tail:${(typeof faultPoints.repairTail)[number]}`
  | `repair-rewrite:${(typeof faultPoints.repairRewrite)[number]}`
  | `cleanup:${(typeof faultPoints.cleanup)[number]}`

// -------------------------------------------------------------------------------------
// faults
// -------------------------------------------------------------------------------------

// Read once: arming is for a child process started by a test, never for a running one.
const armed: string | undefined = process.env['FOLDWISE_FAULT_POINT']

/**
 * Marks the end of a step: when the process was started with this point armed, it dies here at
 * once (`SIGKILL`: no handler, no flush, no cleanup runs).
 *
 * @category faults
 * @since 0.1.0
 */
export const faultPoint = (point: FaultPoint): void => {
  if (armed === point) process.kill(process.pid, 'SIGKILL')
}
