import { createSession } from 'better-sse'

import { drained, implementation } from './_server'
import { SSE_END } from './workload'

/**
 * better-sse on a raw http server: one `session.push(message)` per message, with its defaults for the frame (each is
 * `event: message`, `id: <random UUID>`, `data: "<JSON>"`), without the initial `retry:` frame and the keep-alive
 * comments, so that the frames counted are the messages. `push` gives no backpressure signal and better-sse's docs
 * name none, so the loop waits for the response's own 'drain' whenever `res.writableNeedDrain` says it is full.
 */
export default implementation({
  name: 'better-sse: session.push per message + drain (SSE, not Comet)',
  pattern: SSE_END,
  listener: (input) => {
    const messages = input.messages
    return (req, res) => {
      const send = async (): Promise<void> => {
        const session = await createSession(req, res, { retry: null, keepAlive: null })
        for (let i = 0; i < messages.length; i++) {
          session.push(messages[i])
          if (res.writableNeedDrain && !(await drained(res))) return
        }
        res.end()
      }
      send().catch(() => res.destroy())
    }
  }
})
