/**
 * WebSocket.using, tryAccept, adapter and router at the wire, with a real `ws` client: Play's behaviour (EOF both
 * ways, 1000), each close code (1003, 1007, 1009, 1011, 1001), pings and keep-alive, bad handshakes, refusals.
 */
import { once } from 'node:events'
import * as E from 'fp-ts/Either'
import type { Json } from 'fp-ts/Json'
import { some } from 'fp-ts/Option'
import * as t from 'io-ts'
import { Concurrent, Enumeratee, Enumerator, Iteratee, Status } from '../../src'
import { FrameFormatter, WebSocket, type UpgradeListener, type WebSocketOptions } from '../../src/websocket'
import { HANDSHAKE, open, rawUpgrade, refused, serve, sleep, until, type WsServer } from './helpers'

let running: Array<WsServer> = []
const start = async (listener: UpgradeListener): Promise<WsServer> => {
  const s = await serve(listener)
  running.push(s)
  return s
}
afterEach(async () => {
  await Promise.all(running.map((s) => s.close()))
  running = []
})

/** Options that record what the error hook hears. */
const recording = (
  more: WebSocketOptions = {}
): { readonly options: WebSocketOptions; readonly errors: Array<unknown> } => {
  const errors: Array<unknown> = []
  return { errors, options: { ...more, onError: (e) => errors.push(e) } }
}

