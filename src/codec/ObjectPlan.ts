/**
 * The decode plan of an object codec: its fields, in order, each with its codec and whether a
 * type guard suffices (the codec's output is its input). Reading a record through a plan
 * skips io-ts's per-field context and result allocations, builds the output object in one fixed
 * key order (one hidden class per event type) and drops unknown keys.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One field of a plan.
 *
 * @category model
 * @since 0.1.0
 */
export interface FieldStep {
  readonly key: string
  readonly codec: t.Mixed
  /** The codec returns its input unchanged, in both directions: `is` suffices to validate. */
  readonly identity: boolean
  /** From `t.partial`: an absent (undefined) value is valid. */
  readonly optional: boolean
  readonly context: t.Context
}

/**
 * The fields of an object codec, in declaration order.
 *
 * @category model
 * @since 0.1.0
 */
export type ObjectPlan = ReadonlyArray<FieldStep>

/**
 * A mutable object under construction (only ever filled once, in plan order).
 *
 * @category model
 * @since 0.1.0
 */
export type Draft = Record<string, unknown>

interface Tagged {
  readonly _tag?: string
  readonly type?: t.Mixed
  readonly types?: ReadonlyArray<t.Mixed>
  readonly props?: Readonly<Record<string, t.Mixed>>
}

const identityLeaves: ReadonlySet<string> = new Set([
  'StringType',
  'NumberType',
  'BooleanType',
  'NullType',
  'UndefinedType',
  'VoidType',
  'UnknownType',
  'LiteralType',
  'KeyofType',
])

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Whether a codec's validation returns its input unchanged and its encoding is the identity,
 * judged from io-ts's `_tag`s (custom codecs are never assumed to be).
 *
 * @category constructors
 * @since 0.1.0
 */
export const isIdentityCodec = (codec: t.Mixed): boolean => {
  const tagged = codec as Tagged
  const tag = tagged._tag
  if (tag === undefined) return false
  if (identityLeaves.has(tag)) return true
  switch (tag) {
    case 'RefinementType':
    case 'ReadonlyType':
    case 'ArrayType':
    case 'ReadonlyArrayType':
      return tagged.type !== undefined && isIdentityCodec(tagged.type)
    case 'UnionType':
      return tagged.types !== undefined && tagged.types.every(isIdentityCodec)
    case 'InterfaceType':
      return (
        tagged.props !== undefined &&
        Object.keys(tagged.props).every((key) => {
          const prop = tagged.props?.[key]
          return prop !== undefined && isIdentityCodec(prop)
        })
      )
    default:
      return false
  }
}

/**
 * The plan of an object codec (`t.type`, `t.partial`, `t.strict`, `t.exact`, `t.readonly`,
 * `t.intersection` of those), or `undefined` for any other codec.
 *
 * @category constructors
 * @since 0.1.0
 */
export const planOf = (codec: t.Mixed): ObjectPlan | undefined => {
  const tagged = codec as Tagged
  switch (tagged._tag) {
    case 'ReadonlyType':
    case 'ExactType':
      return tagged.type === undefined ? undefined : planOf(tagged.type)
    case 'InterfaceType':
    case 'StrictType':
    case 'PartialType': {
      const props = tagged.props
      if (props === undefined) return undefined
      const optional = tagged._tag === 'PartialType'
      return Object.keys(props).map((key): FieldStep => {
        const field = props[key] as t.Mixed
        return {
          key,
          codec: field,
          identity: isIdentityCodec(field),
          optional,
          context: [
            { key: '', type: codec, actual: undefined },
            { key, type: field, actual: undefined },
          ],
        }
      })
    }
    case 'IntersectionType': {
      const plans = (tagged.types ?? []).map(planOf)
      const steps: Array<FieldStep> = []
      for (const plan of plans) {
        if (plan === undefined) return undefined
        steps.push(...plan)
      }
      return steps
    }
    default:
      return undefined
  }
}

// -------------------------------------------------------------------------------------
// reading and writing
// -------------------------------------------------------------------------------------

/**
 * Validates `data` field by field into `into`; `undefined` when any field is invalid (the
 * caller then runs io-ts once more to describe every bad field).
 *
 * @category reading
 * @since 0.1.0
 */
export const readPlan = (plan: ObjectPlan, data: unknown, into: Draft): Draft | undefined => {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined
  const record = data as Readonly<Record<string, unknown>>
  for (let i = 0; i < plan.length; i++) {
    const step = plan[i] as FieldStep
    const value = record[step.key]
    if (value === undefined && step.optional) continue
    if (step.identity) {
      if (!step.codec.is(value)) return undefined
      if (value !== undefined) into[step.key] = value
    } else {
      const result = step.codec.validate(value, step.context)
      if (result._tag === 'Left') return undefined
      if (result.right !== undefined) into[step.key] = result.right
    }
  }
  return into
}

/**
 * Copies the plan's fields of `source` into `into` as they are (no validation, no encoding).
 *
 * @category reading
 * @since 0.1.0
 */
export const copyPlan = (plan: ObjectPlan, source: unknown, into: Draft): Draft => {
  const record = source as Readonly<Record<string, unknown>>
  for (let i = 0; i < plan.length; i++) {
    const key = (plan[i] as FieldStep).key
    const value = record[key]
    if (value !== undefined) into[key] = value
  }
  return into
}

/**
 * Encodes the plan's fields of `source` into a new object; absent values are left out.
 *
 * @category writing
 * @since 0.1.0
 */
export const writePlan = (plan: ObjectPlan, source: unknown): Draft => {
  const record = source as Readonly<Record<string, unknown>>
  const out: Draft = {}
  for (let i = 0; i < plan.length; i++) {
    const step = plan[i] as FieldStep
    const value = record[step.key]
    if (value === undefined) continue
    out[step.key] = step.identity ? value : step.codec.encode(value)
  }
  return out
}
