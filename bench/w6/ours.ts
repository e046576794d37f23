import { Concurrent, Enumeratee, Iteratee } from '../../src'
import { WebSocket } from '../../src/websocket'
import { implementation } from './_server'

/**
 * Echo: `WebSocket.adapter(() => Enumeratee.passAlong())`, Play's way to send back what comes in. Broadcast: every
 * socket is `WebSocket.using(() => [Iteratee.ignore(), room])` on one `Concurrent.broadcast` (Play's form: each push
 * is taken by every socket's writer before the next), and `channel.push` sends a message to all.
 */
export default implementation({
  name: 'ours: WebSocket.adapter(passAlong) / using(ignore, broadcast)',
  serve: (kind) => {
    if (kind === 'echo') return { upgrade: WebSocket.adapter(() => Enumeratee.passAlong<string>()) }
    const [room, channel] = Concurrent.broadcast<string>()
    return {
      upgrade: WebSocket.using(() => [Iteratee.ignore<string>(), room]),
      push: (message) => channel.push(message)
    }
  }
})
