import { Action, Concurrent, EventSource, Ok } from '../../src'
import { implementation } from './_server'

/**
 * The reference for latency: W4's form in one process, without Redis. All C connections on this process, each
 * request applying the bounded broadcast's enumerator through `EventSource` to its response; a push is
 * `channel.push`.
 */
export default implementation({
  name: 'ours, one process, no Redis (W4): broadcast({ bufferSize, overflow }) → EventSource',
  file: __filename,
  processes: 1,
  serve: () => {
    const [messages, channel] = Concurrent.broadcast<string>({ bufferSize: 1000, overflow: 'disconnect' })
    return {
      listener: Action(() => Ok.chunked(messages.through(EventSource())).as('text/event-stream')),
      push: (message) => channel.push(message),
      close: async () => channel.end()
    }
  }
})
