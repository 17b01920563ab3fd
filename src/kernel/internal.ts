/**
 * Internal helpers of the kernel: not part of the public face (src/index.ts does not re-export
 * this module).
 *
 * @internal
 */
import type { Decider } from './Decider.js'

/**
 * Builds a decider record with one fixed shape, adding `isTerminal` only when there is one
 * (`exactOptionalPropertyTypes` forbids an explicit `undefined`).
 *
 * @internal
 */
export const makeDecider = <Command, State, Event, Rejection>(
  initialState: State,
  decide: Decider<Command, State, Event, Rejection>['decide'],
  evolve: Decider<Command, State, Event, Rejection>['evolve'],
  isTerminal: ((state: State) => boolean) | undefined,
): Decider<Command, State, Event, Rejection> =>
  isTerminal === undefined
    ? { initialState, decide, evolve }
    : { initialState, decide, evolve, isTerminal }
