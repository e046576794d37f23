import { Action, Comet, Concurrent, Enumerator, Html, Ok, defaultInitialChunk } from '../../src'
import { implementation } from './_server'
import { CALLBACK } from './workload'

/**
 * The same Comet bytes, rendered once per message instead of once per connection: the channel's messages go through
 * one Comet enumeratee (without an initial chunk) into `Concurrent.broadcast(enumerator)`, which shares that one
 * rendered stream among the responses (in lockstep, as Play's); each response sends Comet's initial chunk, then joins.
 */
export default implementation({
  name: 'ours, rendered once: broadcast(channel → Comet) shared, initial chunk andThen it',
  format: 'comet',
  serve: () => {
    const [messages, channel] = Concurrent.broadcast<string>()
    const [scripts] = Concurrent.broadcast(messages.through(Comet({ callback: CALLBACK, initialChunk: Html('') })))
    return {
      listener: Action(() => Ok.chunked(Enumerator(defaultInitialChunk).andThen(scripts))),
      push: (message) => channel.push(message)
    }
  }
})
