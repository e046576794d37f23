/**
 * Heartbeats and the response limit, seen at the client's socket: an idle Comet or server-sent events response
 * still sends something at least every `heartbeatMs`, and only when it is idle; `responseLimit` ends a Comet response
 * at the first chunk that reaches that many bytes, counted in bytes on the wire (heartbeats included).
 *
 * Time bounds are generous (a loaded 2-core machine delays timers): what is checked is that heartbeats come, that
 * they come no more often than `heartbeatMs`, and that the gaps stay within `heartbeatMs` plus a tolerance.
 */
import * as net from 'node:net'
import { Action, Comet, Concurrent, Enumerator, EventSource, Html, Ok, type Result } from '../../src'
import { listen, rawRequest, sleep, until } from '../http/helpers'
import { type TimerWatch, watchTimers } from './timers'
import { ChunkedDecoder } from './wire'

/** How late a timer may fire on a loaded machine, for these tests. */
const TOLERANCE_MS = 300

interface Chunk {
  /** Milliseconds since the request was sent. */
  readonly at: number
  readonly text: string
}

/** A raw client that records each chunk of the response with the time it arrived. */
const watch = (port: number, path: string) => {
  const chunks: Array<Chunk> = []
  const start = Date.now()
  const decoder = new ChunkedDecoder(undefined, (payload) =>
    chunks.push({ at: Date.now() - start, text: payload.toString('utf8') })
  )
  const socket = net.connect(port, '127.0.0.1')
  socket.on('data', (b: Buffer) => decoder.feed(b))
  socket.on('error', () => undefined)
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()))
  socket.write(rawRequest(path))
  return { chunks, decoder, closed, socket, since: () => Date.now() - start }
}

/** `p`, or a rejection after `ms`: a test that would hang fails instead, and its `finally` closes the server. */
const within = <A>(p: Promise<A>, what: string, ms = 10_000): Promise<A> => {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)
  })
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer))
}

/** The gaps between consecutive chunks, in milliseconds. */
const gaps = (chunks: ReadonlyArray<Chunk>): Array<number> => chunks.slice(1).map((c, i) => c.at - chunks[i].at)

/** A flavour: its name, the chunked result of a stream of messages with heartbeats, and its heartbeat chunk. */
const flavours: ReadonlyArray<
  readonly [string, (messages: Enumerator<string>, heartbeatMs: number) => Result, string]
> = [
  [
    'Comet',
    (messages, heartbeatMs) =>
      Ok.chunked(messages.through(Comet({ callback: 'parent.x', heartbeatMs, initialChunk: Html('<html>') }))),
    '<!-- heartbeat -->'
  ],
  [
    'EventSource',
    (messages, heartbeatMs) => Ok.chunked(messages.through(EventSource({ heartbeatMs }))).as('text/event-stream'),
    ': heartbeat\n\n'
  ]
]

let timers: TimerWatch
beforeEach(() => {
  timers = watchTimers()
})
afterEach(() => {
  timers.stop()
})

describe.each(flavours)('%s heartbeats', (_, respond, beat) => {
  it('an idle response sends a heartbeat within heartbeatMs of its last chunk, and no more often', async () => {
    const heartbeatMs = 150
    const [events, channel] = Concurrent.broadcast<string>()
    const server = await listen(Action(() => respond(events, heartbeatMs)))
    try {
      const client = watch(server.port, '/')
      await until(() => client.chunks.length > 0 || client.decoder.statusLine !== '', 5000, 'the response')
      channel.push('one')
      channel.push('two')
      await sleep(1500)
      const seen = client.chunks.slice()
      const idle = client.since() - seen.find((c) => c.text.includes('two'))!.at
      client.socket.destroy()

      const beats = seen.filter((c) => c.text === beat)
      const others = seen.filter((c) => c.text !== beat)
      expect(others.map((c) => c.text).join('')).toContain('one')
      expect(beats.length).toBeGreaterThanOrEqual(Math.floor(idle / (heartbeatMs + TOLERANCE_MS)))
      // a timer never fires early: heartbeats come no more often than heartbeatMs
      expect(beats.length).toBeLessThanOrEqual(Math.ceil(idle / heartbeatMs))
      for (const gap of gaps(seen)) expect(gap).toBeLessThan(heartbeatMs + TOLERANCE_MS)
    } finally {
      channel.end()
      await server.close()
    }
  })

  it('sends no heartbeat while messages come more often than heartbeatMs', async () => {
    const heartbeatMs = 400
    const [events, channel] = Concurrent.broadcast<string>()
    const server = await listen(Action(() => respond(events, heartbeatMs)))
    const pusher = setInterval(() => channel.push('tick'), 50)
    try {
      const client = watch(server.port, '/')
      await sleep(1600)
      const seen = client.chunks.slice()
      client.socket.destroy()
      expect(seen.filter((c) => c.text.includes('tick')).length).toBeGreaterThan(5)
      // a timer that ignored the messages would have sent 4; one may slip in if this process stalls for 350 ms
      expect(seen.filter((c) => c.text === beat).length).toBeLessThanOrEqual(1)
    } finally {
      clearInterval(pusher)
      channel.end()
      await server.close()
    }
  })

  it('a client that leaves an idle response: its heartbeat timer stops, and it is released', async () => {
    const heartbeatMs = 30
    const [events, channel] = Concurrent.broadcast<string>()
    let released = 0
    const server = await listen(
      Action(() =>
        respond(
          events.onDoneEnumerating(() => {
            released++
          }),
          heartbeatMs
        )
      )
    )
    try {
      const base = timers.live()
      const client = watch(server.port, '/')
      await timers.until(() => client.chunks.some((c) => c.text === beat), 'a heartbeat')
      client.socket.destroy()
      await within(client.closed, 'the socket to close')
      // the next heartbeat finds the response closed; the one after sees the writer done and stops the timer
      await timers.until(() => timers.live() === base, 'the heartbeat timer to stop')
      // released when the client left, or at the latest when the broadcast next offers it something
      channel.push('anyone?')
      await timers.until(() => released === 1, 'the subscriber to be released')
    } finally {
      channel.end()
      await server.close()
    }
  })
})

