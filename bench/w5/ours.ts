import * as t from 'io-ts'

import { Action, EventSource, Ok } from '../../src'
import { RedisBroadcast } from '../../src/redis'
import { implementation } from './_server'

/**
 * `RedisBroadcast` as docs/scaling.md serves it: in each process, one hub, one broadcast on the stream (its reader
 * feeds a bounded local broadcast: a queue of up to 1,000 messages per client, more than a run sends, and a client
 * that falls further behind is disconnected, so none is lost without the run failing), and each request resumes from
 * its `Last-Event-ID` (none here) through `EventSource` with the stream ids as `id:`. A push is an XADD.
 */
export default implementation({
  name: 'ours: RedisBroadcast → EventSource per connection (stream ids, resumable)',
  file: __filename,
  processes: 2,
  serve: async (redisUrl, fail) => {
    const hub = await RedisBroadcast.connect({ url: redisUrl, onError: fail })
    const [messages, channel] = await hub.broadcast('w5', t.string, { bufferSize: 1000, overflow: 'disconnect' })
    const sse = RedisBroadcast.eventSource<string>()
    return {
      listener: Action((req) =>
        Ok.chunked(messages.after(RedisBroadcast.lastEventId(req)).through(EventSource(sse))).as('text/event-stream')
      ),
      push: (message) => {
        channel.push(message).catch(fail)
      },
      close: async () => hub.close()
    }
  }
})
