import { Action, Comet, Concurrent, Ok } from '../../src'
import { implementation } from './_server'
import { CALLBACK } from './workload'

/** Play's broadcast (lockstep: a push waits until every client has taken the one before) → Comet per connection. */
export default implementation({
  name: 'ours: broadcast() lockstep → Comet per connection',
  format: 'comet',
  serve: () => {
    const [messages, channel] = Concurrent.broadcast<string>()
    return {
      listener: Action(() => Ok.chunked(messages.through(Comet({ callback: CALLBACK })))),
      push: (message) => channel.push(message)
    }
  }
})
