/**
 * Decode errors: readonly tagged data, returned in `Either`, never thrown. Each names the
 * record it came from (stream, stream version, event type, schema version) so a user can find
 * the stored record and act on it; `formatDecodeError` renders one line at the edge.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Where a decode error comes from. For a snapshot, `type` is the state codec's name and
 * `schemaVersion` the stored state version.
 *
 * @category model
 * @since 0.1.0
 */
export interface DecodeErrorSource {
  readonly streamId: string
  readonly streamVersion: number
  readonly type: string
  readonly schemaVersion: number
}

/**
 * One bad field: its io-ts path from the record (`data.amount`), what was expected, and the
 * value found (rendered as JSON, shortened).
 *
 * @category model
 * @since 0.1.0
 */
export interface FieldError {
  readonly path: string
  readonly expected: string
  readonly actual: string
}

/**
 * The record's `type` is not one the codec knows.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface UnknownEventType extends DecodeErrorSource {
  readonly _tag: 'UnknownEventType'
  readonly knownTypes: ReadonlyArray<string>
}

/**
 * The record's schema version is not one the codec knows for its type: usually a version
 * newer than the running code (written by a newer deployment). For a snapshot, any version but
 * the current one (the runtime then ignores the snapshot and folds the events).
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface UnsupportedSchemaVersion extends DecodeErrorSource {
  readonly _tag: 'UnsupportedSchemaVersion'
  readonly supportedVersions: ReadonlyArray<number>
}

/**
 * The record's data does not match the codec of its type and version; `errors` lists every
 * bad field with its path.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface InvalidEventData extends DecodeErrorSource {
  readonly _tag: 'InvalidEventData'
  readonly errors: ReadonlyArray<FieldError>
}

/**
 * Every error an event or state codec may return.
 *
 * @category model
 * @since 0.1.0
 */
export type DecodeError = UnknownEventType | UnsupportedSchemaVersion | InvalidEventData

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * @category constructors
 * @since 0.1.0
 */
export const unknownEventType = (
  source: DecodeErrorSource,
  knownTypes: ReadonlyArray<string>,
): UnknownEventType => ({
  _tag: 'UnknownEventType',
  streamId: source.streamId,
  streamVersion: source.streamVersion,
  type: source.type,
  schemaVersion: source.schemaVersion,
  knownTypes,
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const unsupportedSchemaVersion = (
  source: DecodeErrorSource,
  supportedVersions: ReadonlyArray<number>,
): UnsupportedSchemaVersion => ({
  _tag: 'UnsupportedSchemaVersion',
  streamId: source.streamId,
  streamVersion: source.streamVersion,
  type: source.type,
  schemaVersion: source.schemaVersion,
  supportedVersions,
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const invalidEventData = (
  source: DecodeErrorSource,
  errors: ReadonlyArray<FieldError>,
): InvalidEventData => ({
  _tag: 'InvalidEventData',
  streamId: source.streamId,
  streamVersion: source.streamVersion,
  type: source.type,
  schemaVersion: source.schemaVersion,
  errors,
})

// -------------------------------------------------------------------------------------
// guards
// -------------------------------------------------------------------------------------

const tags: ReadonlySet<string> = new Set([
  'UnknownEventType',
  'UnsupportedSchemaVersion',
  'InvalidEventData',
])

/**
 * Whether a value is a `DecodeError` (by tag).
 *
 * @category guards
 * @since 0.1.0
 */
export const isDecodeError = (u: unknown): u is DecodeError =>
  typeof u === 'object' && u !== null && tags.has((u as { readonly _tag?: unknown })._tag as string)

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * One field error as text: `data.amount: expected number, got "ten"`.
 *
 * @category destructors
 * @since 0.1.0
 */
export const formatFieldError = (error: FieldError): string =>
  `${error.path}: expected ${error.expected}, got ${error.actual}`

/**
 * A decode error as one readable line.
 *
 * @example
 * import { formatDecodeError } from 'foldwise/codec'
 * import { invalidEventData } from './src/codec/DecodeError.js'
 * const line = formatDecodeError(
 *   invalidEventData({ streamId: 'account-1', streamVersion: 2, type: 'MoneyDeposited', schemaVersion: 2 },
 *     [{ path: 'data.amount', expected: 'number', actual: '"ten"' }]),
 * )
 * assert.strictEqual(line,
 *   'InvalidEventData in account-1@2 (MoneyDeposited v2): data.amount: expected number, got "ten"')
 *
 * @category destructors
 * @since 0.1.0
 */
export const formatDecodeError = (error: DecodeError): string => {
  const where = `${error._tag} in ${error.streamId}@${error.streamVersion} (${error.type} v${error.schemaVersion})`
  switch (error._tag) {
    case 'UnknownEventType':
      return `${where}: unknown event type; known types: ${error.knownTypes.join(', ')}`
    case 'UnsupportedSchemaVersion':
      return `${where}: unsupported schema version; supported: ${error.supportedVersions.map((v) => `v${v}`).join(', ')}`
    case 'InvalidEventData':
      return `${where}: ${error.errors.map(formatFieldError).join('; ')}`
  }
}
