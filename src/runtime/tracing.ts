/**
 * Span options shared by the runtime. Capturing a stack trace per span costs more than the
 * rest of a command on an in-memory store, so the runtime's spans carry names and attributes
 * only.
 *
 * @since 0.1.0
 */

/**
 * Trace options of every runtime span.
 *
 * @category model
 * @since 0.1.0
 */
export const noStackTrace = { captureStackTrace: false } as const
