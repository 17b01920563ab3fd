/**
 * Runs one plan: the handler processes, projections and sagas of a system over one store
 * wrapped in fault injection, steps taken in order on effect's `TestClock` (simulated time
 * only advances when everything runnable is waiting), invariants checked after each step and
 * once more at quiescence (faults off, every follower caught up). Nothing reads the wall clock
 * or draws real randomness: event ids and retry jitter come from the plan's seed.
 *
 * @since 0.1.0
 */
import type { Exit } from 'effect'
import { Clock, Effect, Fiber, Random } from 'effect'
import { TestClock } from 'effect/testing'
import { makeMemoryStore } from '../../adapters/memory/MemoryStore.js'
import type { Projection } from '../../runtime/Projections.js'
import type { SagaProcess } from '../../runtime/Sagas.js'
import { IdGenerator, seededIdGenerator } from '../../runtime/services.js'
import type { ProjectionCheckpoint } from '../../store/EventStore.js'
import type { FaultyStore } from './FaultyStore.js'
import { FaultQueue, makeFaultyStore } from './FaultyStore.js'
import type { Acknowledgement, Violation } from './Invariants.js'
import { checkInvariants } from './Invariants.js'
import type { Plan, Send, Step } from './Plan.js'
import type { HandleResult, HandlerProcess, SagaDispatchFailed } from './Runtime.js'
import { effectRuntime } from './Runtime.js'
import type { SagaCommand, SimulatedSystem } from './System.js'
import { Trace } from './Trace.js'
import { causeOf, crashOf, drive, epoch, maxSimulatedMillis, skewed } from './Time.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The result of one run: its trace and the first invariant it broke, with the step it broke at
 * (`-1` at quiescence).
 *
 * @category model
 * @since 0.1.0
 */
