/**
 * Type tests, checked by `tsc` (npm run typecheck): the kernel's one set of combinators keeps
 * each kind's types through its overloads, `neutral` included, and refuses a decider without a
 * route.
 */
import { expectTypeOf } from 'vitest'
import type { Decider, Saga, View } from '../../src/index.js'
import {
  combine,
  filterEvents,
  mapAction,
  mapEvent,
  mapState,
  neutral,
  routeByType,
} from '../../src/index.js'

type Event = { readonly type: 'Opened' } | { readonly type: 'Closed' }
type Command = { readonly type: 'Open' }
type Other = { readonly type: 'Other' }
declare const view: View<number, Event>
declare const saga: Saga<Event, Command>
declare const decider: Decider<Command, number, Event, 'no'>
declare const other: Decider<{ readonly type: 'Poke' }, string, Other, 'never'>

// combine: two views, two sagas, two deciders with a route, and neutral on either side.
expectTypeOf(combine(view, view)).toEqualTypeOf<View<readonly [number, number], Event>>()
expectTypeOf(combine(view, neutral)).toEqualTypeOf<View<readonly [number, null], Event>>()
expectTypeOf(combine(neutral, view)).toEqualTypeOf<View<readonly [null, number], Event>>()
expectTypeOf(combine(saga, saga)).toEqualTypeOf<Saga<Event, Command>>()
expectTypeOf(combine(neutral, saga)).toEqualTypeOf<Saga<Event, Command>>()
expectTypeOf(combine(saga, neutral)).toEqualTypeOf<Saga<Event, Command>>()
const route = routeByType(decider, {
  commands: { Open: true },
  events: { Opened: true, Closed: true },
})
expectTypeOf(combine(decider, other, route)).toEqualTypeOf<
  Decider<
    Command | { readonly type: 'Poke' },
    readonly [number, string],
    Event | Other,
    'no' | 'never'
  >
>()
expectTypeOf(
  combine(decider, neutral, {
    isLeftCommand: (_): _ is Command => true,
    isLeftEvent: (_): _ is Event => true,
  }),
).toEqualTypeOf<Decider<Command, readonly [number, null], Event, 'no'>>()
// @ts-expect-error: two deciders need a route
expectTypeOf(combine(decider, other)).toHaveProperty('decide')

// mapEvent: a decider decodes and encodes, a view or a saga only decodes.
type Wire = { readonly json: string }
expectTypeOf(
  mapEvent(
    decider,
    (w: Wire) => JSON.parse(w.json) as Event,
    (e): Wire => ({ json: JSON.stringify(e) }),
  ),
).toEqualTypeOf<Decider<Command, number, Wire, 'no'>>()
expectTypeOf(mapEvent(view, (w: Wire) => JSON.parse(w.json) as Event)).toEqualTypeOf<
  View<number, Wire>
>()
expectTypeOf(mapEvent(saga, (w: Wire) => JSON.parse(w.json) as Event)).toEqualTypeOf<
  Saga<Wire, Command>
>()

// mapState on deciders and views; mapAction on sagas; filterEvents on views and sagas.
const box = (n: number) => ({ n })
const unbox = (b: { readonly n: number }) => b.n
expectTypeOf(mapState(decider, box, unbox)).toEqualTypeOf<
  Decider<Command, { n: number }, Event, 'no'>
>()
expectTypeOf(mapState(view, box, unbox)).toEqualTypeOf<View<{ n: number }, Event>>()
expectTypeOf(mapAction(saga, (c) => c.type)).toEqualTypeOf<Saga<Event, 'Open'>>()
const isEvent = (e: Event | Other): e is Event => e.type !== 'Other'
expectTypeOf(filterEvents(view, isEvent)).toEqualTypeOf<View<number, Event | Other>>()
expectTypeOf(filterEvents(saga, isEvent)).toEqualTypeOf<Saga<Event | Other, Command>>()
