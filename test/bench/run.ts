/**
 * `npm run bench [-- name ...]`: runs every `*.bench.ts` here (or those whose file name
 * contains one of the given names) in one process, prints the tables and writes them, with the
 * machine they ran on, to test/bench/RESULTS.md.
 */
import { readdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Bench } from './harness.js'
import { formatSection } from './harness.js'

const here = dirname(fileURLToPath(import.meta.url))
const filters = process.argv.slice(2)
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((name) => f.includes(name)))
  .sort()

const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`
const out: string[] = [`# Benchmark results`, '', `Machine: ${machine}`, '']
console.log(`Machine: ${machine}\n`)
for (const file of files) {
  const bench = ((await import(pathToFileURL(join(here, file)).href)) as { default: Bench }).default
  console.error(`running ${file} ...`)
  for (const section of await bench()) {
    const table = formatSection(section)
    console.log(table + '\n')
    out.push(table, '')
  }
}
if (filters.length === 0) writeFileSync(join(here, 'RESULTS.md'), out.join('\n'))
