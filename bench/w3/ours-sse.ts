import { Action, Enumerator, EventSource, Ok } from '../../src'
import { implementation } from './_server'
import { SSE_END } from './workload'

/** `http.createServer(Action(...))` (the server is made by `_server.ts`); each message is a frame `data: msg-i\n\n`. */
export default implementation({
  name: 'ours-sse: Action + Ok.chunked(enumerate → EventSource) (SSE, not Comet)',
  pattern: SSE_END,
  listener: (input) =>
    Action(() => Ok.chunked(Enumerator.enumerate(input.messages).through(EventSource())).as('text/event-stream'))
})
