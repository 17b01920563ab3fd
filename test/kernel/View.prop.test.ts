import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { View } from '../../src/index.js'
import {
  combine,
  filterEvents,
  fold,
  foldFrom,
  mapEvent,
  mapState,
  neutral,
} from '../../src/index.js'

type Event =
  | { readonly type: 'Scored'; readonly points: number }
  | { readonly type: 'Named'; readonly name: string }
const event: fc.Arbitrary<Event> = fc.oneof(
  fc.record({ type: fc.constant('Scored' as const), points: fc.integer({ min: -5, max: 5 }) }),
  fc.record({ type: fc.constant('Named' as const), name: fc.string({ maxLength: 3 }) }),
)
const events = fc.array(event, { maxLength: 60 })

const total: View<number, Event> = {
  initialState: 0,
  evolve: (n, e) => (e.type === 'Scored' ? n + e.points : n),
}
const names: View<ReadonlyArray<string>, Event> = {
  initialState: [],
  evolve: (list, e) => (e.type === 'Named' ? [...list, e.name] : list),
}
const count: View<number, Event> = { initialState: 0, evolve: (n) => n + 1 }

const reassociate = <X, Y, Z>([[x, y], z]: readonly [readonly [X, Y], Z]): readonly [
  X,
  readonly [Y, Z],
] => [x, [y, z]]

describe('View', () => {
  it('combine is associative up to re-association of the state', () => {
    const left = combine(combine(total, names), count)
    const right = combine(total, combine(names, count))
    fc.assert(
      fc.property(events, (history) => {
        expect(fold(right)(history)).toEqual(reassociate(fold(left)(history)))
      }),
    )
  })

  it('neutral is the identity of combine, up to [null, s] <-> s', () => {
    fc.assert(
      fc.property(events, (history) => {
        const alone = fold(total)(history)
        expect(fold(combine(neutral, total))(history)).toEqual([null, alone])
        expect(fold(combine(total, neutral))(history)).toEqual([alone, null])
      }),
    )
  })

  it('each half of a combined fold is the fold of its own view', () => {
    fc.assert(
      fc.property(events, (history) => {
        expect(fold(combine(total, names))(history)).toEqual([
          fold(total)(history),
          fold(names)(history),
        ])
      }),
    )
  })

  it('folding a split history (prefix, then suffix from its state) equals folding the whole', () => {
    const both = combine(total, names)
    fc.assert(
      fc.property(events, events, (prefix, suffix) => {
        expect(foldFrom(both)(fold(both)(prefix), suffix)).toEqual(
          fold(both)([...prefix, ...suffix]),
        )
      }),
    )
  })

  it('mapEvent with f folds as the view over the images under f', () => {
    type Wire = { readonly json: string }
    const wired = mapEvent(total, (w: Wire) => JSON.parse(w.json) as Event)
    fc.assert(
      fc.property(events, (history) => {
        const wire = history.map((e): Wire => ({ json: JSON.stringify(e) }))
        expect(fold(wired)(wire)).toBe(fold(total)(history))
      }),
    )
  })

  it('mapState through an isomorphism folds to the image of the fold', () => {
    const boxed = mapState(
      total,
      (n) => ({ n }),
      (b: { readonly n: number }) => b.n,
    )
    fc.assert(
      fc.property(events, (history) => {
        expect(fold(boxed)(history)).toEqual({ n: fold(total)(history) })
      }),
    )
  })

  it('filterEvents folds as the view over the accepted events only', () => {
    type Scored = Extract<Event, { type: 'Scored' }>
    const scoredOnly: View<number, Scored> = { initialState: 0, evolve: (n, e) => n + e.points }
    const widened = filterEvents(scoredOnly, (e: Event): e is Scored => e.type === 'Scored')
    fc.assert(
      fc.property(events, (history) => {
        expect(fold(widened)(history)).toBe(
          fold(scoredOnly)(history.filter((e): e is Scored => e.type === 'Scored')),
        )
      }),
    )
  })

  it('mapping or filtering a view gives a view: the overloads dispatch on the kind', () => {
    const shapes = [
      mapEvent(total, (e: Event) => e),
      mapState(
        total,
        (n) => n,
        (n: number) => n,
      ),
      filterEvents(total, (_e: Event): _e is Event => true),
      combine(total, names),
      combine(neutral, total),
    ]
    for (const view of shapes) expect(Object.keys(view).sort()).toEqual(['evolve', 'initialState'])
  })

  it('combine allocates no new pair when neither side changed', () => {
    const both = combine(total, names)
    expect(both.evolve(both.initialState, { type: 'Scored', points: 0 })).toBe(both.initialState)
  })
})
