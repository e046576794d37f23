/**
 * W6's client, in its own process (forked by `workload.ts`), with `ws` clients. It opens the sockets it is asked for
 * and keeps them for the whole benchmark; every socket checks that its messages are `msg-0`, `msg-1`, ... in order,
 * once each. For an echo it sends the next n messages on the first socket at once and answers when all n are back;
 * for a broadcast it answers when every socket has had every message numbered below `through`. It exits when the
 * parent's IPC channel closes, so it never outlives the benchmark.
 */
import { WebSocket } from 'ws'

import type { ClientReply, ClientRequest } from './workload'

interface Conn {
  readonly ws: WebSocket
  /** The number of the next message this socket expects. */
  next: number
}

let conns: Array<Conn> = []
/** Messages received since the last answer. */
let received = 0
let broken: string | undefined
/** Checked after each message: the answer waiting for a condition, if any. */
let waiting: { readonly done: () => boolean; readonly answer: () => void } | undefined

const reply = (r: ClientReply): void => {
  process.send?.(r)
}

const check = (): void => {
  if (waiting === undefined) return
  if (broken !== undefined || waiting.done()) {
    const w = waiting
    waiting = undefined
    w.answer()
  }
}

const open = (port: number): Promise<Conn> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false })
    const conn: Conn = { ws, next: 0 }
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString()
      if (text !== `msg-${conn.next}`) broken ??= `expected msg-${conn.next}, got ${JSON.stringify(text.slice(0, 40))}`
      conn.next++
      received++
      check()
    })
    ws.once('open', () => resolve(conn))
    ws.once('error', reject)
    ws.on('close', (code) => {
      if (waiting !== undefined) broken ??= `a socket closed (${code})`
      check()
    })
  })

const answerReceived = (id: number): void => {
  if (broken !== undefined) return reply({ type: 'error', id, message: broken })
  const messages = received
  received = 0
  reply({ type: 'received', id, messages })
}

const handle = async (req: ClientRequest): Promise<void> => {
  switch (req.type) {
    case 'connect': {
      // in waves, so that the server's accept queue does not overflow
      for (let i = 0; i < req.count; i += 100) {
        const wave = Math.min(100, req.count - i)
        conns.push(...(await Promise.all(Array.from({ length: wave }, () => open(req.port)))))
      }
      received = 0
      return reply({ type: 'connected', id: req.id })
    }
    case 'echo': {
      const conn = conns[0]
      const target = conn.next + req.n
      waiting = { done: () => conn.next >= target, answer: () => answerReceived(req.id) }
      for (let i = conn.next; i < target; i++) conn.ws.send(`msg-${i}`)
      return check()
    }
    case 'await': {
      waiting = { done: () => conns.every((c) => c.next >= req.through), answer: () => answerReceived(req.id) }
      return check()
    }
    case 'close': {
      const closing = conns.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.ws.readyState === WebSocket.CLOSED) return resolve()
            c.ws.once('close', () => resolve())
            c.ws.close()
          })
      )
      conns = []
      await Promise.all(closing)
      return reply({ type: 'closed', id: req.id })
    }
  }
}

process.on('message', (m: ClientRequest) => {
  handle(m).catch((e: unknown) => reply({ type: 'error', id: m.id, message: String(e) }))
})
process.on('disconnect', () => process.exit(0))
process.send?.('ready')
