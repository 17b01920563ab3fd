/**
 * The log as the invariants read it, kept up to date as it grows: its records by stream and by
 * command id, and the states each handler's decider folds from a stream. A run reads only the
 * records appended since its last check and each stream's states are folded once, event by
 * event, so checking after every step costs what the step added, not the whole log again (the
 * log only grows: `add` refuses a record out of order). Internal to the simulation.
 *
 * @since 0.1.0
 */
import type { RecordedEvent } from '../../codec/RecordedEvent.js'
import type { SimulatedHandler } from './System.js'
import { stableJson } from './Trace.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

interface Folded {
  /** The states after 0, 1, ... of the stream's events. */
  readonly states: Array<unknown>
  state: unknown
}

/**
 * An index of the log, extended record by record.
 *
 * @category internals
 * @since 0.1.0
 */
export class LogIndex {
  readonly log: Array<RecordedEvent> = []
  private readonly byStream = new Map<string, Array<RecordedEvent>>()
  private readonly byCommandId = new Map<string, Array<RecordedEvent>>()
  private readonly folded = new Map<string, Folded>()
  private readonly handlers: ReadonlyMap<string, SimulatedHandler>

  constructor(handlers: ReadonlyArray<SimulatedHandler>) {
    this.handlers = new Map(handlers.map((handler) => [handler.name, handler]))
  }

  /** Adds the records that follow the ones indexed so far (throws on a gap: a log rewritten). */
  add(records: ReadonlyArray<RecordedEvent>): void {
    for (const record of records) {
      if (record.globalPosition !== this.log.length + 1)
        throw new Error(
          `the log is not append-only: position ${record.globalPosition} read after ${this.log.length}`,
        )
      this.log.push(record)
      const stream = this.byStream.get(record.streamId)
      if (stream === undefined) this.byStream.set(record.streamId, [record])
      else stream.push(record)
      const commandId = record.metadata.commandId
      if (commandId === undefined) continue
      const ofCommand = this.byCommandId.get(commandId)
      if (ofCommand === undefined) this.byCommandId.set(commandId, [record])
      else ofCommand.push(record)
    }
  }

  /** The records stored under a command id, in log order. */
  recordsOf(commandId: string): ReadonlyArray<RecordedEvent> {
    return this.byCommandId.get(commandId) ?? []
  }

  /** The stream ids of the log, in order of first appearance. */
  streamIds(): ReadonlyArray<string> {
    return Array.from(this.byStream.keys())
  }

  /** The states of a stream after 0, 1, ... of its events, folded by a handler's decider. */
  statesOf(handlerName: string, streamId: string): ReadonlyArray<unknown> {
    const handler = this.handlers.get(handlerName)
    if (handler === undefined) throw new Error(`no handler named ${handlerName}`)
    const key = `${handlerName}\u0000${streamId}`
    let folded = this.folded.get(key)
    if (folded === undefined) {
      folded = { states: [handler.decider.initialState], state: handler.decider.initialState }
      this.folded.set(key, folded)
    }
    const records = this.byStream.get(streamId) ?? []
    for (let i = folded.states.length - 1; i < records.length; i++) {
      const record = records[i] as RecordedEvent
      const event = handler.codec.decode(record)
      if (event._tag === 'Left')
        throw new Error(`${streamId}@${record.streamVersion}: ${stableJson(event.left)}`)
      folded.state = handler.decider.evolve(folded.state, event.right)
      folded.states.push(folded.state)
    }
    return folded.states
  }
}
