/**
 * Runs anywhere (issue 6): the kernel, codecs and testing laws, bundled for the browser with
 * nothing external, run the bank-account laws in headless Chromium (Debian's `chromium`,
 * driven by playwright-core).
 *
 * Without Chromium at /usr/bin/chromium: with CI=true the test fails; otherwise it passes and
 * says plainly that the browser was not run and how to install it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { RunsAnywhereBundle, RunsAnywhereGlobal, RunsAnywhereReport } from './bundle.js'
import {
  bundleGlobal,
  bundleRunsAnywhere,
  failedChecks,
  forbiddenInputs,
  formatReport,
} from './bundle.js'

/** Debian's path; CHROMIUM_PATH points elsewhere (another distribution, a missing browser). */
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
const install = 'apt-get install -y chromium'

let bundle: RunsAnywhereBundle
beforeAll(async () => {
  bundle = await bundleRunsAnywhere()
})

/** Loads the bundle into a blank page of a fresh headless Chromium; returns the report. */
const runInChromium = async (code: string): Promise<RunsAnywhereReport> => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'foldwise-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.setContent('<!doctype html><title>foldwise runs anywhere</title>')
    await page.addScriptTag({ content: code })
    const report = await page.evaluate(
      (name) => (globalThis as unknown as Record<string, RunsAnywhereGlobal>)[name]?.run(),
      bundleGlobal,
    )
    if (pageErrors.length > 0) throw new Error(`errors in the page:\n${pageErrors.join('\n')}`)
    if (report === undefined) throw new Error(`the page has no global ${bundleGlobal}`)
    return report
  } finally {
    await context.close()
    rmSync(userDataDir, { recursive: true, force: true })
  }
}

describe('the pure core in a browser', () => {
  it('bundles for the browser with no Node builtin, vitest or driver inside', () => {
    expect(forbiddenInputs(bundle.inputs)).toEqual([])
    expect(bundle.inputs).toContain('src/kernel/Decider.ts')
    expect(bundle.inputs.some((i) => i.startsWith('src/codec/'))).toBe(true)
    expect(bundle.inputs.some((i) => i.startsWith('src/testing/'))).toBe(true)
  })

  it('refuses to bundle a module that imports Node', async () => {
    await expect(
      bundleRunsAnywhere(join(import.meta.dirname, 'fixtures', 'imports-node.ts')),
    ).rejects.toThrow(/the browser bundle does not build:[\s\S]*node:fs/)
  })

  it('runs the bank-account laws in headless Chromium', { timeout: 90_000 }, async () => {
    if (!existsSync(chromiumPath)) {
      const message = `the browser test was NOT run: no Chromium at ${chromiumPath}. Install it with \`${install}\` (Debian) and run \`npx vitest run test/browser\`.`
      if (process.env['CI'] === 'true') throw new Error(`CI=true: ${message}`)
      console.warn(message)
      return
    }
    const report = await runInChromium(bundle.code)
    console.log(formatReport(report))
    expect(report.environment).toMatch(/^browser: .*Chrom/)
    expect(failedChecks(report)).toEqual([])
    expect(report.checks.length).toBeGreaterThanOrEqual(4)
  })
})
