import { createChannel, createSession } from 'better-sse'

import { implementation } from './_server'

/**
 * better-sse's channel: each request becomes a session registered with one channel, and `channel.broadcast(message)`
 * pushes to every session (one event id per broadcast, the JSON of the message as data). Its defaults, except the
 * keep-alive comments, turned off as our Comet has no heartbeat here either. Server-sent events, not Comet: other
 * bytes around the same messages.
 */
export default implementation({
  name: 'better-sse: channel.broadcast (SSE, not Comet)',
  format: 'sse',
  serve: () => {
    const channel = createChannel()
    return {
      listener: (req, res) => {
        createSession(req, res, { keepAlive: null }).then(
          (session) => channel.register(session),
          () => res.destroy()
        )
      },
      push: (message) => {
        channel.broadcast(message)
      }
    }
  }
})
