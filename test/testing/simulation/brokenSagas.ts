/**
 * Saga runners broken on purpose, to show the simulation's teeth for `sagasReactOnce`:
 * - `sagaCheckpointFirst`: saves its position past an event before dispatching the event's
 *   reactions, so a crash or a failed command in between skips them for good;
 * - `sagaFreshCommandIds`: the runtime's runner, but each command gets a fresh command id
 *   instead of the one derived from the triggering event, so an event delivered again (the
 *   runner restarted before saving its position) is reacted to twice, and the handler cannot
 *   tell the copy from a new command.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { RecordedEvent } from '../../../src/codec/RecordedEvent.js'
import { IdGenerator } from '../../../src/runtime/services.js'
import type { SimulationRuntime } from '../../../src/testing/simulation/index.js'
import { effectRuntime } from '../../../src/testing/index.js'

/** A saga runner that saves its position before reacting. */
export const sagaCheckpointFirst: SimulationRuntime = {
  ...effectRuntime,
  react: (runner, store) =>
    Effect.gen(function* () {
      const { loadCheckpoint, saveCheckpoint } = store
      if (loadCheckpoint === undefined || saveCheckpoint === undefined)
        return yield* effectRuntime.react(runner, store)
      const name = `saga:${runner.name}`
      let position = (yield* loadCheckpoint(name))?.position ?? 0
      for (;;) {
        const page: ReadonlyArray<RecordedEvent> = yield* store.readAll({
          fromPosition: position + 1,
          limit: runner.pageSize ?? 1_000,
        })
        if (page.length === 0) return position
        for (const record of page) {
          // The broken step: the position moves past the event before its reactions are sent.
          yield* saveCheckpoint({ name, position: record.globalPosition, readModel: null })
          position = record.globalPosition
          const decoded = runner.codec.decode(record)
          if (decoded._tag === 'Left') continue
          const actions = runner.saga.react(decoded.right)
          for (let i = 0; i < actions.length; i++)
            yield* runner.dispatch(actions[i], {
              causationId: record.eventId,
              correlationId: record.metadata.correlationId ?? record.eventId,
              commandId: `${runner.name}:${record.eventId}:${i}`,
              event: record,
            })
        }
      }
    }),
}

/** The runtime's saga runner, with a fresh command id for every command it dispatches. */
export const sagaFreshCommandIds: SimulationRuntime = {
  ...effectRuntime,
  react: (runner, store) =>
    effectRuntime.react(
      {
        ...runner,
        dispatch: (action, context) =>
          Effect.gen(function* () {
            const ids = yield* IdGenerator
            // The broken step: the command id is drawn, not derived from the event.
            const commandId = `${runner.name}:${ids.next()}`
            return yield* runner.dispatch(action, { ...context, commandId })
          }),
      },
      store,
    ),
}