describe('WebSocket.using', () => {
  it("Play's example: 'Hello!' then the enumerator's EOF closes with 1000; onDoneEnumerating runs once", async () => {
    let stopped = 0
    const s = await start(
      WebSocket.using(() => [
        Iteratee.ignore<string>(),
        Enumerator('Hello!')
          .andThen(Enumerator.eof())
          .onDoneEnumerating(() => stopped++)
      ])
    )
    const c = await open(s.url())
    expect(await c.closed).toEqual([1000, ''])
    expect(c.messages).toEqual(['Hello!'])
    await until(() => stopped === 1)
    await sleep(20)
    expect(stopped).toBe(1)
  })

  it('gives the in iteratee each message, then EOF when the client closes; the out enumerator is stopped once', async () => {
    const received: Array<string> = []
    let disconnected = 0
    let stopped = 0
    const [quiet] = Concurrent.broadcast<string>()
    const s = await start(
      WebSocket.using(() => [
        Iteratee.foreach<string>((m) => received.push(m)).map(() => disconnected++),
        quiet.onDoneEnumerating(() => stopped++)
      ])
    )
    const c = await open(s.url())
    c.client.send('kiki')
    c.client.send('foo')
    await until(() => received.length === 2)
    c.client.close(1000)
    expect((await c.closed)[0]).toBe(1000)
    // a quiet broadcast lets the socket's subscription go at once: nothing needs to be pushed
    await until(() => disconnected === 1 && stopped === 1)
    await sleep(20)
    expect([received, disconnected, stopped]).toEqual([['kiki', 'foo'], 1, 1])
  })

  it('an out enumerator that merely ends leaves the socket open (Play)', async () => {
    const received: Array<string> = []
    const s = await start(WebSocket.using(() => [Iteratee.foreach<string>((m) => received.push(m)), Enumerator('a')]))
    const c = await open(s.url())
    await until(() => c.messages.length === 1)
    await sleep(50)
    expect(c.client.readyState).toBe(c.client.OPEN)
    c.client.send('still here')
    await until(() => received.length === 1)
    c.client.ping()
    await once(c.client, 'pong') // pings are answered
    c.client.close()
    await c.closed
  })

  it('an in iteratee that is Done closes the socket with 1000 and stops the out enumerator', async () => {
    let stopped = 0
    const [quiet] = Concurrent.broadcast<string>()
    const s = await start(WebSocket.using(() => [Iteratee.head<string>(), quiet.onDoneEnumerating(() => stopped++)]))
    const c = await open(s.url())
    c.client.send('first and last')
    expect(await c.closed).toEqual([1000, ''])
    await until(() => stopped === 1)
  })

  it('the chat of Play’s docs: what comes in is pushed to a broadcast that goes out', async () => {
    const s = await start(
      WebSocket.using(() => {
        const [out, channel] = Concurrent.broadcast<string>()
        const into = Iteratee.foreach<string>((m) => channel.push(`I received your message: ${m}`))
        return [into, out]
      })
    )
    const c = await open(s.url())
    c.client.send('hi')
    await until(() => c.messages.length === 1)
    expect(c.messages).toEqual(['I received your message: hi'])
    c.client.close()
    await c.closed
  })

  it('a failing in iteratee closes with 1011 and is reported with the very error; other sockets go on', async () => {
    const { options, errors } = recording()
    const boom = new Error('boom')
    const s = await start(
      WebSocket.using(
        () => [
          Iteratee.foreach<string>((m) => {
            if (m === 'fail') throw boom
          }),
          Enumerator<string>()
        ],
        FrameFormatter.stringFrame,
        options
      )
    )
    const echo = await start(WebSocket.adapter(() => Enumeratee.passAlong<string>()))
    const other = await open(echo.url())
    const c = await open(s.url())
    c.client.send('fail')
    expect((await c.closed)[0]).toBe(1011)
    expect(errors).toEqual([boom])
    other.client.send('still fine')
    await until(() => other.messages.length === 1)
    other.client.close()
    await other.closed
  })

  it('a failing out enumerator closes with 1011 and is reported', async () => {
    const { options, errors } = recording()
    const broke = new Error('the source broke')
    let n = 0
    const s = await start(
      WebSocket.using(
        () => [
          Iteratee.ignore<string>(),
          Enumerator.generateM(async () => {
            if (n === 2) throw broke
            return some(`tick ${n++}`)
          })
        ],
        FrameFormatter.stringFrame,
        options
      )
    )
    const c = await open(s.url())
    expect((await c.closed)[0]).toBe(1011)
    expect(c.messages).toEqual(['tick 0', 'tick 1'])
    expect(errors).toEqual([broke])
  })

  it('a block that throws, or gives something else than a pair, gets a 500, reported', async () => {
    const { options, errors } = recording()
    const oops = new Error('oops')
    const s = await start(
      WebSocket.router({
        '/throws': WebSocket.using(
          () => {
            throw oops
          },
          FrameFormatter.stringFrame,
          options
        ),
        '/wrong': WebSocket.using(() => 'nope' as never, FrameFormatter.stringFrame, options)
      })
    )
    expect((await refused(s.url('/throws'))).status).toBe(500)
    expect((await refused(s.url('/wrong'))).status).toBe(500)
    expect(errors[0]).toBe(oops)
    expect(String(errors[1])).toMatch(/\[Iteratee, Enumerator\]/)
  })

  it('mixedFrame and byteArrayFrame carry binary frames', async () => {
    const s = await start(
      WebSocket.router({
        '/mixed': WebSocket.adapter(
          () =>
            Enumeratee.map((e: E.Either<string, Uint8Array>): E.Either<string, Uint8Array> =>
              E.isLeft(e) ? E.right(Buffer.from(e.left)) : E.left(`${e.right.length} bytes`)
            ),
          FrameFormatter.mixedFrame
        ),
        '/bytes': WebSocket.adapter(() => Enumeratee.map((b: Uint8Array) => b.reverse()), FrameFormatter.byteArrayFrame)
      })
    )
    const mixed = await open(s.url('/mixed'))
    mixed.client.send('abc')
    mixed.client.send(Buffer.from([1, 2, 3, 4]))
    await until(() => mixed.messages.length === 2)
    expect(mixed.messages).toEqual([Buffer.from('abc'), '4 bytes'])
    const bytes = await open(s.url('/bytes'))
    bytes.client.send(Buffer.from([1, 2, 3]))
    await until(() => bytes.messages.length === 1)
    expect(bytes.messages).toEqual([Buffer.from([3, 2, 1])])
    mixed.client.close()
    bytes.client.close()
    await Promise.all([mixed.closed, bytes.closed])
  })
})

