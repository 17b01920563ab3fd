/**
 * The one escaping function every CLI output path uses: nothing from a store can reach the
 * terminal as a control sequence, and JSON output stays JSON with the same value.
 */
import { Effect } from 'effect'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { printJson, printLine, terminalSafe } from '../../src/cli/Output.js'

const dangerous = [
  '\u001b[2J', // ESC: clear screen
  '\u009b31m', // C1 CSI
  '\u0007', // BEL
  '\r', // carriage return: overwrite the line
  '\n', // a fake new line
  '\u007f', // DEL
  '\u202e', // right-to-left override
  '\u2066', // left-to-right isolate
  '\u2028', // line separator
]

afterEach(() => {
  vi.restoreAllMocks()
})

describe('terminalSafe', () => {
  it('escapes every control character, and nothing else', () => {
    for (const text of dangerous) {
      const safe = terminalSafe(`a${text}b`)
      expect(safe).toMatch(/^a(\\u[0-9a-f]{4}.*)b$/)
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      expect(safe).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e\u2066\u2028]/)
    }
    expect(terminalSafe('Deposit {"amount":5} café ✓')).toBe('Deposit {"amount":5} café ✓')
  })

  it('printLine and printJson write escaped text; the JSON parses back to the same value', () => {
    const lines: Array<string> = []
    vi.spyOn(console, 'log').mockImplementation((line: string) => {
      lines.push(line)
    })
    const value = { type: `Evil${dangerous.join('')}`, n: 1 }
    Effect.runSync(printLine(value.type))
    Effect.runSync(printJson(value))
    expect(lines).toHaveLength(2)
    for (const line of lines)
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      expect(line).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e\u2066\u2028]/)
    expect(lines[0]).not.toContain('\n')
    expect(JSON.parse(lines[1] as string)).toEqual(value)
  })
})
