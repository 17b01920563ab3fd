/**
 * The state codec: how a snapshot of a decider's state is stored. It has its own version,
 * apart from the events': when the state's shape changes, bump the version and old snapshots
 * are ignored (the runtime folds the events again), never misread.
 *
 * @since 0.1.0
 */
import type { Either } from 'fp-ts/lib/Either.js'
import { left, right } from '../kernel/either.js'
import * as t from 'io-ts'
import type { DecodeError, DecodeErrorSource } from './DecodeError.js'
import { invalidEventData, unsupportedSchemaVersion } from './DecodeError.js'
import { toFieldErrors } from './FieldErrors.js'
import type { Json } from './RecordedEvent.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What the state codec reads: a stored snapshot (a `StoredSnapshot` fits). `streamId` and
 * `streamVersion`, when given, name the snapshot in errors.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface StoredState {
  readonly stateVersion: number
  readonly state: unknown
  readonly streamId?: string
  readonly streamVersion?: number
}

/**
 * A codec of a decider's state with its own version. `decode` of a snapshot of any other
 * version is a `Left` of `UnsupportedSchemaVersion`: the runtime ignores such a snapshot.
 *
 * @category model
 * @since 0.1.0
 */
export interface StateCodec<State> {
  readonly version: number
  readonly encode: (state: State) => Json
  readonly decode: (stored: StoredState) => Either<DecodeError, State>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A state codec from an io-ts codec and a version (an integer from 1; bump it whenever the
 * state's stored shape changes). Errors name the snapshot's `type` as `name` (by default the
 * io-ts codec's name).
 *
 * @example
 * import * as t from 'io-ts'
 * import { stateCodec } from 'foldwise/codec'
 * const counter = stateCodec({ version: 2, codec: t.type({ count: t.number }) })
 * assert.deepStrictEqual(counter.decode({ stateVersion: 2, state: { count: 3 } }), { _tag: 'Right', right: { count: 3 } })
 * assert.strictEqual(counter.decode({ stateVersion: 1, state: { count: 3 } })._tag, 'Left')
 *
 * @category constructors
 * @since 0.1.0
 */
export const stateCodec = <State, Output>(options: {
  readonly version: number
  readonly codec: t.Type<State, Output, unknown>
  readonly name?: string
}): StateCodec<State> => {
  const { version, codec } = options
  const name = options.name ?? codec.name
  const source = (stored: StoredState): DecodeErrorSource => ({
    streamId: stored.streamId ?? '',
    streamVersion: stored.streamVersion ?? 0,
    type: name,
    schemaVersion: stored.stateVersion,
  })
  return {
    version,
    encode: (state) => codec.encode(state) as Json,
    decode: (stored) => {
      if (stored.stateVersion !== version) {
        return left(unsupportedSchemaVersion(source(stored), [version]))
      }
      const result = codec.validate(stored.state, t.getDefaultContext(codec))
      return result._tag === 'Right'
        ? right(result.right)
        : left(invalidEventData(source(stored), toFieldErrors('state', result.left)))
    },
  }
}
