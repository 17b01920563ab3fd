import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fold, mapCommand, mapEvent, mapRejection, mapState } from '../../src/index.js'
import type { CounterCommand, CounterEvent, CounterRejection, SwitchState } from './fixtures.js'
import {
  counter,
  counterCommand,
  counterEvent,
  lightSwitch,
  runCommands,
  switchCommand,
  switchEvent,
} from './fixtures.js'

const identity = <A>(a: A): A => a

/** The counter's events on the wire: a tag and a JSON payload. */
type Wire = { readonly kind: string; readonly payload: string }
const encode = (event: CounterEvent): Wire => ({ kind: event.type, payload: JSON.stringify(event) })
const decode = (wire: Wire): CounterEvent => JSON.parse(wire.payload) as CounterEvent

/** The switch's state as a tuple: an isomorphism with the record. */
type SwitchTuple = readonly [boolean, boolean]
const toTuple = (s: SwitchState): SwitchTuple => [s.on, s.broken]
const fromTuple = ([on, broken]: SwitchTuple): SwitchState => ({ on, broken })

describe('mapCommand', () => {
  it('mapping commands with the identity changes nothing', () => {
    fc.assert(
      fc.property(fc.array(counterCommand, { maxLength: 30 }), (commands) => {
        expect(runCommands(mapCommand(counter, identity<CounterCommand>), commands)).toEqual(
          runCommands(counter, commands),
        )
      }),
    )
  })

  it('mapping commands by f then g equals mapping once by f after g', () => {
    fc.assert(
      fc.property(
        fc.func(counterCommand),
        fc.func(fc.string()),
        fc.array(fc.integer(), { maxLength: 30 }),
        (f: (s: string) => CounterCommand, g: (n: number) => string, inputs) => {
          const twice = mapCommand(mapCommand(counter, f), g)
          const once = mapCommand(counter, (n: number) => f(g(n)))
          expect(runCommands(twice, inputs)).toEqual(runCommands(once, inputs))
        },
      ),
    )
  })
})

describe('mapEvent', () => {
  it('mapping events with identities changes nothing', () => {
    const same = mapEvent(counter, identity<CounterEvent>, identity<CounterEvent>)
    fc.assert(
      fc.property(fc.array(counterCommand, { maxLength: 30 }), (commands) => {
        expect(runCommands(same, commands)).toEqual(runCommands(counter, commands))
      }),
    )
  })

  it('with decode after encode the identity, the encoded history folds to the same state', () => {
    const wired = mapEvent(counter, decode, encode)
    fc.assert(
      fc.property(fc.array(counterEvent, { maxLength: 50 }), (events) => {
        expect(fold(wired)(events.map(encode))).toEqual(fold(counter)(events))
      }),
    )
  })

  it('decided events are the encodings of what the decider decides', () => {
    const wired = mapEvent(counter, decode, encode)
    fc.assert(
      fc.property(fc.array(counterCommand, { maxLength: 30 }), (commands) => {
        const plain = runCommands(counter, commands)
        const run = runCommands(wired, commands)
        expect(run.decisions).toEqual(
          plain.decisions.map((d) =>
            d._tag === 'Left' ? d : { _tag: 'Right', right: d.right.map(encode) },
          ),
        )
        expect(run.states).toEqual(plain.states)
      }),
    )
  })

  it('mapping events twice equals mapping once with the composed decoders and encoders', () => {
    type Boxed = { readonly wire: Wire }
    const twice = mapEvent(
      mapEvent(counter, decode, encode),
      (b: Boxed) => b.wire,
      (wire): Boxed => ({ wire }),
    )
    const once = mapEvent(
      counter,
      (b: Boxed) => decode(b.wire),
      (e): Boxed => ({ wire: encode(e) }),
    )
    fc.assert(
      fc.property(fc.array(counterCommand, { maxLength: 30 }), (commands) => {
        expect(runCommands(twice, commands)).toEqual(runCommands(once, commands))
      }),
    )
  })
})

describe('mapState', () => {
  it('mapping state with identities changes nothing', () => {
    const same = mapState(lightSwitch, identity<SwitchState>, identity<SwitchState>)
    fc.assert(
      fc.property(fc.array(switchCommand, { maxLength: 30 }), (commands) => {
        expect(runCommands(same, commands)).toEqual(runCommands(lightSwitch, commands))
      }),
    )
  })

  it('through an isomorphism, the mapped fold is the image of the fold', () => {
    const tupled = mapState(lightSwitch, toTuple, fromTuple)
    fc.assert(
      fc.property(fc.array(switchEvent, { maxLength: 50 }), (events) => {
        expect(fold(tupled)(events)).toEqual(toTuple(fold(lightSwitch)(events)))
      }),
    )
  })

  it('through an isomorphism, decisions and terminality are unchanged', () => {
    const tupled = mapState(lightSwitch, toTuple, fromTuple)
    fc.assert(
      fc.property(fc.array(switchCommand, { maxLength: 30 }), (commands) => {
        const plain = runCommands(lightSwitch, commands)
        const run = runCommands(tupled, commands)
        expect(run.decisions).toEqual(plain.decisions)
        expect(run.states).toEqual(plain.states.map(toTuple))
        expect(run.terminal).toEqual(plain.terminal)
      }),
    )
  })

  it('mapping state twice equals mapping once with the composed isomorphisms', () => {
    type Boxed = { readonly tuple: SwitchTuple }
    const twice = mapState(
      mapState(lightSwitch, toTuple, fromTuple),
      (tuple): Boxed => ({ tuple }),
      (b: Boxed) => b.tuple,
    )
    const once = mapState(
      lightSwitch,
      (s): Boxed => ({ tuple: toTuple(s) }),
      (b: Boxed) => fromTuple(b.tuple),
    )
    fc.assert(
      fc.property(fc.array(switchCommand, { maxLength: 30 }), (commands) => {
        expect(runCommands(twice, commands)).toEqual(runCommands(once, commands))
      }),
    )
  })
})

describe('mapRejection', () => {
  it('mapping rejections with the identity changes nothing', () => {
    fc.assert(
      fc.property(fc.array(counterCommand, { maxLength: 30 }), (commands) => {
        expect(runCommands(mapRejection(counter, identity<CounterRejection>), commands)).toEqual(
          runCommands(counter, commands),
        )
      }),
    )
  })

  it('mapped rejections are the images of the rejections; events are untouched', () => {
    const wrap = (r: CounterRejection) => ({ _tag: 'CounterRefused' as const, reason: r })
    fc.assert(
      fc.property(fc.array(counterCommand, { maxLength: 30 }), (commands) => {
        const plain = runCommands(counter, commands)
        const run = runCommands(mapRejection(counter, wrap), commands)
        expect(run.decisions).toEqual(
          plain.decisions.map((d) =>
            d._tag === 'Left' ? { _tag: 'Left', left: wrap(d.left) } : d,
          ),
        )
        expect(run.states).toEqual(plain.states)
      }),
    )
  })
})
