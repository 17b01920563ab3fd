/**
 * The ledger of saga reactions and the `sagasReactOnce` invariant. A saga reacts once to a
 * triggering event when each command its `react` gives for that event (a *reaction*) is
 * dispatched under one command id only, and, by quiescence, answered: accepted (its events are
 * then in the log exactly once, as for any acknowledged command) or rejected by the domain.
 * Dispatching a reaction again under the same id is a re-delivery (a runner restarted after a
 * crash does it) and the handler deduplicates it; dispatching it under a second id is a
 * second reaction, which the handler would apply twice, and is caught when it happens, whether
 * or not the domain happens to reject the copy. A reaction never dispatched, or left failed,
 * is caught at quiescence.
 *
 * @since 0.1.0
 */
import type { RecordedEvent } from '../../codec/RecordedEvent.js'
import { deepEqual } from '../deepEqual.js'
import type { Violation } from './Invariants.js'
import type { HandleResult } from './Runtime.js'
import type { SagaCommand, SimulatedSaga, SimulatedSystem } from './System.js'
import { stableJson } from './Trace.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

interface Reaction {
  readonly commandId: string
  readonly command: SagaCommand
  /** The last answer to it (undefined while none came back). */
  answer: HandleResult | undefined
}

const describe = (event: RecordedEvent): string =>
  `${event.streamId}@${event.streamVersion} (${event.type})`

const violation = (message: string): Violation => ({ invariant: 'sagasReactOnce', message })

/**
 * Every reaction a saga dispatched, by triggering event and by command id.
 *
 * @category model
 * @since 0.1.0
 */
export class ReactionLedger {
  /** `<saga>\0<event id>` -> the reactions to that event, by index. */
  private readonly byEvent = new Map<string, Array<Reaction | undefined>>()
  private readonly byCommandId = new Map<string, Reaction>()
  private broken: Violation | undefined

  /** The first reaction dispatched twice, or not asked for (undefined while none was). */
  get problem(): Violation | undefined {
    return this.broken
  }

  /** Records that `saga` dispatched `command` under `commandId`, in reaction to `event`. */
  dispatched(
    saga: SimulatedSaga,
    event: RecordedEvent,
    command: SagaCommand,
    commandId: string,
  ): void {
    if (this.broken !== undefined) return
    const known = this.byCommandId.get(commandId)
    if (known !== undefined) {
      if (!deepEqual(known.command, command))
        this.broken = violation(
          `saga ${saga.name} dispatched ${stableJson(command)} under command id ${commandId}, already used for ${stableJson(known.command)}`,
        )
      return
    }
    const decoded = saga.codec.decode(event)
    const asked = decoded._tag === 'Right' ? saga.react(decoded.right) : []
    const key = `${saga.name}\u0000${event.eventId}`
    let slots = this.byEvent.get(key)
    if (slots === undefined) {
      slots = new Array<Reaction | undefined>(asked.length).fill(undefined)
      this.byEvent.set(key, slots)
    }
    let matching = -1
    for (let i = 0; i < asked.length; i++) {
      if (!deepEqual(asked[i], command)) continue
      if (slots[i] === undefined) {
        const reaction: Reaction = { commandId, command, answer: undefined }
        slots[i] = reaction
        this.byCommandId.set(commandId, reaction)
        return
      }
      if (matching < 0) matching = i
    }
    const first = slots[matching]
    this.broken =
      first === undefined
        ? violation(
            `saga ${saga.name} dispatched ${stableJson(command)} for ${describe(event)}, which react does not ask for`,
          )
        : violation(
            `saga ${saga.name} reacted twice to ${describe(event)}: reaction ${matching} was dispatched under command ids ${first.commandId} and ${commandId}`,
          )
  }

  /** Records the answer a reaction's command got. */
  answered(commandId: string, answer: HandleResult): void {
    const reaction = this.byCommandId.get(commandId)
    if (reaction !== undefined) reaction.answer = answer
  }

  /**
   * At quiescence: every reaction to every event of `log` was dispatched and answered
   * (accepted or rejected).
   */
  complete(system: SimulatedSystem, log: ReadonlyArray<RecordedEvent>): Violation | undefined {
    for (const saga of system.sagas ?? []) {
      for (const event of log) {
        const decoded = saga.codec.decode(event)
        if (decoded._tag === 'Left') continue
        const asked = saga.react(decoded.right)
        if (asked.length === 0) continue
        const slots = this.byEvent.get(`${saga.name}\u0000${event.eventId}`)
        for (let i = 0; i < asked.length; i++) {
          const reaction = slots?.[i]
          if (reaction === undefined)
            return violation(
              `saga ${saga.name} never dispatched reaction ${i} to ${describe(event)}`,
            )
          if (reaction.answer === undefined || reaction.answer._tag === 'Failed')
            return violation(
              `reaction ${i} of saga ${saga.name} to ${describe(event)} (command id ${reaction.commandId}) was never answered${reaction.answer === undefined ? '' : `: it failed with ${stableJson(reaction.answer.error)}`}`,
            )
        }
      }
    }
    return undefined
  }
}
