import type { ServerResponse } from 'node:http'

import { implementation } from './_server'
import { SSE_END } from './workload'

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

/** The bytes `ours-sse` writes (`data: msg-i` frames), with the baseline's `res.write` loop. */
export default implementation({
  name: 'raw-sse: raw http, res.write loop + drain (SSE bytes)',
  pattern: SSE_END,
  listener: (input) => {
    const messages = input.messages
    return (_req, res) => {
      const send = async (): Promise<void> => {
        res.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-cache, no-transform',
          'X-Accel-Buffering': 'no'
        })
        for (let i = 0; i < messages.length; i++) {
          if (!res.write(`data: ${messages[i]}\n\n`) && !(await drained(res))) return
        }
        res.end()
      }
      send().catch(() => res.destroy())
    }
  }
})
