/**
 * The Redis pub/sub of W5's rows that use it (the raw baseline, better-sse): one connection to publish and one to
 * subscribe (node-redis, as subscribing requires a connection of its own), on one channel.
 */
import { createClient } from 'redis'

/** The Redis pub/sub channel of the rows that use pub/sub. */
export const PUBSUB_CHANNEL = 'w5'

export interface PubSub {
  /** Publishes a message on the channel; a failure goes to the `fail` given to `pubSub`. */
  readonly publish: (message: string) => void
  readonly close: () => Promise<void>
}

/** Connects both clients and subscribes `onMessage` to the channel. */
export const pubSub = async (
  redisUrl: string,
  fail: (error: unknown) => void,
  onMessage: (message: string) => void
): Promise<PubSub> => {
  const publisher = createClient({ url: redisUrl })
  publisher.on('error', fail)
  await publisher.connect()
  const subscriber = publisher.duplicate()
  subscriber.on('error', fail)
  await subscriber.connect()
  await subscriber.subscribe(PUBSUB_CHANNEL, onMessage)
  return {
    publish: (message) => {
      publisher.publish(PUBSUB_CHANNEL, message).catch(fail)
    },
    close: async () => {
      subscriber.destroy()
      publisher.destroy()
    }
  }
}
