import { Action, Comet, Enumerator, Ok } from '../../src'
import { implementation } from './_server'
import { CALLBACK, COMET_END } from './workload'

/** `http.createServer(Action(...))` (the server is made by `_server.ts`). */
export default implementation({
  name: 'ours: Action + Ok.chunked(enumerate → Comet)',
  pattern: COMET_END,
  listener: (input) =>
    Action(() => Ok.chunked(Enumerator.enumerate(input.messages).through(Comet({ callback: CALLBACK }))))
})
