/**
 * A run in progress: the system and plan, the store underneath and the fault queue every
 * component draws from, the handler processes with their clock offsets, and what clients and
 * sagas have sent and been told so far. The steps, followers and quiescence of a run all work
 * on one `RunState`. Internal to the simulation.
 *
 * @since 0.1.0
 */
import type { Exit, Fiber } from 'effect'
import { Clock, Effect } from 'effect'
import { makeMemoryStore } from '../../adapters/memory/MemoryStore.js'
import type { FaultyStore } from './FaultyStore.js'
import { FaultQueue, makeFaultyStore } from './FaultyStore.js'
import type { Acknowledgement } from './Invariants.js'
import type { Plan, Send } from './Plan.js'
import { ReactionLedger } from './Reactions.js'
import type { HandlerProcess, SimulationRuntime } from './Runtime.js'
import { effectRuntime } from './Runtime.js'
import type { SimulatedHandler, SimulatedSystem } from './System.js'
import type { Trace } from './Trace.js'
import { skewed } from './Time.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Everything a run has and has done so far.
 *
 * @category internals
 * @since 0.1.0
 */
export interface RunState {
  readonly system: SimulatedSystem
  readonly trace: Trace
  /** The store underneath, without faults: the invariants read it. */
  readonly inner: FaultyStore
  readonly faults: FaultQueue
  readonly runtime: SimulationRuntime
  readonly clock: Clock.Clock
  /** Each handler process's clock offset (ms). */
  readonly offsets: Array<number>
  readonly processes: Array<HandlerProcess>
  /** Every command id a client or a saga sent. */
  readonly issued: Set<string>
  readonly acknowledged: Array<Acknowledgement>
  readonly reactions: ReactionLedger
  /** Every client send so far, for `Resend`. */
  readonly sent: Array<Send>
  /** The long-running follower of each projection (the latest one started), with its exit. */
  readonly followers: Map<string, Fiber.Fiber<Exit.Exit<unknown, unknown>>>
  /** The fault-injecting store of one component. */
  readonly storeFor: (component: string) => FaultyStore
  readonly handlerOf: (name: string) => SimulatedHandler
  /** Restarts handler process `p`: a new process replaces it. */
  readonly restart: (p: number) => void
  /** Runs `effect` on process `p`'s (possibly skewed) clock. */
  readonly onClock: <A, E>(p: number, effect: Effect.Effect<A, E>) => Effect.Effect<A, E>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A fresh run of `plan`: an empty store, the plan's processes started, nothing sent yet.
 *
 * @category internals
 * @since 0.1.0
 */
export const makeRunState = (
  system: SimulatedSystem,
  plan: Plan,
  trace: Trace,
  clock: Clock.Clock,
): RunState => {
  const inner = system.store?.() ?? makeMemoryStore()
  const faults = new FaultQueue(plan.faults)
  const runtime = system.runtime ?? effectRuntime
  // A component's wrapper holds no state of its own, so each component has one for the run.
  const stores = new Map<string, FaultyStore>()
  const storeFor = (component: string): FaultyStore => {
    let store = stores.get(component)
    if (store === undefined) {
      store = makeFaultyStore(inner, faults, trace, component)
      stores.set(component, store)
    }
    return store
  }
  const offsets: Array<number> = []
  const processes: Array<HandlerProcess> = []
  for (let p = 0; p < plan.processes; p++) {
    offsets.push(0)
    processes.push(runtime.start(storeFor(`p${p}`), undefined))
  }
  const handlers = new Map(system.handlers.map((handler) => [handler.name, handler]))
  return {
    system,
    trace,
    inner,
    faults,
    runtime,
    clock,
    offsets,
    processes,
    issued: new Set(),
    acknowledged: [],
    reactions: new ReactionLedger(),
    sent: [],
    followers: new Map(),
    storeFor,
    handlerOf: (name) => {
      const handler = handlers.get(name)
      if (handler === undefined) throw new Error(`no handler named ${name}`)
      return handler
    },
    restart: (p) => {
      processes[p] = runtime.start(storeFor(`p${p}`), processes[p])
      trace.record(`p${p}`, 'restarted')
    },
    onClock: (p, effect) => {
      const offset = offsets[p] ?? 0
      return offset === 0
        ? effect
        : Effect.provideService(effect, Clock.Clock, skewed(clock, offset))
    },
  }
}
