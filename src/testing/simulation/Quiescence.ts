/**
 * Quiescence: after the last step, faults are turned off and the run is let settle. Live
 * followers get 10 simulated seconds to reach the head of the log by themselves (a follower
 * that ended by itself, or stopped other than by a simulated crash, breaks `followersCatchUp`
 * too: it runs until stopped). Then every saga and projection is run until caught up, round
 * after round, until a round changes nothing (neither the log's head nor any checkpoint): a
 * saga's commands may trigger further reactions, so one round is not always enough. A run
 * still changing after `maxQuiescenceRounds` rounds (sagas reacting to each other for ever), a
 * saga or projection that does not catch up within a step's simulated time (one reacting to
 * its own commands for ever), or a projection left behind the head when nothing changes any
 * more, breaks `quiescence`.
 * Internal to the simulation.
 *
 * @since 0.1.0
 */
import type { Exit } from 'effect'
import { Effect, Fiber } from 'effect'
import { react, project } from './Followers.js'
import type { Violation } from './Invariants.js'
import type { RunState } from './RunState.js'
import { causeOf, crashOf, drive, maxSimulatedMillis } from './Time.js'
import { stableJson } from './Trace.js'

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

/**
 * At most this many rounds of running every saga and projection to the head.
 *
 * @category internals
 * @since 0.1.0
 */
export const maxQuiescenceRounds = 10

/** The simulated time live followers get to catch up once faults are off. */
const followerGrace = 10_000

const positionOf = (state: RunState, name: string): Effect.Effect<number> => {
  const load = state.inner.loadCheckpoint
  return load === undefined
    ? Effect.succeed(0)
    : Effect.map(Effect.orDie(load(name)), (saved) => saved?.position ?? 0)
}

/** The head of the log and every checkpoint: what a round may change. */
const fingerprint = (state: RunState): Effect.Effect<string> =>
  Effect.gen(function* () {
    const parts = [yield* Effect.orDie(state.inner.headPosition())]
    for (const projection of state.system.projections ?? [])
      parts.push(yield* positionOf(state, projection.name))
    for (const saga of state.system.sagas ?? [])
      parts.push(yield* positionOf(state, `saga:${saga.name}`))
    return parts.join(' ')
  })

const ending = (exit: Exit.Exit<unknown, unknown> | undefined): string =>
  exit === undefined || exit._tag === 'Success'
    ? 'it said it caught up'
    : `it stopped with ${stableJson(causeOf(exit.cause))}`

const hung = (what: string): Violation => ({
  invariant: 'quiescence',
  message: `${what} did not catch up within ${maxSimulatedMillis / 1000} s of simulated time without faults (does it react to its own commands for ever?)`,
})

/** Every live follower reaches the head by itself; none ended by itself. */
const followersCatchUp = (state: RunState): Effect.Effect<Violation | undefined> =>
  Effect.gen(function* () {
    if (state.followers.size === 0) return undefined
    yield* drive(Effect.sleep(followerGrace))
    const head = yield* Effect.orDie(state.inner.headPosition())
    for (const [name, fiber] of state.followers) {
      const done = fiber.pollUnsafe()
      if (done !== undefined) {
        const exit = done._tag === 'Success' ? done.value : undefined
        if (exit === undefined || (exit._tag === 'Failure' && crashOf(exit.cause))) continue
        return {
          invariant: 'followersCatchUp',
          message: `the follower of ${name} ${exit._tag === 'Success' ? 'ended by itself' : `stopped with ${stableJson(causeOf(exit.cause))}`}: a follower runs until it is stopped`,
        }
      }
      yield* Fiber.interrupt(fiber)
      const position = yield* positionOf(state, name)
      if (position < head)
        return {
          invariant: 'followersCatchUp',
          message: `the follower of ${name} is still running but stopped at ${position} of ${head} after ${followerGrace / 1000} s without faults`,
        }
    }
    return undefined
  })

/**
 * Lets the run settle with faults off (see the module's description); the first broken
 * `followersCatchUp` or `quiescence`, if any.
 *
 * @category internals
 * @since 0.1.0
 */
export const settle = (state: RunState): Effect.Effect<Violation | undefined> =>
  Effect.gen(function* () {
    state.faults.disabled = true
    state.trace.record('check', 'quiescence')
    const behind = yield* followersCatchUp(state)
    if (behind !== undefined) return behind
    const sagas = state.system.sagas ?? []
    const projections = state.system.projections ?? []
    let before = yield* fingerprint(state)
    for (let round = 1; round <= maxQuiescenceRounds; round++) {
      for (const saga of sagas)
        if ((yield* react(state, saga, 1_000)) === undefined) return hung(`saga ${saga.name}`)
      const ends = new Map<string, Exit.Exit<unknown, unknown> | undefined>()
      for (const projection of projections) {
        const exit = yield* project(state, projection, 1_000)
        if (exit === undefined) return hung(`projection ${projection.name}`)
        ends.set(projection.name, exit)
      }
      const after = yield* fingerprint(state)
      if (after !== before) {
        before = after
        continue
      }
      const head = yield* Effect.orDie(state.inner.headPosition())
      for (const projection of projections) {
        const position = yield* positionOf(state, projection.name)
        if (position < head)
          return {
            invariant: 'quiescence',
            message: `projection ${projection.name} is at ${position} of ${head} with nothing left changing: ${ending(ends.get(projection.name))}`,
          }
      }
      return undefined
    }
    return {
      invariant: 'quiescence',
      message: `still changing after ${maxQuiescenceRounds} rounds of running every saga and projection to the head (log head and checkpoints now ${before}): do sagas react to each other for ever?`,
    }
  })