export interface SimulationRun {
  readonly trace: ReadonlyArray<string>
  /** How many of the plan's faults were handed out before the run ended or broke. */
  readonly faultsUsed: number
  readonly violation: (Violation & { readonly step: number }) | undefined
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

const describeResult = (result: HandleResult): unknown =>
  result._tag === 'Accepted'
    ? { accepted: result.outcome.events.length, version: result.outcome.version }
    : result._tag === 'Rejected'
      ? { rejected: result.rejection }
      : { failed: result.error }

// -------------------------------------------------------------------------------------
// running
// -------------------------------------------------------------------------------------

/**
 * Runs one plan against a system and returns its trace and the first broken invariant.
 *
 * @category running
 * @since 0.1.0
 */
export const runPlan = (system: SimulatedSystem, plan: Plan): Promise<SimulationRun> =>
  Effect.runPromise(
    runPlanEffect(system, plan).pipe(
      Effect.provide(TestClock.layer()),
      Random.withSeed(plan.seed),
      Effect.provideService(IdGenerator, seededIdGenerator(plan.seed)),
    ),
  )

const runPlanEffect = (system: SimulatedSystem, plan: Plan): Effect.Effect<SimulationRun> =>
  Effect.gen(function* () {
    yield* TestClock.setTime(epoch)
    const clock = yield* Clock.clockWith(Effect.succeed)
    const trace = new Trace(() => clock.currentTimeMillisUnsafe() - epoch)
    const inner = system.store?.() ?? makeMemoryStore()
    const faults = new FaultQueue(plan.faults)
    const runtime = system.runtime ?? effectRuntime
    const storeFor = (component: string): FaultyStore =>
      makeFaultyStore(inner, faults, trace, component)
    const offsets: Array<number> = []
    const processes: Array<HandlerProcess> = []
    for (let p = 0; p < plan.processes; p++) {
      offsets.push(0)
      processes.push(runtime.start(storeFor(`p${p}`), undefined))
    }
    const issued = new Set<string>()
    const acknowledged: Array<Acknowledgement> = []
    const dispatched = new Map<string, number>()
    const sent: Array<Send> = []
    const followers = new Map<string, Fiber.Fiber<unknown>>()
    const handlerOf = (name: string) => {
      const handler = system.handlers.find((h) => h.name === name)
      if (handler === undefined) throw new Error(`no handler named ${name}`)
      return handler
    }
    const onClock = <A, E>(p: number, effect: Effect.Effect<A, E>): Effect.Effect<A, E> =>
      offsets[p] === 0
        ? effect
        : Effect.provideService(effect, Clock.Clock, skewed(clock, offsets[p] ?? 0))

    const restart = (p: number): void => {
      processes[p] = runtime.start(storeFor(`p${p}`), processes[p])
      trace.record(`p${p}`, 'restarted')
    }

    /** A client sends a command and retries it, with its id, after a failure or a crash. */
    const clientSend = (send: Send): Effect.Effect<void> =>
      Effect.gen(function* () {
        issued.add(send.commandId)
        for (let attempt = 1; attempt <= 3; attempt++) {
          const p = send.process
          trace.record('client', 'send', {
            commandId: send.commandId,
            handler: send.handler,
            streamId: send.streamId,
            process: p,
            attempt,
            command: send.command,
          })
          const process = processes[p] as HandlerProcess
          const exit = yield* Effect.exit(
            onClock(
              p,
              process.handle(handlerOf(send.handler), send.streamId, send.command, send.commandId),
            ),
          )
          if (exit._tag === 'Success') {
            trace.record('client', 'got', {
              commandId: send.commandId,
              ...(describeResult(exit.value) as object),
            })
            if (exit.value._tag === 'Accepted')
              acknowledged.push({
                handler: send.handler,
                streamId: send.streamId,
                commandId: send.commandId,
                outcome: exit.value.outcome,
              })
            if (exit.value._tag !== 'Failed') return
          } else if (crashOf(exit.cause)) {
            trace.record('client', 'lost', { commandId: send.commandId })
            if (processes[p] === process) restart(p)
          } else {
            trace.record('client', 'defect', {
              commandId: send.commandId,
              cause: causeOf(exit.cause),
            })
            return
          }
        }
      })

    /** How a follower's run ended, in the trace: hung, caught up, crashed, or stopped (and why). */
    const recordEnd = (component: string, exit: Exit.Exit<unknown, unknown> | undefined): void =>
      trace.record(
        component,
        exit === undefined
          ? 'hung'
          : exit._tag === 'Success'
            ? 'caught up'
            : crashOf(exit.cause)
              ? 'crashed'
              : 'stopped',
        exit !== undefined && exit._tag === 'Failure' && !crashOf(exit.cause)
          ? { cause: causeOf(exit.cause) }
          : undefined,
      )

    const project = (projection: Projection<unknown, unknown>, pageSize: number) =>
      Effect.gen(function* () {
        const component = `projection:${projection.name}`
        const exit = yield* drive(runtime.project({ ...projection, pageSize }, storeFor(component)))
        recordEnd(component, exit)
        return exit
      })

    const react = (name: string, pageSize: number) =>
      Effect.gen(function* () {
        const saga = system.sagas?.find((s) => s.name === name)
        if (saga === undefined) return undefined
        const component = `saga:${saga.name}`
        const store = storeFor(component)
        const process = runtime.start(store, undefined)
        const runner: SagaProcess<unknown, unknown, SagaDispatchFailed, never> = {
          name: saga.name,
          codec: saga.codec,
          saga: { react: saga.react },
          pageSize,
          dispatch: (action, context) =>
            Effect.gen(function* () {
              const command = action as SagaCommand
              issued.add(context.commandId)
              dispatched.set(context.commandId, (dispatched.get(context.commandId) ?? 0) + 1)
              trace.record(component, 'dispatch', {
                commandId: context.commandId,
                streamId: command.streamId,
                command: command.command,
              })
              const result = yield* process.handle(
                handlerOf(command.handler),
                command.streamId,
                command.command,
                context.commandId,
              )
              trace.record(component, 'got', {
                commandId: context.commandId,
                ...(describeResult(result) as object),
              })
              if (result._tag === 'Failed')
                return yield* Effect.fail<SagaDispatchFailed>({
                  _tag: 'SagaDispatchFailed',
                  error: result.error,
                })
              if (result._tag === 'Accepted')
                acknowledged.push({
                  handler: command.handler,
                  streamId: command.streamId,
                  commandId: context.commandId,
                  outcome: result.outcome,
                })
            }),
        }
        const exit = yield* drive(runtime.react(runner, store))
        recordEnd(component, exit)
        return exit
      })

    const runStep = (step: Step): Effect.Effect<boolean> =>
      Effect.gen(function* () {
        switch (step._tag) {
          case 'Sends': {
            for (const send of step.sends) sent.push(send)
            const exit = yield* drive(
              Effect.all(step.sends.map(clientSend), { concurrency: 'unbounded', discard: true }),
            )
            return exit !== undefined
          }
          case 'Resend': {
            const earlier = sent[step.pick % Math.max(1, sent.length)]
            if (earlier === undefined) return true
            const again: Send = {
              process: step.process,
              handler: earlier.handler,
              streamId: earlier.streamId,
              command: earlier.command,
              commandId: earlier.commandId,
            }
            return (yield* drive(clientSend(again))) !== undefined
          }
          case 'Crash':
            trace.record(`p${step.process}`, 'crash')
            restart(step.process)
            return true
          case 'Project': {
            const projection = system.projections?.find((p) => p.name === step.projection)
            if (projection === undefined) return true
            return (yield* project(projection, step.pageSize)) !== undefined
          }
          case 'Follow': {
            const projection = system.projections?.find((p) => p.name === step.projection)
            const running = followers.get(step.projection)
            if (
              projection === undefined ||
              (running !== undefined && running.pollUnsafe() === undefined)
            )
              return true
            const component = `follower:${projection.name}`
            trace.record(component, 'started')
            const fiber = yield* Effect.forkChild(
              Effect.exit(runtime.follow(projection, storeFor(component))).pipe(
                Effect.tap((exit) =>
                  Effect.sync(() => {
                    if (exit._tag === 'Success') trace.record(component, 'ended')
                    else
                      trace.record(component, crashOf(exit.cause) ? 'crashed' : 'stopped', {
                        cause: causeOf(exit.cause),
                      })
                  }),
                ),
              ),
            )
            followers.set(step.projection, fiber)
            return true
          }
          case 'React':
            return (yield* react(step.saga, step.pageSize)) !== undefined
          case 'Clock':
            trace.record('clock', 'jump', { millis: step.millis })
            yield* TestClock.adjust(step.millis)
            return true
          case 'Skew':
            trace.record(`p${step.process}`, 'skew', { millis: step.millis })
            offsets[step.process] = step.millis
            return true
        }
      })

    let checkedAcks = 0
    const check = (step: number, quiescent: boolean) =>
      Effect.gen(function* () {
        const log = yield* Effect.orDie(inner.readAll())
        const checkpoints = new Map<string, ProjectionCheckpoint | undefined>()
        for (const projection of system.projections ?? [])
          if (inner.loadCheckpoint !== undefined)
            checkpoints.set(
              projection.name,
              yield* Effect.orDie(inner.loadCheckpoint(projection.name)),
            )
        const violation = checkInvariants(
          system,
          { issued, acknowledged, dispatched, batches: trace.batches },
          { log, checkpoints },
          { fromAck: checkedAcks, quiescent },
        )
        checkedAcks = acknowledged.length
        if (violation === undefined) return undefined
        trace.record('check', 'violated', violation)
        return { ...violation, step }
      })

    for (let index = 0; index < plan.steps.length; index++) {
      const finished = yield* runStep(plan.steps[index] as Step)
      if (!finished) {
        trace.record('check', 'violated', { invariant: 'progress' })
        return {
          trace: trace.lines,
          faultsUsed: faults.used,
          violation: {
            invariant: 'progress',
            message: `step ${index} did not finish within ${maxSimulatedMillis / 1000} s of simulated time`,
            step: index,
          },
        }
      }
      const violation = yield* check(index, false)
      if (violation !== undefined) return { trace: trace.lines, faultsUsed: faults.used, violation }
    }

    faults.disabled = true
    trace.record('check', 'quiescence')
    // Live followers get the time to catch up on their own (new appends wake them, or their
    // poll does), then stop.
    if (followers.size > 0) {
      yield* drive(Effect.sleep(10_000))
      const head = yield* Effect.orDie(inner.headPosition())
      for (const [name, fiber] of followers) {
        if (fiber.pollUnsafe() !== undefined) continue
        yield* Fiber.interrupt(fiber)
        const saved =
          inner.loadCheckpoint === undefined
            ? undefined
            : yield* Effect.orDie(inner.loadCheckpoint(name))
        if ((saved?.position ?? 0) < head) {
          const violation = {
            invariant: 'followersCatchUp',
            message: `the follower of ${name} is still running but stopped at ${saved?.position ?? 0} of ${head} after 10 s without faults`,
            step: -1,
          }
          trace.record('check', 'violated', violation)
          return { trace: trace.lines, faultsUsed: faults.used, violation }
        }
      }
    }
    for (let round = 0; round < 3; round++) {
      for (const saga of system.sagas ?? []) yield* react(saga.name, 1_000)
      for (const projection of system.projections ?? []) yield* project(projection, 1_000)
    }
    const violation = yield* check(-1, true)
    return { trace: trace.lines, faultsUsed: faults.used, violation }
  }).pipe(Effect.orDie)