describe('responseLimit', () => {
  /** What the chunks of a response that `responseLimit` ended must be. */
  const endedAtTheLimit = (sizes: ReadonlyArray<number>, limit: number): void => {
    const total = sizes.reduce((a, b) => a + b, 0)
    expect(total).toBeGreaterThanOrEqual(limit)
    // the first chunk that reached the limit was the last
    expect(total - sizes[sizes.length - 1]).toBeLessThan(limit)
  }

  it('ends a Comet response at the first chunk that reaches the limit, in bytes on the wire', async () => {
    let n = 0
    let stopped = 0
    const source = Enumerator.repeat(() => `tick ${n++}`).onDoneEnumerating(() => stopped++)
    // two-, three- and four-byte characters in the first chunk: 907 bytes, 407 UTF-16 code units
    const initialChunk = Html(`<p>${'é€😀'.repeat(100)}</p>`)
    const limit = 1200
    const server = await listen(
      Action(() => Ok.chunked(source.through(Comet({ callback: 'parent.x', initialChunk, responseLimit: limit }))))
    )
    try {
      const base = timers.live()
      const client = watch(server.port, '/')
      await within(client.closed, 'the response to end')
      expect(client.decoder.statusLine).toBe('HTTP/1.1 200 OK')
      expect(client.decoder.ended).toBe(true)
      expect(client.decoder.chunkSizes[0]).toBe(907)
      endedAtTheLimit(client.decoder.chunkSizes, limit)
      expect(client.chunks.slice(1).every((c) => c.text.includes('tick'))).toBe(true)
      await timers.until(() => stopped === 1, 'the source to stop')
      await timers.until(() => timers.live() === base, "Node's timers for the response to go")
    } finally {
      await server.close()
    }
  })

  it('counts heartbeats, and ends the response with the first message after the limit: that message arrives', async () => {
    const [events, channel] = Concurrent.broadcast<string>()
    let released = 0
    const limit = 200
    const server = await listen(
      Action(() =>
        Ok.chunked(
          events
            .through(Comet({ callback: 'parent.x', initialChunk: Html(''), heartbeatMs: 20, responseLimit: limit }))
            .onDoneEnumerating(() => {
              released++
            })
        )
      )
    )
    try {
      const base = timers.live()
      const client = watch(server.port, '/')
      // an idle stream: heartbeats go past the limit (the limit is checked as each message is written)
      const beat = '<!-- heartbeat -->'
      await timers.until(
        () => client.chunks.reduce((a, c) => a + Buffer.byteLength(c.text), 0) >= limit,
        'heartbeats up to the limit'
      )
      channel.push('last')
      channel.push('too late')
      await within(client.closed, 'the response to end')
      expect(client.decoder.ended).toBe(true)
      const texts = client.chunks.map((c) => c.text)
      expect(texts[texts.length - 1]).toBe(`<script type="text/javascript">parent.x('last');</script>`)
      expect(new Set(texts.slice(0, -1))).toEqual(new Set([beat]))
      await timers.until(() => released === 1, 'the subscriber to be released')
      // the heartbeat timer stopped with the response
      await timers.until(() => timers.live() === base, 'the heartbeat timer to stop')
    } finally {
      channel.end()
      await server.close()
    }
  })
})
