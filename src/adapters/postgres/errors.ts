/**
 * How PostgreSQL and driver failures become store errors: a lost connection, a refused
 * connection, a server shutting down or restarting, too many clients, a serialization failure
 * are `StoreUnavailable` (nothing was half-written: every write is one transaction, so a retry
 * is safe); anything else is a defect (a bug or a broken installation no retry can fix).
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { StoreUnavailable } from '../../store/StoreError.js'
import { storeUnavailable } from '../../store/StoreError.js'

/** SQLSTATE classes and codes that mean "the server cannot serve this now; try again". */
const unavailableClasses = ['08', '53', '57', '58'] as const
const unavailableCodes: ReadonlySet<string> = new Set(['40001', '40P01', '55P03', '25P03'])
/** Node socket errors and pg driver messages of a connection that failed or dropped. */
const socketCodes: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENOENT',
])
const driverMessages = [
  'Connection terminated',
  'connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Client was closed',
  'not queryable',
  'the database system is',
] as const

const field = (value: unknown, key: string): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined
  const found = (value as Record<string, unknown>)[key]
  return typeof found === 'string' ? found : undefined
}

/**
 * Whether a failure of the driver means the database could not be reached or could not serve
 * the request now (the request may be retried).
 *
 * @category guards
 * @since 0.1.0
 */
export const isUnavailable = (cause: unknown): boolean => {
  const code = field(cause, 'code')
  if (code !== undefined) {
    if (socketCodes.has(code) || unavailableCodes.has(code)) return true
    if (code.length === 5 && unavailableClasses.some((c) => code.startsWith(c))) return true
  }
  if (cause instanceof AggregateError) return cause.errors.some(isUnavailable)
  const message = field(cause, 'message') ?? ''
  return driverMessages.some((m) => message.includes(m))
}

/**
 * A human line for a driver failure: SQLSTATE or socket code, then the message.
 *
 * @category formatting
 * @since 0.1.0
 */
export const describeFailure = (cause: unknown): string => {
  const code = field(cause, 'code')
  const message =
    field(cause, 'message') ||
    (cause instanceof AggregateError ? cause.errors.map(describeFailure).join('; ') : String(cause))
  return code === undefined ? message : `${code}: ${message}`
}

/**
 * Runs a driver call: availability failures become `StoreUnavailable`, others are defects.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromDriver = <A>(run: () => Promise<A>): Effect.Effect<A, StoreUnavailable> =>
  Effect.flatMap(
    Effect.promise(() =>
      run().then(
        (value) => ({ ok: true as const, value }),
        (cause: unknown) => ({ ok: false as const, cause }),
      ),
    ),
    (outcome) =>
      outcome.ok
        ? Effect.succeed(outcome.value)
        : isUnavailable(outcome.cause)
          ? Effect.fail(storeUnavailable(describeFailure(outcome.cause)))
          : Effect.die(outcome.cause),
  )
