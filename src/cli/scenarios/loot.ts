/**
 * The loot demo: a hero finds, drops and fails to drop items; after each run the two read
 * models (most collected, origins by item) are brought up to date by projections whose
 * checkpoints live in the same store, so a later run applies only the new events.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { Either } from 'fp-ts/lib/Either.js'
import { left, right } from 'fp-ts/lib/Either.js'
import type { Json } from '../../codec/RecordedEvent.js'
import type { Projection } from '../../runtime/index.js'
import { loadProjection, runProjection } from '../../runtime/index.js'
import type {
  Item,
  LootCommand,
  LootEvent,
  LootRejection,
  LootState,
  MostCollectedState,
  OriginsByItemState,
} from '../../examples/loot.js'
import { mostCollected, originsByItem, topN } from '../../examples/loot.js'
import { lootEventCodec } from '../../examples/loot.codec.js'
import { fromProjectionError } from '../CliFailure.js'
import { lootDomain } from '../Domains.js'
import type { Scenario } from './Scenario.js'

// -------------------------------------------------------------------------------------
// script
// -------------------------------------------------------------------------------------

const finds: ReadonlyArray<Item> = [
  { name: 'sword', rarity: 'common', origin: 'Goblin Cave' },
  { name: 'potion', rarity: 'common', origin: 'Merchant' },
  { name: 'sword', rarity: 'uncommon', origin: 'Dragon Lair' },
  { name: 'amulet', rarity: 'rare', origin: 'Sunken Temple' },
  { name: 'potion', rarity: 'common', origin: 'Goblin Cave' },
  { name: 'shield', rarity: 'uncommon', origin: 'Castle Armory' },
  { name: 'dragon scale', rarity: 'legendary', origin: 'Dragon Lair' },
]

const find = (index: number): Item => finds[index % finds.length] as Item

const firstRun: ReadonlyArray<LootCommand> = [
  { type: 'AddItem', item: find(0) },
  { type: 'AddItem', item: find(1) },
  { type: 'AddItem', item: find(2) },
  { type: 'RemoveItem', name: 'potion' },
  { type: 'RemoveItem', name: 'shield' },
  { type: 'AddItem', item: find(3) },
]

const laterRun = (state: LootState, run: number): ReadonlyArray<LootCommand> => {
  const oldest = state.items[0]
  return [
    { type: 'AddItem', item: find(run * 3) },
    { type: 'AddItem', item: find(run * 3 + 1) },
    ...(oldest === undefined ? [] : [{ type: 'RemoveItem', name: oldest.name } as const]),
    { type: 'RemoveItem', name: 'crown' },
    { type: 'AddItem', item: find(run * 3 + 2) },
  ]
}

// -------------------------------------------------------------------------------------
// projections
// -------------------------------------------------------------------------------------

const isPairs = (json: Json): json is ReadonlyArray<readonly [string, Json]> =>
  Array.isArray(json) &&
  json.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string')

const mapCodec = <Value extends Json>(
  isValue: (json: Json) => json is Value,
): {
  readonly encode: (model: ReadonlyMap<string, Value>) => Json
  readonly decode: (json: Json) => Either<string, ReadonlyMap<string, Value>>
} => ({
  encode: (model) => Array.from(model, ([key, value]): Json => [key, value]),
  decode: (json) =>
    isPairs(json) && json.every(([, value]) => isValue(value))
      ? right(new Map(json as ReadonlyArray<readonly [string, Value]>))
      : left('expected [name, value] pairs'),
})

const isCount = (json: Json): json is number => typeof json === 'number'
const isOrigins = (json: Json): json is ReadonlyArray<string> =>
  Array.isArray(json) && json.every((origin) => typeof origin === 'string')

const isInventory = (streamId: string): boolean => streamId.startsWith('inventory-')

/**
 * Times each item was collected, over every inventory, kept by a projection.
 *
 * @category projections
 * @since 0.1.0
 */
export const mostCollectedProjection: Projection<MostCollectedState, LootEvent> = {
  name: 'loot-most-collected',
  codec: lootEventCodec,
  streams: isInventory,
  view: { initialState: mostCollected.initialState, evolve: mostCollected.evolve },
  readModel: mapCodec(isCount),
}

/**
 * Where each item was found, over every inventory, kept by a projection.
 *
 * @category projections
 * @since 0.1.0
 */
export const originsProjection: Projection<OriginsByItemState, LootEvent> = {
  name: 'loot-origins',
  codec: lootEventCodec,
  streams: isInventory,
  view: { initialState: originsByItem.initialState, evolve: originsByItem.evolve },
  readModel: mapCodec(isOrigins),
}

const projections = Effect.gen(function* () {
  const failed = (name: string) => (error: { readonly _tag: string }) =>
    fromProjectionError(name, error)
  const before = yield* Effect.mapError(
    loadProjection(mostCollectedProjection),
    failed(mostCollectedProjection.name),
  )
  const counts = yield* Effect.mapError(
    runProjection(mostCollectedProjection, { stopWhenCaughtUp: true }),
    failed(mostCollectedProjection.name),
  )
  const origins = yield* Effect.mapError(
    runProjection(originsProjection, { stopWhenCaughtUp: true }),
    failed(originsProjection.name),
  )
  const ranking = topN(counts.readModel, 5)
    .map(({ name, count }) => `${name} ×${count}`)
    .join(', ')
  return [
    `projections caught up from global position ${before.position} to ${counts.position} (checkpoints saved in the store):`,
    `  most collected  ${ranking === '' ? '(nothing yet)' : ranking}`,
    ...Array.from(
      origins.readModel,
      ([name, places]) => `  found ${name.padEnd(13)} at ${places.join(', ')}`,
    ),
  ]
})

// -------------------------------------------------------------------------------------
// scenario
// -------------------------------------------------------------------------------------

/**
 * Run 1 fills the bag of `inventory-hero`; run n finds three more items and drops the oldest.
 *
 * @category scenarios
 * @since 0.1.0
 */
export const lootScenario: Scenario<LootCommand, LootState, LootEvent, LootRejection> = {
  domain: lootDomain,
  streamId: 'inventory-hero',
  script: (state, run) => (run === 1 && state.items.length === 0 ? firstRun : laterRun(state, run)),
  epilogue: projections,
}