describe('close codes for what the client sends', () => {
  it('1003 for a frame of the wrong kind, both ways, reported', async () => {
    const { options, errors } = recording()
    const s = await start(
      WebSocket.router({
        '/text': WebSocket.using(
          () => [Iteratee.ignore<string>(), Enumerator<string>()],
          FrameFormatter.stringFrame,
          options
        ),
        '/bytes': WebSocket.using(
          () => [Iteratee.ignore<Uint8Array>(), Enumerator<Uint8Array>()],
          FrameFormatter.byteArrayFrame,
          options
        )
      })
    )
    const text = await open(s.url('/text'))
    text.client.send(Buffer.from([1]))
    expect(await text.closed).toEqual([1003, 'this endpoint takes text frames only'])
    const bytes = await open(s.url('/bytes'))
    bytes.client.send('text')
    expect(await bytes.closed).toEqual([1003, 'this endpoint takes binary frames only'])
    expect(errors.map((e) => (e as Error).message)).toEqual([
      'WebSocket: closing with 1003: this endpoint takes text frames only',
      'WebSocket: closing with 1003: this endpoint takes binary frames only'
    ])
  })

  it('1009 for a message over 64 KiB by default, or over the configured limit', async () => {
    const { options, errors } = recording()
    const got: Array<number> = []
    const sink = () => [Iteratee.foreach<string>((m) => got.push(m.length)), Enumerator<string>()] as const
    const s = await start(
      WebSocket.router({
        '/default': WebSocket.using(sink, FrameFormatter.stringFrame, options),
        '/small': WebSocket.using(sink, FrameFormatter.stringFrame, { ...options, maxMessageSize: 1000 })
      })
    )
    const big = await open(s.url('/default'))
    big.client.send('x'.repeat(64 * 1024))
    await until(() => got.length === 1)
    big.client.send('x'.repeat(64 * 1024 + 1))
    expect((await big.closed)[0]).toBe(1009)
    const small = await open(s.url('/small'))
    small.client.send('y'.repeat(1000))
    await until(() => got.length === 2)
    small.client.send('y'.repeat(1001))
    expect((await small.closed)[0]).toBe(1009)
    expect(got).toEqual([64 * 1024, 1000])
    expect(errors).toHaveLength(2)
    expect((errors[0] as { code?: string }).code).toBe('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
  })

  it('1007 with a reason for text jsonFrame cannot read, and for JSON a codec refuses; the hook hears it', async () => {
    const { options, errors } = recording()
    const Move = t.type({ x: t.number, y: t.number })
    const moves: Array<unknown> = []
    const s = await start(
      WebSocket.router({
        '/json': WebSocket.using(
          () => [Iteratee.foreach((j: Json) => moves.push(j)), Enumerator<Json>()],
          FrameFormatter.jsonFrame,
          options
        ),
        '/moves': WebSocket.using(
          () => [Iteratee.foreach((m: t.TypeOf<typeof Move>) => moves.push(m)), Enumerator<t.TypeOf<typeof Move>>()],
          FrameFormatter.jsonFrame(Move),
          options
        )
      })
    )
    const json = await open(s.url('/json'))
    json.client.send('{"ok":true}')
    json.client.send('{oops')
    const [code, reason] = await json.closed
    expect(code).toBe(1007)
    expect(reason).toMatch(/^invalid JSON: /)
    const typed = await open(s.url('/moves'))
    typed.client.send('{"x":1,"y":2}')
    typed.client.send('{"x":"one","y":2}')
    const [code2, reason2] = await typed.closed
    expect(code2).toBe(1007)
    expect(reason2).toContain('"one"')
    expect(Buffer.byteLength(reason2)).toBeLessThanOrEqual(123)
    expect(moves).toEqual([{ ok: true }, { x: 1, y: 2 }])
    expect(errors).toHaveLength(2)
    expect((errors[0] as Error).message).toMatch(/^WebSocket: closing with 1007: invalid JSON/)
    expect((errors[0] as Error).cause).toMatchObject({ _tag: 'Invalid' })
  })
})

describe('keep-alive', () => {
  it('pings at the interval; a client that answers stays, one that does not is cut', async () => {
    const s = await start(
      WebSocket.using(() => [Iteratee.ignore<string>(), Enumerator<string>()], FrameFormatter.stringFrame, {
        keepAliveMs: 40
      })
    )
    const answering = await open(s.url())
    let pings = 0
    answering.client.on('ping', () => pings++)
    const silent = await open(s.url(), { autoPong: false })
    const [code] = await silent.closed
    expect(code).toBe(1006) // cut, without a close frame
    await until(() => pings >= 3)
    expect(answering.client.readyState).toBe(answering.client.OPEN)
    answering.client.close()
    await answering.closed
  })
})

describe('the handshake', () => {
  let blocks = 0
  let server: WsServer
  beforeEach(async () => {
    blocks = 0
    server = await start(
      WebSocket.router({
        '/hello': WebSocket.using(() => {
          blocks++
          return [Iteratee.ignore<string>(), Enumerator('Hello!')]
        })
      })
    )
  })

  it.each([
    ['a missing Sec-WebSocket-Key', { 'Sec-WebSocket-Key': undefined }, 'GET', /^HTTP\/1\.1 400 Bad Request\r\n/],
    ['a malformed Sec-WebSocket-Key', { 'Sec-WebSocket-Key': 'short' }, 'GET', /^HTTP\/1\.1 400 Bad Request\r\n/],
    [
      'an unknown Sec-WebSocket-Version',
      { 'Sec-WebSocket-Version': '12' },
      'GET',
      /^HTTP\/1\.1 400 Bad Request\r\n[^]*\r\nSec-WebSocket-Version: 13, 8\r\n/
    ],
    ['a missing Sec-WebSocket-Version', { 'Sec-WebSocket-Version': undefined }, 'GET', /^HTTP\/1\.1 400 /],
    ['a POST', {}, 'POST', /^HTTP\/1\.1 405 Method Not Allowed\r\n[^]*\r\nAllow: GET\r\n/]
  ])('%s gets the HTTP error, no user code runs, the connection is closed', async (_, change, method, expected) => {
    const raw = await rawUpgrade(server.port, { ...HANDSHAKE, ...change }, '/hello', method)
    expect(raw).toMatch(expected)
    expect(raw).toMatch(/\r\nConnection: close\r\n/)
    expect(blocks).toBe(0)
  })

  it('an unknown path gets 404', async () => {
    const raw = await rawUpgrade(server.port, HANDSHAKE, '/nowhere')
    expect(raw).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/)
    expect(raw).toMatch(/No WebSocket endpoint here$/)
  })

  it('a good handshake gets 101 and the socket; the query string does not matter', async () => {
    const c = await open(server.url('/hello?x=1'))
    await until(() => c.messages.length === 1)
    expect(blocks).toBe(1)
    c.client.close()
    await c.closed
  })
})

