import type { ServerResponse } from 'node:http'

import { pubSub } from './_pubsub'
import { implementation } from './_server'

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
    const responses: Array<ServerResponse> = []
    const channel = await pubSub(redisUrl, fail, (message) => {
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
      push: channel.publish,
      close: channel.close
    }
  }
})
