import { Action, Comet, Concurrent, Ok } from '../../src'
import { implementation } from './_server'
import { CALLBACK } from './workload'

/**
 * The bounded broadcast the Comet guide recommends for many clients: each request applies the broadcast enumerator,
 * through its own Comet enumeratee, to its response; `channel.push` sends a message to all. A queue of up to 1,000
 * messages per client (more than a run sends), and a client that falls further behind is disconnected, so none is
 * lost without the run failing.
 */
export default implementation({
  name: 'ours: broadcast({ bufferSize, overflow }) → Comet per connection',
  format: 'comet',
  serve: () => {
    const [messages, channel] = Concurrent.broadcast<string>({ bufferSize: 1000, overflow: 'disconnect' })
    return {
      listener: Action(() => Ok.chunked(messages.through(Comet({ callback: CALLBACK })))),
      push: (message) => channel.push(message)
    }
  }
})
