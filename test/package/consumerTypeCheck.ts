/**
 * Type-checking (and emitting) the consumer test's small projects in this process, all through
 * one cache of parsed files. Each project is what `tsc -p` would compile with its own options,
 * but the ~430 declaration files they share (TypeScript's libs, @types/node, effect, fp-ts, io-ts,
 * the packed foldwise) are parsed once instead of once per project: measured here, parsing was
 * 4-5 s of each 5-9 s `tsc` run and checking 0.2-0.3 s.
 */
import { join } from 'node:path'
import ts from 'typescript'

/** One project: its directory, its `compilerOptions` as tsconfig.json would spell them, its files. */
export interface ConsumerProject {
  readonly dir: string
  readonly compilerOptions: Readonly<Record<string, unknown>>
  readonly files: ReadonlyArray<string>
  /**
   * Only these files' diagnostics (with the options' and global ones): with `skipLibCheck` off,
   * checking every declaration file of effect costs ~8 s, checking the packed foldwise's 0.5 s.
   */
  readonly checkOnly?: (fileName: string) => boolean
}

/** The cache key of a parse: the file, and the options that change how it parses. */
const parseKey = (
  fileName: string,
  options: ts.ScriptTarget | ts.CreateSourceFileOptions,
): string =>
  typeof options === 'object'
    ? `${fileName}\0${options.languageVersion}\0${String(options.impliedNodeFormat)}\0${String(options.jsDocParsingMode)}`
    : `${fileName}\0${options}`

/**
 * A checker whose projects share parsed files; `check` compiles one project, emitting unless it
 * says `noEmit`, and returns its diagnostics formatted as `tsc` prints them (empty when clean).
 */
export const makeConsumerTypeChecker = (): {
  readonly check: (project: ConsumerProject) => ReadonlyArray<string>
} => {
  const parsed = new Map<string, ts.SourceFile>()
  const check = (project: ConsumerProject): ReadonlyArray<string> => {
    const converted = ts.convertCompilerOptionsFromJson(project.compilerOptions, project.dir)
    if (converted.errors.length > 0)
      return converted.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
    const options = converted.options
    const host = ts.createCompilerHost(options)
    const parse = host.getSourceFile.bind(host)
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      // The projects' own files are written by the test and parsed anew; shared ones once.
      if (!fileName.includes('/node_modules/') && !fileName.includes('/typescript/lib/'))
        return parse(fileName, languageVersion, onError, shouldCreate)
      const key = parseKey(fileName, languageVersion)
      let file = parsed.get(key)
      if (file === undefined) {
        file = parse(fileName, languageVersion, onError, shouldCreate)
        if (file !== undefined) parsed.set(key, file)
      }
      return file
    }
    const program = ts.createProgram({
      rootNames: project.files.map((file) => join(project.dir, file)),
      options,
      host,
    })
    const emitted = options.noEmit === true ? undefined : program.emit()
    const only = project.checkOnly
    const checked =
      only === undefined
        ? ts.getPreEmitDiagnostics(program)
        : [
            ...program.getOptionsDiagnostics(),
            ...program.getGlobalDiagnostics(),
            ...program
              .getSourceFiles()
              .filter((file) => only(file.fileName))
              .flatMap((file) => [
                ...program.getSyntacticDiagnostics(file),
                ...program.getSemanticDiagnostics(file),
              ]),
          ]
    const diagnostics = [...checked, ...(emitted?.diagnostics ?? [])]
    return diagnostics.map((d) =>
      ts.formatDiagnostic(d, {
        getCanonicalFileName: (name) => name,
        getCurrentDirectory: () => project.dir,
        getNewLine: () => '\n',
      }),
    )
  }
  return { check }
}
