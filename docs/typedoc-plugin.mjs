// @ts-check
/**
 * A TypeDoc plugin for `npm run docs` (see typedoc.json): names each entry point as it is
 * imported (`foldwise`, `foldwise/codec`, ...) and shows the comment at the top of its file
 * as the module's description. The sources stay as they are, with one comment per file.
 */
import { Comment, Converter, ReflectionKind } from 'typedoc'

/** The text of the first `/** ... *\/` comment of a source file, without its block tags. */
const fileComment = (/** @type {string} */ text) => {
  const match = /^\s*\/\*\*([\s\S]*?)\*\//.exec(text)
  if (match === null) return undefined
  const lines = (match[1] ?? '').split('\n').map((line) => line.replace(/^\s*\* ?/, ''))
  const summary = lines
    .filter((line) => !line.startsWith('@'))
    .join('\n')
    .trim()
  return summary === '' ? undefined : summary
}

/** @param {import('typedoc').Application} app */
export const load = (app) => {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getChildrenByKind(ReflectionKind.Module)) {
      const file = context.getSymbolFromReflection(module)?.declarations?.[0]?.getSourceFile()
      const summary = file === undefined ? undefined : fileComment(file.text)
      if (summary !== undefined && module.comment === undefined)
        module.comment = new Comment([{ kind: 'text', text: summary }])
      module.name = module.name === 'index' ? 'foldwise' : `foldwise/${module.name}`
    }
  })
}
