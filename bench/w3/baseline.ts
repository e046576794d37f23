import type { ServerResponse } from 'node:http'

import { implementation } from './_server'
import { CALLBACK, COMET_END } from './workload'

/** What Comet sends first: 5 KiB of spaces, then the document's start. */
const INITIAL_CHUNK = ' '.repeat(5 * 1024) + '<html><body>'

/** Resolves true on 'drain', false when the response closes first (the client went away). */
const drained = (res: ServerResponse): Promise<boolean> =>
  new Promise((resolve) => {
    const done = (ok: boolean): void => {
      res.removeListener('drain', onDrain)
      res.removeListener('close', onClose)
      resolve(ok)
    }
    const onDrain = (): void => done(true)
    const onClose = (): void => done(false)
    res.on('drain', onDrain)
    res.on('close', onClose)
  })

/** The bytes our Comet writes, with a plain `res.write` loop that waits for 'drain' when the socket is full. */
export default implementation({
  name: 'baseline: raw http, res.write loop + drain (Comet bytes)',
  pattern: COMET_END,
  listener: (input) => {
    const messages = input.messages
    return (_req, res) => {
      const send = async (): Promise<void> => {
        res.writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'no-cache, no-transform',
          'X-Accel-Buffering': 'no'
        })
        if (!res.write(INITIAL_CHUNK) && !(await drained(res))) return
        for (let i = 0; i < messages.length; i++) {
          const ok = res.write(`<script type="text/javascript">${CALLBACK}('${messages[i]}');</script>`)
          if (!ok && !(await drained(res))) return
        }
        res.end()
      }
      send().catch(() => res.destroy())
    }
  }
})
