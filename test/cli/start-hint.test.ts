/**
 * The hint `npm start` prints works when pasted in a fresh clone: it goes through the
 * `foldwise` npm script (tsx), since `foldwise` is not on the PATH there and `npx foldwise`
 * needs a build. Run by npx in a project that installed foldwise, it says `npx foldwise`.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { cliEnv, makeTempDir, repoRoot, runFoldwise } from './runFoldwise.js'

const temp = makeTempDir('hint')
afterAll(() => temp.remove())

it('the demo run by npm prints an npm run command that reads the stream it wrote', async () => {
  const dir = join(temp.dir, 'data')
  // What npm sets for `npm start` in this package.
  const demo = await runFoldwise(['demo', '--dir', dir], {
    npm_package_name: 'foldwise',
    npm_lifecycle_event: 'start',
  })
  expect(demo.code, demo.stderr).toBe(0)
  const hint = /inspect it with: (.+)$/m.exec(demo.stdout)?.[1]
  expect(hint).toBe(`npm run foldwise -- read ${dir} account-1`)
  const pasted = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(
      'sh',
      ['-c', hint ?? 'false'],
      { cwd: repoRoot, env: cliEnv(), timeout: 30_000 },
      (error, stdout) => resolve({ code: error === null ? 0 : Number(error.code ?? -1), stdout }),
    )
  })
  expect(pasted.code).toBe(0)
  expect(pasted.stdout).toContain('3 events shown of the 3 in stream account-1')
  // Outside npm the hint is the installed command.
  const plain = await runFoldwise(['demo', '--dir', dir])
  expect(plain.stdout).toContain(`inspect it with: foldwise read ${dir} account-1`)
  // Run by `npx foldwise` in a project that installed it (not on the PATH there): npx again.
  const npx = await runFoldwise(['demo', '--dir', dir], {
    npm_package_name: 'my-app',
    npm_lifecycle_event: 'npx',
    npm_command: 'exec',
  })
  expect(npx.stdout).toContain(`inspect it with: npx foldwise read ${dir} account-1`)
}, 60_000)
