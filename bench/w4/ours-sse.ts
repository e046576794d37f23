import { Action, Concurrent, EventSource, Ok } from '../../src'
import { implementation } from './_server'

/**
 * `ours` with server-sent events: the same bounded broadcast, each request through its own `EventSource` (with a
 * `retry:` frame first, as better-sse sends one), served as `text/event-stream` without `.as(...)`.
 */
export default implementation({
  name: 'ours-sse: broadcast({ bufferSize, overflow }) → EventSource per connection (SSE)',
  format: 'eventSource',
  serve: () => {
    const [messages, channel] = Concurrent.broadcast<string>({ bufferSize: 1000, overflow: 'disconnect' })
    return {
      listener: Action(() => Ok.chunked(messages.through(EventSource({ retry: 2000 })))),
      push: (message) => channel.push(message)
    }
  }
})
