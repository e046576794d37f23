import type { ServerResponse } from 'node:http'
import { createClient } from 'redis'

import { implementation } from './_server'

/** The Redis pub/sub channel of the rows that use pub/sub. */
export const PUBSUB_CHANNEL = 'w5'

/**
 * The hand-written version: in each process a raw http server keeps an array of its open responses and subscribes to
 * a Redis pub/sub channel (node-redis, a connection of its own, as subscribing requires); each message that comes is
 * rendered once as an SSE frame (`data: <message>`) and written to every response. A push publishes on the channel.
 * No ids, so no resumption: what a process misses while it is away is lost.
 */
export default implementation({
  name: 'baseline: raw http + Redis pub/sub, res.write of each SSE frame',
  file: __filename,
  processes: 2,
  serve: async (redisUrl, fail) => {
    const publisher = createClient({ url: redisUrl })
    publisher.on('error', fail)
    await publisher.connect()
    const subscriber = publisher.duplicate()
    subscriber.on('error', fail)
    await subscriber.connect()
    const responses: Array<ServerResponse> = []
    await subscriber.subscribe(PUBSUB_CHANNEL, (message) => {
      const frame = `data: ${message}\n\n`
      for (let i = 0; i < responses.length; i++) responses[i].write(frame)
    })
    return {
      listener: (_req, res) => {
        res.writeHead(200, {
          'Content-Type': 'text/event-stream',
          'Cache-Control': 'no-cache, no-transform',
          'X-Accel-Buffering': 'no'
        })
        res.flushHeaders()
        responses.push(res)
        res.on('close', () => {
          const i = responses.indexOf(res)
          if (i !== -1) responses.splice(i, 1)
        })
      },
      push: (message) => {
        publisher.publish(PUBSUB_CHANNEL, message).catch(fail)
      },
      close: async () => {
        subscriber.destroy()
        publisher.destroy()
      }
    }
  }
})
