/**
 * The simulated clients: a client sends a command to a handler process and, after a store
 * failure or a crash of that process, sends it again with the same command id (three tries in
 * all), recording what it sent and what it was told. Internal to the simulation.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { Send } from './Plan.js'
import type { RunState } from './RunState.js'
import type { HandleResult } from './Runtime.js'
import { causeOf, crashOf } from './Time.js'

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

/**
 * What a handler answered, for the trace.
 *
 * @category internals
 * @since 0.1.0
 */
export const describeResult = (commandId: string, result: HandleResult): unknown =>
  result._tag === 'Accepted'
    ? { commandId, accepted: result.outcome.events.length, version: result.outcome.version }
    : result._tag === 'Rejected'
      ? { commandId, rejected: result.rejection }
      : { commandId, failed: result.error }

const tries = 3

/**
 * A client sends `send` and retries it, with its id, after a failure or a crash.
 *
 * @category internals
 * @since 0.1.0
 */
export const clientSend = (state: RunState, send: Send): Effect.Effect<void> =>
  Effect.gen(function* () {
    state.issued.add(send.commandId)
    const handler = state.handlerOf(send.handler)
    for (let attempt = 1; attempt <= tries; attempt++) {
      const p = send.process
      state.trace.record('client', 'send', {
        commandId: send.commandId,
        handler: send.handler,
        streamId: send.streamId,
        process: p,
        attempt,
        command: send.command,
      })
      const process = state.processes[p]
      if (process === undefined) throw new Error(`no process ${p}`)
      const exit = yield* Effect.exit(
        state.onClock(p, process.handle(handler, send.streamId, send.command, send.commandId)),
      )
      if (exit._tag === 'Success') {
        const result = exit.value
        state.trace.record('client', 'got', describeResult(send.commandId, result))
        if (result._tag === 'Accepted')
          state.acknowledged.push({
            handler: send.handler,
            streamId: send.streamId,
            commandId: send.commandId,
            outcome: result.outcome,
          })
        if (result._tag !== 'Failed') return
      } else if (crashOf(exit.cause)) {
        state.trace.record('client', 'lost', { commandId: send.commandId })
        if (state.processes[p] === process) state.restart(p)
      } else {
        state.trace.record('client', 'defect', {
          commandId: send.commandId,
          cause: causeOf(exit.cause),
        })
        return
      }
    }
  })
