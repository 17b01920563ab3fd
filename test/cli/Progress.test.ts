import { describe, expect, it } from 'vitest'
import { formatBytes, makeProgress, renderProgress } from '../../src/cli/Progress.js'

const fakeOutput = (isTTY: boolean) => {
  const writes: Array<string> = []
  return { writes, output: { isTTY, columns: 80, write: (text: string) => writes.push(text) } }
}

describe('progress bar', () => {
  it('draws on a terminal and erases itself when finished', () => {
    const { writes, output } = fakeOutput(true)
    let now = 0
    const progress = makeProgress('verify', { output, now: () => now, delayMs: 0 })
    now = 1_000
    progress.update(50, 100)
    now = 1_050 // within the redraw interval: skipped
    progress.update(60, 100)
    now = 1_200
    progress.update(100, 100)
    progress.finish()
    expect(writes).toHaveLength(3)
    expect(writes[0]).toMatch(/^\rverify \[#+ +\] {2}50% {2}50 \/ 100/)
    expect(writes[1]).toMatch(/100%/)
    expect(writes[2]).toBe('\r\x1b[K')
  })

  it('draws nothing when the output is piped', () => {
    const { writes, output } = fakeOutput(false)
    const progress = makeProgress('verify', { output, now: () => 10_000, delayMs: 0 })
    progress.update(1, 2)
    progress.finish()
    expect(writes).toEqual([])
  })

  it('renders the fraction done, clamped to the bar', () => {
    expect(renderProgress('x', 3, 4, 4, String)).toBe('x [### ]  75%  3 / 4')
    expect(renderProgress('x', 9, 4, 4, String)).toBe('x [####] 100%  9 / 4')
    expect(renderProgress('x', 0, 0, 2, String)).toBe('x [##] 100%  0 / 0')
    expect(formatBytes(1_500_000)).toBe('1.5 MB')
  })
})
