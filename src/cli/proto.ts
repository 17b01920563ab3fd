import { Console, Effect } from 'effect'
import { Argument, Command, Flag } from 'effect/cli'
import { nodeCliEnvironment } from './Environment.js'
const demo = Command.make('demo', {
  domain: Argument.Literals('domain', ['bank', 'loot', 'cargo']).pipe(Argument.withDefault('bank')),
  dir: Flag.String('dir').pipe(Flag.withDefault('./foldwise-data')),
}, (i) => Console.log(JSON.stringify(i))).pipe(Command.withDescription('Run a demo'))
const root = Command.make('foldwise').pipe(Command.withSubcommands([demo]))
const program = Command.run(root, { version: '0.1.0' })
Effect.runPromiseExit(program.pipe(Effect.provide(nodeCliEnvironment(process.argv.slice(2))))).then((exit) => { console.log('EXIT', exit._tag, exit._tag === 'Failure' ? String(exit.cause).slice(0, 300) : '') })
