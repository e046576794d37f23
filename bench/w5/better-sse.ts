import { createChannel, createSession } from 'better-sse'

import { implementation } from './_server'
import { pubSub } from './_pubsub'

/**
 * better-sse across processes as its maintainer describes it: each process subscribes to a Redis pub/sub channel
 * (with node-redis, the npm client our rows use) and rebroadcasts what comes on a local better-sse channel, where
 * each request's session is registered; a push publishes on the Redis channel. Its defaults (an `id:` of a random
 * UUID per event, the JSON of the message as data), without the keep-alive comments, as in W4.
 */
export default implementation({
  name: 'better-sse: Redis pub/sub → channel.broadcast per process',
  file: __filename,
  processes: 2,
  serve: async (redisUrl, fail) => {
    const channel = createChannel()
    const redis = await pubSub(redisUrl, fail, (message) => {
      channel.broadcast(message)
    })
    return {
      listener: (req, res) => {
        createSession(req, res, { keepAlive: null }).then(
          (session) => channel.register(session),
          () => res.destroy()
        )
      },
      push: redis.publish,
      close: redis.close
    }
  }
})
