/**
 * Runs anywhere (issue 6): the same browser bundle as test/browser (kernel, codecs, testing
 * laws, bank-account example; nothing external) runs in a Node worker thread, as plain script
 * code with no module loader behind it.
 */
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import type { RunsAnywhereReport } from '../browser/bundle.js'
import { bundleGlobal, bundleRunsAnywhere, failedChecks, formatReport } from '../browser/bundle.js'

/** Evaluates `code` in a worker, then posts back what the bundle's `run` reports. */
const runInWorker = (code: string): Promise<RunsAnywhereReport> =>
  new Promise((resolve, reject) => {
    const glue = `
;(function () {
  const port = require('node:worker_threads').parentPort
  ${bundleGlobal}.run().then(
    (report) => port.postMessage({ report }),
    (error) => port.postMessage({ error: String((error && error.stack) || error) }),
  )
})()`
    const worker = new Worker(code + glue, { eval: true })
    worker.once(
      'message',
      (message: { readonly report?: RunsAnywhereReport; readonly error?: string }) => {
        void worker.terminate()
        if (message.report !== undefined) resolve(message.report)
        else reject(new Error(`the worker failed: ${message.error ?? '?'}`))
      },
    )
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the worker exited (${code}) before reporting`)))
  })

describe('the pure core in a worker thread', () => {
  it('runs the bank-account laws from the browser bundle', async () => {
    const report = await runInWorker((await bundleRunsAnywhere()).code)
    console.log(formatReport(report))
    expect(report.environment).toBe('worker')
    expect(failedChecks(report)).toEqual([])
    expect(report.checks.length).toBeGreaterThanOrEqual(4)
  })
})
