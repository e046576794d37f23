/**
 * Test helper: Debian's Chromium driven by playwright-core, for tests that must see what a real browser does.
 *
 * `describeWithBrowser(name, (browser) => { … })` launches one browser for the suite and closes it afterwards. When
 * `/usr/bin/chromium` is missing the suite is skipped with a message, except in CI (`process.env.CI` set), where a
 * missing browser must fail the build instead of silently testing nothing.
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Where Debian's `chromium` package installs the browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium'

/** Flags for a quiet, reproducible browser: no sandbox (tests run as root in containers), no GPU, no background traffic. */
export const CHROMIUM_ARGS: ReadonlyArray<string> = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

const inCI = (): boolean => Boolean(process.env.CI)

/** Why browser tests cannot run here, or undefined when they can. */
export const browserMissing = (): string | undefined =>
  existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} not found (install it with: apt-get install -y chromium)`

/**
 * Launches headless Chromium. `chromium.launch` (not `launchPersistentContext`) gives every browser a fresh
 * temporary profile that Playwright deletes on close, so no state leaks between runs.
 */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS], timeout: 30_000 })

/**
 * A `describe` whose tests get a launched browser through `browser()`. Skipped, with the reason in its name and on
 * the console, when Chromium is missing outside CI; in CI a missing Chromium fails the suite.
 */
export const describeWithBrowser = (name: string, body: (browser: () => Browser) => void): void => {
  const missing = browserMissing()
  if (missing !== undefined && !inCI()) {
    console.warn(`Skipping browser tests "${name}": ${missing}`)
    describe.skip(`${name} (skipped: ${missing})`, () =>
      body(() => {
        throw new Error(missing)
      }))
    return
  }
  describe(name, () => {
    let current: Browser | undefined
    beforeAll(async () => {
      if (missing !== undefined) throw new Error(`${missing}; CI is set, so browser tests fail instead of skipping`)
      current = await launchBrowser()
    }, 60_000)
    afterAll(async () => {
      await current?.close()
    })
    body(() => {
      if (current === undefined) throw new Error('the browser is not launched yet (use it inside a test or hook)')
      return current
    })
  })
}
