/**
 * Span options shared by the runtime. Capturing a stack trace per span costs more than the
 * rest of a command on an in-memory store, so the runtime's spans carry names and attributes
 * only.
 *
 * @since 0.1.0
 */
import type { Fiber } from 'effect'
import { Tracer } from 'effect'

/**
 * Trace options of every runtime span.
 *
 * @category model
 * @since 0.1.0
 */
export const noStackTrace = { captureStackTrace: false } as const

/**
 * Whether spans started on this fiber reach a tracing backend. Effect's default tracer keeps
 * its spans in memory and exports none, so skipping them changes nothing anybody can see.
 *
 * @category guards
 * @since 0.1.0
 */
export const isTraced = (fiber: Fiber.Fiber<unknown, unknown>): boolean => {
  const tracer = fiber.cache.tracer
  return tracer !== undefined && tracer !== Tracer.nativeTracer && fiber.cache.tracerEnabled
}
