/**
 * One step of a plan, taken: clients send commands (at once), a command is delivered again, a
 * handler process crashes, a projection or saga catches up, a follower starts, the clock jumps
 * or a process's clock is skewed. Internal to the simulation.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import * as TestClock from 'effect/testing/TestClock'
import { clientSend } from './Clients.js'
import { follow, project, react } from './Followers.js'
import type { Send, Step } from './Plan.js'
import type { RunState } from './RunState.js'
import { drive } from './Time.js'

// -------------------------------------------------------------------------------------
// running
// -------------------------------------------------------------------------------------

/**
 * Takes one step; false when it did not finish within the simulated time a step may take.
 *
 * @category running
 * @since 0.1.0
 */
export const runStep = (state: RunState, step: Step): Effect.Effect<boolean> =>
  Effect.suspend((): Effect.Effect<boolean> => {
    const { system, trace } = state
    switch (step._tag) {
      case 'Sends': {
        for (const send of step.sends) state.sent.push(send)
        return Effect.map(
          drive(
            Effect.forEach(step.sends, (send) => clientSend(state, send), {
              concurrency: 'unbounded',
              discard: true,
            }),
          ),
          (exit) => exit !== undefined,
        )
      }
      case 'Resend': {
        const earlier = state.sent[step.pick % Math.max(1, state.sent.length)]
        if (earlier === undefined) return Effect.succeed(true)
        const again: Send = {
          process: step.process,
          handler: earlier.handler,
          streamId: earlier.streamId,
          command: earlier.command,
          commandId: earlier.commandId,
        }
        return Effect.map(drive(clientSend(state, again)), (exit) => exit !== undefined)
      }
      case 'Crash':
        trace.record(`p${step.process}`, 'crash')
        state.restart(step.process)
        return Effect.succeed(true)
      case 'Project': {
        const projection = system.projections?.find((p) => p.name === step.projection)
        if (projection === undefined) return Effect.succeed(true)
        return Effect.map(project(state, projection, step.pageSize), (exit) => exit !== undefined)
      }
      case 'Follow': {
        const projection = system.projections?.find((p) => p.name === step.projection)
        if (projection === undefined) return Effect.succeed(true)
        return Effect.as(follow(state, projection), true)
      }
      case 'React': {
        const saga = system.sagas?.find((s) => s.name === step.saga)
        if (saga === undefined) return Effect.succeed(true)
        return Effect.map(react(state, saga, step.pageSize), (exit) => exit !== undefined)
      }
      case 'Clock':
        trace.record('clock', 'jump', { millis: step.millis })
        return Effect.as(TestClock.adjust(step.millis), true)
      case 'Skew':
        trace.record(`p${step.process}`, 'skew', { millis: step.millis })
        state.offsets[step.process] = step.millis
        return Effect.succeed(true)
    }
  })
