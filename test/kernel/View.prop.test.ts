import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { View } from '../../src/index.js'
import {
  combineViews,
  filterViewEvents,
  foldView,
  foldViewFrom,
  mapViewEvent,
  mapViewState,
  neutralView,
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
  it('combineViews is associative up to re-association of the state', () => {
    const left = combineViews(combineViews(total, names), count)
    const right = combineViews(total, combineViews(names, count))
    fc.assert(
      fc.property(events, (history) => {
        expect(foldView(right)(history)).toEqual(reassociate(foldView(left)(history)))
      }),
    )
  })

  it('neutralView is the identity of combineViews, up to [null, s] <-> s', () => {
    fc.assert(
      fc.property(events, (history) => {
        const alone = foldView(total)(history)
        expect(foldView(combineViews(neutralView, total))(history)).toEqual([null, alone])
        expect(foldView(combineViews(total, neutralView))(history)).toEqual([alone, null])
      }),
    )
  })

  it('each half of a combined fold is the fold of its own view', () => {
    fc.assert(
      fc.property(events, (history) => {
        expect(foldView(combineViews(total, names))(history)).toEqual([
          foldView(total)(history),
          foldView(names)(history),
        ])
      }),
    )
  })

  it('folding a split history (prefix, then suffix from its state) equals folding the whole', () => {
    const both = combineViews(total, names)
    fc.assert(
      fc.property(events, events, (prefix, suffix) => {
        expect(foldViewFrom(both)(foldView(both)(prefix), suffix)).toEqual(
          foldView(both)([...prefix, ...suffix]),
        )
      }),
    )
  })

  it('mapViewEvent with f folds as the view over the images under f', () => {
    type Wire = { readonly json: string }
    const wired = mapViewEvent(total, (w: Wire) => JSON.parse(w.json) as Event)
    fc.assert(
      fc.property(events, (history) => {
        const wire = history.map((e): Wire => ({ json: JSON.stringify(e) }))
        expect(foldView(wired)(wire)).toBe(foldView(total)(history))
      }),
    )
  })

  it('mapViewState through an isomorphism folds to the image of the fold', () => {
    const boxed = mapViewState(
      total,
      (n) => ({ n }),
      (b: { readonly n: number }) => b.n,
    )
    fc.assert(
      fc.property(events, (history) => {
        expect(foldView(boxed)(history)).toEqual({ n: foldView(total)(history) })
      }),
    )
  })

  it('filterViewEvents folds as the view over the accepted events only', () => {
    type Scored = Extract<Event, { type: 'Scored' }>
    const scoredOnly: View<number, Scored> = { initialState: 0, evolve: (n, e) => n + e.points }
    const widened = filterViewEvents(scoredOnly, (e: Event): e is Scored => e.type === 'Scored')
    fc.assert(
      fc.property(events, (history) => {
        expect(foldView(widened)(history)).toBe(
          foldView(scoredOnly)(history.filter((e): e is Scored => e.type === 'Scored')),
        )
      }),
    )
  })

  it('combineViews allocates no new pair when neither side changed', () => {
    const both = combineViews(total, names)
    expect(both.evolve(both.initialState, { type: 'Scored', points: 0 })).toBe(both.initialState)
  })
})
