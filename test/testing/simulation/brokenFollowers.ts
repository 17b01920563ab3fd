/**
 * Followers broken on purpose, to show the simulation's teeth for `followersCatchUp`:
 * - `deafFollower`: catches up once when it starts, then never hears of another append (it
 *   still runs, so only its checkpoint tells);
 * - `followerEndsWhenCaughtUp`: stops once it has caught up, as if it were a catch-up run.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { SimulationRuntime } from '../../../src/testing/simulation/index.js'
import { effectRuntime } from '../../../src/testing/index.js'

/** A follower that catches up once, then waits for ever without following. */
export const deafFollower: SimulationRuntime = {
  ...effectRuntime,
  follow: (projection, store) =>
    Effect.andThen(effectRuntime.project(projection, store), Effect.never),
}

/** A follower that ends once caught up. */
export const followerEndsWhenCaughtUp: SimulationRuntime = {
  ...effectRuntime,
  follow: (projection, store) => effectRuntime.project(projection, store),
}