describe('WebSocket.tryAccept', () => {
  it('a Left answers with its HTTP result (status, headers, body); a Right opens the socket', async () => {
    const s = await start(
      WebSocket.tryAccept(async (req) =>
        req.headers.cookie === 'user=kiki'
          ? E.right([Iteratee.ignore<string>(), Enumerator('welcome')] as const)
          : E.left(Status(403)('log in first').withHeaders({ 'X-Why': 'no session' }))
      )
    )
    const no = await refused(s.url())
    expect(no).toMatchObject({ status: 403, body: 'log in first' })
    expect(no.headers['x-why']).toBe('no session')
    expect(no.headers.connection).toBe('close')
    const yes = await open(s.url(), { headers: { cookie: 'user=kiki' } })
    await until(() => yes.messages.length === 1)
    yes.client.close()
    await yes.closed
  })

  it('a chunked Left is streamed as Action would', async () => {
    const s = await start(WebSocket.tryAccept(() => E.left(Status(401).chunked(Enumerator('not ', 'you')))))
    expect(await refused(s.url())).toMatchObject({ status: 401, body: 'not you' })
  })

  it('a rejected promise, or a Left without a Result, gets a 500, reported', async () => {
    const { options, errors } = recording()
    const no = new Error('no database')
    const s = await start(
      WebSocket.router({
        '/rejects': WebSocket.tryAccept(
          (() => Promise.reject(no)) as () => Promise<never>,
          FrameFormatter.stringFrame,
          options
        ),
        '/left': WebSocket.tryAccept((() => E.left('nope')) as never, FrameFormatter.stringFrame, options)
      })
    )
    expect((await refused(s.url('/rejects'))).status).toBe(500)
    expect((await refused(s.url('/left'))).status).toBe(500)
    expect(errors[0]).toBe(no)
    expect(String(errors[1])).toMatch(/a Left must hold a Result/)
  })

  it('a client that leaves while the block decides: the enumerator is stopped once, the iteratee gets EOF', async () => {
    let release: () => void = () => undefined
    const decided = new Promise<void>((resolve) => (release = resolve))
    let stopped = 0
    let eof = 0
    const s = await start(
      WebSocket.tryAccept(async () => {
        await decided
        return E.right([
          Iteratee.ignore<string>().map(() => eof++),
          Concurrent.broadcast<string>()[0].onDoneEnumerating(() => stopped++)
        ] as const)
      })
    )
    const pending = rawUpgrade(s.port, HANDSHAKE)
    await until(() => s.sockets.length === 1)
    s.sockets[0].destroy() // as if the client had gone
    await pending
    release()
    await until(() => stopped === 1 && eof === 1)
  })
})

