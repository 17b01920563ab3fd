/**
 * `foldwise sql [--schema NAME]`: prints the PostgreSQL migration for a schema, for teams that
 * run migrations themselves (then open the store with `migrate: false`). The same SQL the
 * store runs on open; `sql/001_foldwise.sql` is its output for the default schema.
 *
 * @since 0.1.0
 */
import { Console, Effect, Option } from 'effect'
import { Command, Flag } from 'effect/cli'
import { defaultSchema, isSchemaName, migrationSql } from '../../adapters/postgres/migration.js'
import { badInput } from '../CliFailure.js'

/**
 * The `sql` command.
 *
 * @category commands
 * @since 0.1.0
 */
export const sqlCommand = Command.make(
  'sql',
  {
    schema: Flag.String('schema').pipe(
      Flag.withDescription(`The schema to create the tables in (default ${defaultSchema})`),
      Flag.optional,
    ),
  },
  ({ schema }) => {
    const name = Option.getOrElse(schema, () => defaultSchema)
    return isSchemaName(name)
      ? Console.log(migrationSql(name))
      : Effect.fail(
          badInput(
            `--schema ${name}: a schema name must be a lower-case SQL identifier: [a-z_][a-z0-9_]{0,62}`,
          ),
        )
  },
).pipe(
  Command.withDescription(
    'Print the PostgreSQL migration for a schema (for teams that run migrations themselves)',
  ),
  Command.withExamples([
    { command: 'foldwise sql --schema billing > migrations/001_foldwise.sql', description: '' },
  ]),
)
