/**
 * Every line the CLI prints goes through here, so text from a store (event types, stream ids,
 * times, data) can never drive the terminal: control characters are shown escaped, not sent.
 *
 * @since 0.1.0
 */
import type { Effect } from 'effect'
import { Console } from 'effect'

// C0 controls (ESC, BEL, CR, BS, ...), DEL and the C1 controls (0x9b is a one-byte CSI on
// some terminals), the line and paragraph separators, and the bidirectional overrides and
// isolates that can make a line display as something other than what it is.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unsafe = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

const escapeOne = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`

/**
 * A text safe to print on a terminal: every control character, including newlines, is
 * replaced by its `\uXXXX` escape (in a JSON string that is the same value).
 *
 * @example
 * import { terminalSafe } from './src/cli/Output.js'
 * assert.strictEqual(terminalSafe('\u001b[2Jgone\r\nok'), '\\u001b[2Jgone\\u000d\\u000aok')
 * assert.strictEqual(terminalSafe('plain: ok, é'), 'plain: ok, é')
 *
 * @category escaping
 * @since 0.1.0
 */
export const terminalSafe = (text: string): string => text.replace(unsafe, escapeOne)

/**
 * Prints one line on stdout, escaped.
 *
 * @category printing
 * @since 0.1.0
 */
export const printLine = (line: string): Effect.Effect<void> => Console.log(terminalSafe(line))

/**
 * Prints a value as indented JSON on stdout: its line breaks kept, anything else escaped
 * (`JSON.stringify` already escapes C0 controls in strings; this adds DEL, C1 and bidi
 * controls, so the output stays valid JSON with the same value).
 *
 * @category printing
 * @since 0.1.0
 */
export const printJson = (value: unknown): Effect.Effect<void> =>
  Console.log((JSON.stringify(value, null, 2) ?? 'null').split('\n').map(terminalSafe).join('\n'))

/**
 * Writes one line on stderr, escaped (for notes and failures printed outside an effect).
 *
 * @category printing
 * @since 0.1.0
 */
export const writeErrorLine = (line: string): void => {
  process.stderr.write(`${terminalSafe(line)}\n`)
}
