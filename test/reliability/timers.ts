/**
 * Test helper: counts the timers this process creates and has not yet fired or cleared, unref'd ones included
 * (`process.getActiveResourcesInfo()` lists only the timers that keep the event loop alive; a heartbeat timer is
 * unref'd). Built on `async_hooks`: a `Timeout` resource is created by `setTimeout`/`setInterval` and destroyed once
 * it has fired (not repeating) or has been cleared.
 *
 * Node's http server has timers of its own (an interval that checks connections, one that refreshes the cached
 * `Date` header about once a second): compare with the count taken after `listen`, and wait for it to come back.
 */
import { createHook } from 'node:async_hooks'

export interface TimerWatch {
  /** The timers created since `watchTimers()` that are still pending (the watch's own waits excepted). */
  readonly live: () => number
  /** Resolves after `ms`, with a timer the watch does not count. */
  readonly pause: (ms: number) => Promise<void>
  /** Waits until `cond()` holds, checking every 5 ms with timers the watch does not count; rejects after `ms`. */
  readonly until: (cond: () => boolean, what: string, ms?: number) => Promise<void>
  /** Stops watching. */
  readonly stop: () => void
}

export const watchTimers = (): TimerWatch => {
  const live = new Set<number>()
  let ours = false
  const hook = createHook({
    init: (id, type) => {
      if (type === 'Timeout' && !ours) live.add(id)
    },
    destroy: (id) => {
      live.delete(id)
    }
  }).enable()
  const pause = (ms: number): Promise<void> => {
    // the Timeout is made synchronously inside setTimeout: while `ours` is set, the hook leaves it out
    ours = true
    try {
      return new Promise((resolve) => setTimeout(resolve, ms))
    } finally {
      ours = false
    }
  }
  return {
    live: () => live.size,
    pause,
    until: async (cond, what, ms = 5000) => {
      const deadline = Date.now() + ms
      while (!cond()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
        await pause(5)
      }
    },
    stop: () => {
      hook.disable()
    }
  }
}