describe('WebSocket.adapter', () => {
  it('echoes through an enumeratee; a Done enumeratee closes with 1000', async () => {
    const s = await start(
      WebSocket.adapter(() => Enumeratee.map((m: string) => m.toUpperCase()).compose(Enumeratee.take(2)))
    )
    const c = await open(s.url())
    c.client.send('kiki')
    c.client.send('foo')
    c.client.send('bar')
    expect((await c.closed)[0]).toBe(1000)
    expect(c.messages).toEqual(['KIKI', 'FOO'])
  })

  it('an enumeratee that reaches a broadcast (heading) releases it when the client leaves', async () => {
    let stopped = 0
    const [news] = Concurrent.broadcast<string>()
    const s = await start(WebSocket.adapter(() => Enumeratee.heading(news.onDoneEnumerating(() => stopped++))))
    const c = await open(s.url())
    c.client.close()
    await c.closed
    await until(() => stopped === 1)
  })
})

describe('the signal', () => {
  it('closes every socket with 1001 when it aborts, and later handshakes get 503', async () => {
    const shutdown = new AbortController()
    const s = await start(
      WebSocket.using(() => [Iteratee.ignore<string>(), Enumerator<string>()], FrameFormatter.stringFrame, {
        signal: shutdown.signal
      })
    )
    const a = await open(s.url())
    const b = await open(s.url())
    shutdown.abort()
    expect((await a.closed)[0]).toBe(1001)
    expect((await b.closed)[0]).toBe(1001)
    expect((await refused(s.url())).status).toBe(503)
  })
})

describe('options are checked when the listener is made', () => {
  it.each([
    [{ maxMessageSize: 0 }, /maxMessageSize must be a positive number of bytes/],
    [{ highWaterMark: -1 }, /highWaterMark must be a positive number of bytes/],
    [{ keepAliveMs: 2 ** 31 }, /keepAliveMs must be at most/],
    [{ signal: {} as AbortSignal }, /signal must be an AbortSignal/]
  ])('%j', (options, message) => {
    expect(() =>
      WebSocket.using(() => [Iteratee.ignore<string>(), Enumerator<string>()], FrameFormatter.stringFrame, options)
    ).toThrow(message)
  })

  it('formatters', () => {
    expect(() => WebSocket.using(() => [Iteratee.ignore<string>(), Enumerator<string>()], {} as never)).toThrow(
      /expected a FrameFormatter/
    )
  })
})
