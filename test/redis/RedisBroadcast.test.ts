/**
 * `RedisBroadcast` in one process, against a real redis-server (started by the tests, see `redisServer.ts`): several
 * hubs on one stream stand for several processes. Typed messages reach every subscriber of every hub in the
 * stream's order; one read of the stream serves every local subscriber; an entry that does not decode is reported
 * and skipped; `after(id)` replays then goes live with no gap and no duplicate, and signals a gap when the id is
 * gone; a stalled subscriber is bounded by its queue; a consumer that leaves is released at once, and 10,000 of them
 * leave no connection, listener or timer behind; Redis unreachable at start, and Redis killed and restarted.
 */
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import * as Codec from 'io-ts/Codec'
import { createClient } from 'redis'
import { Enumeratee, type Enumerator, Iteratee } from '../../src'
import {
  RedisBroadcast,
  RedisBroadcastError,
  type RedisClientLike,
  type RedisHub,
  type StreamEvent,
  type StreamGap,
  type StreamMessage
} from '../../src/redis'
import { describeWithRedis } from './redisServer'

type Raw = ReturnType<typeof createClient>

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const until = async (cond: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> => {
  const deadline = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(10)
  }
}

/** The first `n` events of an enumerator. */
const take = <A>(e: Enumerator<StreamEvent<A>>, n: number): Promise<ReadonlyArray<StreamEvent<A>>> =>
  e.through(Enumeratee.take(n)).run(Iteratee.getChunks())

const values = <A>(events: ReadonlyArray<StreamEvent<A>>): Array<A | 'GAP'> =>
  events.map((e) => (e._tag === 'Gap' ? 'GAP' : e.value))

/** The kinds of resources that `after` has more of than `before` (what something started and left behind). */
const added = (before: ReadonlyArray<string>, after: ReadonlyArray<string>): Array<string> => {
  const count = (xs: ReadonlyArray<string>, x: string) => xs.filter((y) => y === x).length
  return Array.from(new Set(after)).filter((x) => count(after, x) > count(before, x))
}

const isMessage = <A>(e: StreamEvent<A>): e is StreamMessage<A> => e._tag === 'Message'

let streamCount = 0
/** A fresh stream key per test. */
const freshKey = (): string => `test-${process.pid}-${++streamCount}`

/** Connections the server has, by name (`CLIENT LIST`). */
const connections = async (raw: Raw): Promise<Array<string>> =>
  String(await raw.sendCommand(['CLIENT', 'LIST']))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => /(?:^| )name=(\S*)/.exec(l)?.[1] ?? '')

/** How many times Redis ran a command (`INFO commandstats`). */
const calls = async (raw: Raw, command: string): Promise<number> => {
  const info = String(await raw.sendCommand(['INFO', 'commandstats']))
  const m = new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(info)
  return m === null ? 0 : Number(m[1])
}

describeWithRedis('RedisBroadcast', (redis) => {
  let raw: Raw
  const hubs: Array<RedisHub> = []
  const errors: Array<RedisBroadcastError> = []

  const hub = async (options: Parameters<typeof RedisBroadcast.connect>[0] = {}): Promise<RedisHub> => {
    const h = await RedisBroadcast.connect({
      url: redis().url,
      onError: (e) => errors.push(e),
      reconnect: { minDelayMs: 20, maxDelayMs: 200 },
      ...options
    })
    hubs.push(h)
    return h
  }

  beforeAll(async () => {
    raw = createClient({ url: redis().url, name: 'test-inspector' })
    raw.on('error', () => undefined)
    await raw.connect()
  })
  afterAll(() => {
    raw?.destroy()
  })
  afterEach(() => {
    for (const h of hubs.splice(0)) h.close()
    errors.splice(0)
  })

  describe('messages', () => {
    it('reach every subscriber of every hub, typed, in the same order, each with its stream id', async () => {
      const key = freshKey()
      const Line = t.type({ from: t.string, n: t.number })
      const [a, b] = [await hub(), await hub()]
      const [ma, ca] = await a.broadcast(key, Line)
      const [mb, cb] = await b.broadcast(key, Line)
      const subscribers = [ma, ma, mb, mb, mb].map((m) => take(m, 20))
      const ids: Array<string> = []
      for (let n = 0; n < 20; n++) ids.push(await (n % 2 === 0 ? ca : cb).push({ from: n % 2 === 0 ? 'a' : 'b', n }))
      const received = await Promise.all(subscribers)
      for (const r of received) {
        expect(r.every(isMessage)).toBe(true)
        expect(r.map((e) => (e as StreamMessage<t.TypeOf<typeof Line>>).value.n)).toEqual([...Array(20).keys()])
        expect(r.map((e) => (e as StreamMessage<unknown>).id)).toEqual(ids)
      }
      expect(errors).toEqual([])
    })

    it('take an experimental io-ts Codec, or any encoder and decoder', async () => {
      const key = freshKey()
      const h = await hub()
      const point = Codec.struct({ x: Codec.number, y: Codec.number })
      const [points, channel] = await h.broadcast(key, point)
      const dates = {
        encode: (d: Date) => d.getTime(),
        decode: (u: unknown) => (typeof u === 'number' ? E.right(new Date(u)) : E.left('not a time'))
      }
      const [times, timeChannel] = await h.broadcast(`${key}-dates`, dates)
      const p = take(points, 1)
      const d = take(times, 1)
      await channel.push({ x: 1, y: 2 })
      await timeChannel.push(new Date(42))
      expect(values(await p)).toEqual([{ x: 1, y: 2 }])
      expect(values(await d)).toEqual([new Date(42)])
    })

    it('cost one read of the stream per process, whatever the number of local subscribers', async () => {
      const key = freshKey()
      const [reading, pushing] = [await hub(), await hub()]
      const [many] = await reading.broadcast(key, t.number)
      const [, channel] = await pushing.broadcast(key, t.number)
      const subscribers = Array.from({ length: 300 }, () => take(many, 50))
      const before = await calls(raw, 'xread')
      for (let n = 0; n < 50; n++) await channel.push(n)
      for (const r of await Promise.all(subscribers)) expect(values(r)).toEqual([...Array(50).keys()])
      // two hubs read, each at most once per message (fewer when messages come together), plus the reads under way
      expect((await calls(raw, 'xread')) - before).toBeLessThanOrEqual(2 * 50 + 2)
      // one reading connection per hub and stream
      expect((await connections(raw)).filter((n) => n === `play-iteratees-ts:reader:${key}`)).toHaveLength(2)
    })

    it('an entry that does not decode is reported and skipped; the stream goes on', async () => {
      const key = freshKey()
      const h = await hub()
      const [messages, channel] = await h.broadcast(key, t.string)
      const received = take(messages, 2)
      const bad = [
        await raw.sendCommand(['XADD', key, '*', 'v', 'not json']),
        await raw.sendCommand(['XADD', key, '*', 'v', '42']),
        await raw.sendCommand(['XADD', key, '*', 'other', '"x"'])
      ].map(String)
      await channel.push('good')
      await channel.push('also good')
      expect(values(await received)).toEqual(['good', 'also good'])
      expect(errors.map((e) => [e.kind, e.stream, e.id])).toEqual(bad.map((id) => ['decode', key, id]))
      expect(errors[1].message).toMatch(/does not decode/)
    })

    it('push rejects what has no JSON form, and after end()', async () => {
      const key = freshKey()
      const h = await hub()
      const anything = { encode: (u: unknown) => u, decode: (u: unknown) => E.right(u) }
      const [messages, channel] = await h.broadcast(key, anything)
      const listening = messages.run(Iteratee.getChunks())
      await expect(channel.push(undefined)).rejects.toThrow(/no JSON form/)
      await expect(channel.push(10n)).rejects.toThrow(TypeError)
      channel.end()
      expect(await listening).toEqual([])
      await expect(channel.push(1)).rejects.toMatchObject({ kind: 'push', message: /has ended/ })
      await until(
        async () => !(await connections(raw)).includes(`play-iteratees-ts:reader:${key}`),
        'the reader to disconnect'
      )
    })

    it('checks its arguments', async () => {
      const h = await hub()
      await expect(h.broadcast('', t.string)).rejects.toThrow(TypeError)
      await expect(h.broadcast('k', {} as never)).rejects.toThrow(/encode and decode/)
      await expect(h.broadcast('k', t.string, { maxLen: 0 })).rejects.toThrow(/maxLen/)
      await expect(h.broadcast('k', t.string, { bufferSize: 1.5 })).rejects.toThrow(/bufferSize/)
      const key = freshKey()
      await h.broadcast(key, t.string)
      await expect(h.broadcast(key, t.string)).rejects.toThrow(/open already/)
      await expect(RedisBroadcast.connect({ url: redis().url, client: raw })).rejects.toThrow(/not both/)
      await expect(RedisBroadcast.connect({ url: redis().url, reconnect: { minDelayMs: -1 } })).rejects.toThrow(
        /minDelayMs/
      )
    })
  })

  describe('resuming', () => {
    it('after(id) replays what came after id, then the live messages: no gap, no duplicate, while pushes go on', async () => {
      const key = freshKey()
      const [reading, pushing] = [await hub(), await hub()]
      const [messages] = await reading.broadcast(key, t.number)
      const [, channel] = await pushing.broadcast(key, t.number)
      const ids: Array<string> = []
      let resumed: Promise<ReadonlyArray<StreamEvent<number>>> | undefined
      for (let n = 0; n < 300; n++) {
        // pushes are not awaited one by one: the resumption's pages and the live messages race
        const pushed = channel.push(n)
        if (n === 150) resumed = take(messages.after(ids[49]), 249)
        if (n % 10 === 9) await pushed
        ids.push(await pushed)
      }
      const got = await resumed!
      expect(values(got)).toEqual(Array.from({ length: 249 }, (_, i) => i + 50))
      expect(got.map((e) => (e as StreamMessage<number>).id)).toEqual(ids.slice(50, 299))
    })

    it('after(undefined) is the live enumerator; so is after("")', async () => {
      const h = await hub()
      const [messages] = await h.broadcast(freshKey(), t.string)
      expect(messages.after(undefined)).toBe(messages)
      expect(messages.after('')).toBe(messages)
    })

    it('signals a gap when the id is no longer in the stream, then gives what it holds, then live', async () => {
      const key = freshKey()
      const h = await hub()
      const [messages, channel] = await h.broadcast(key, t.number, { maxLen: 10 })
      const first = await channel.push(0)
      for (let n = 1; n < 400; n++) await channel.push(n)
      const retained = Number(await raw.sendCommand(['XLEN', key]))
      expect(retained).toBeLessThan(400)
      const got = take(messages.after(first), retained + 2)
      await sleep(50)
      await channel.push(400)
      const events = await got
      expect(events[0]).toEqual<StreamGap>({ _tag: 'Gap', lastEventId: first })
      expect(values(events.slice(1))).toEqual([...Array.from({ length: retained }, (_, i) => 400 - retained + i), 400])
    })

    it('signals a gap for an id that is not a stream id, then goes live', async () => {
      const h = await hub()
      const [messages, channel] = await h.broadcast(freshKey(), t.string)
      const got = take(messages.after('not-an-id\r\n'), 2)
      await sleep(20)
      await channel.push('live')
      expect(await got).toEqual([
        { _tag: 'Gap', lastEventId: 'not-an-id\r\n' },
        expect.objectContaining({ value: 'live' })
      ])
    })
  })

  describe('consumers', () => {
    it('a stalled subscriber is bounded by its queue and delays nobody', async () => {
      const h = await hub()
      const [messages, channel] = await h.broadcast(freshKey(), t.number, { bufferSize: 5, overflow: 'dropOldest' })
      let release!: () => void
      const stalled = new Promise<void>((resolve) => (release = resolve))
      const slow = messages.run(
        Iteratee.foldM<StreamEvent<number>, Array<number>>([], async (seen, e) => {
          await stalled
          return [...seen, isMessage(e) ? e.value : -1]
        })
      )
      const fast = take(messages, 100)
      for (let n = 0; n < 100; n++) await channel.push(n)
      expect(values(await fast)).toEqual([...Array(100).keys()])
      release()
      channel.end()
      // the one it was busy with, then the newest five
      expect(await slow).toEqual([0, 95, 96, 97, 98, 99])
    })

    it('a consumer that leaves is released at once, during a replay as well as live', async () => {
      const h = await hub()
      const [messages, channel] = await h.broadcast(freshKey(), t.string)
      const id = await channel.push('x')
      for (const e of [messages, messages.after(id), messages.after('0-1')]) {
        const leaving = new AbortController()
        const applied = e.apply(Iteratee.getChunks(), { signal: leaving.signal })
        await sleep(5)
        leaving.abort()
        const it = await applied
        expect((await it.unflatten())._tag).toBe('Cont')
      }
    })

    it('10,000 consumers that come and go leave no connection, listener or timer behind', async () => {
      const client = createClient({ url: redis().url, name: 'test-application' })
      client.on('error', () => undefined)
      await client.connect()
      const listenersBefore = client.eventNames().map((n) => [n, client.listenerCount(n)])
      const resourcesBefore = process.getActiveResourcesInfo()
      const connectionsBefore = (await connections(raw)).length

      const h = await RedisBroadcast.connect({ client, onError: (e) => errors.push(e) })
      const [messages, channel] = await h.broadcast(freshKey(), t.number)
      const id = await channel.push(0)
      for (let batch = 0; batch < 20; batch++) {
        await Promise.all(
          Array.from({ length: 500 }, async (_, i) => {
            const leaving = new AbortController()
            // half of them resume (a replay under way when they leave), half are live
            const e = i % 2 === 0 ? messages : messages.after(id)
            const applied = e.apply(Iteratee.getChunks(), { signal: leaving.signal })
            if (i % 4 < 2) await Promise.resolve()
            leaving.abort()
            await applied
          })
        )
      }
      // the broadcast still works for whoever comes next
      const next = take(messages, 1)
      await channel.push(1)
      expect(values(await next)).toEqual([1])
      h.close()

      await until(async () => (await connections(raw)).length === connectionsBefore, 'the reader to disconnect')
      expect(client.isReady).toBe(true) // the application's client stays open
      expect(client.eventNames().map((n) => [n, client.listenerCount(n)])).toEqual(listenersBefore)
      await until(
        () => added(resourcesBefore, process.getActiveResourcesInfo()).length === 0,
        'the resources of before',
        2000
      ).catch(() => expect(added(resourcesBefore, process.getActiveResourcesInfo())).toEqual([]))
      client.destroy()
      expect(errors).toEqual([])
    }, 30_000)
  })

  describe('faults', () => {
    it('Redis unreachable at start: a clear error naming the address, no unhandled rejection, nothing left', async () => {
      const unhandled: Array<unknown> = []
      const onUnhandled = (e: unknown): void => void unhandled.push(e)
      process.on('unhandledRejection', onUnhandled)
      const before = process.getActiveResourcesInfo()
      try {
        const error = await RedisBroadcast.connect({ url: 'redis://user:secret@127.0.0.1:1' }).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(RedisBroadcastError)
        expect((error as RedisBroadcastError).message).toMatch(
          /^RedisBroadcast: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(the publishing connection\): .*ECONNREFUSED/
        )
        expect((error as RedisBroadcastError).message).not.toMatch(/secret/)
        await sleep(50)
        expect(unhandled).toEqual([])
        expect(added(before, process.getActiveResourcesInfo())).toEqual([])
      } finally {
        process.off('unhandledRejection', onUnhandled)
      }
    })

    it('the application client must be connected first', async () => {
      const client = createClient({ url: redis().url })
      await expect(RedisBroadcast.connect({ client: client as RedisClientLike })).rejects.toThrow(
        /connect the client first/
      )
    })

    it('Redis killed and restarted: pushes reject meanwhile, one report, readers resume from their last id', async () => {
      const key = freshKey()
      const [a, b] = [await hub(), await hub({ reconnect: { minDelayMs: 400, maxDelayMs: 400 } })]
      const [, ca] = await a.broadcast(key, t.string)
      const [mb] = await b.broadcast(key, t.string)
      const received: Array<StreamEvent<string>> = []
      const listening = mb.run(Iteratee.foreach((e: StreamEvent<string>) => void received.push(e)))
      await ca.push('before')
      await until(() => received.length === 1, 'the first message')

      await redis().kill()
      await until(() => errors.length > 0, 'the outage to be reported')
      await expect(ca.push('while down')).rejects.toMatchObject({ kind: 'push' })
      await redis().restart()
      // pushed by another process before b's reader is back (its back-off is 400 ms): b must still get it
      const other = createClient({ url: redis().url })
      other.on('error', () => undefined)
      await other.connect()
      await other.sendCommand(['XADD', key, '*', 'v', '"while b was away"'])
      other.destroy()
      await until(
        async () =>
          (await ca.push('after').then(
            () => true,
            () => false
          )) || false,
        'a push to succeed'
      )
      await until(() => received.some((e) => isMessage(e) && e.value === 'after'), 'the message after the restart')
      await sleep(300)

      // Redis lost its data (no persistence): b's last id is gone, so its subscribers hear of a gap first
      expect(values(received)).toEqual(['before', 'GAP', 'while b was away', ...values(received).slice(3)])
      expect(
        values(received)
          .slice(3)
          .every((v) => v === 'after')
      ).toBe(true)
      expect(received[1]).toEqual({ _tag: 'Gap', lastEventId: (received[0] as StreamMessage<string>).id })
      // each hub reported its outage once, however many attempts it took
      expect(errors.map((e) => e.kind)).toEqual(['connection', 'connection'])
      expect(errors.every((e) => /lost the connection to Redis at redis:\/\/127\.0\.0\.1:\d+/.test(e.message))).toBe(
        true
      )
      b.close()
      await listening
    }, 30_000)
  })

  describe('closing', () => {
    it('close() ends every subscriber and closes the connections the hub made', async () => {
      const before = (await connections(raw)).length
      const h = await hub()
      const [m1] = await h.broadcast(freshKey(), t.string)
      const [m2] = await h.broadcast(freshKey(), t.string)
      const all = Promise.all([m1.run(Iteratee.getChunks()), m2.run(Iteratee.getChunks())])
      expect((await connections(raw)).length).toBe(before + 3)
      h.close()
      expect(await all).toEqual([[], []])
      await until(async () => (await connections(raw)).length === before, 'the connections to close')
      await expect(h.broadcast(freshKey(), t.string)).rejects.toThrow(/closed/)
    })
  })
})

describe('RedisBroadcast helpers', () => {
  it('lastEventId: the Last-Event-ID header first, else the lastEventId query parameter', () => {
    expect(RedisBroadcast.lastEventId({ headers: { 'last-event-id': '5-1' }, url: '/e?lastEventId=4-0' })).toBe('5-1')
    expect(RedisBroadcast.lastEventId({ headers: {}, url: '/e?x=1&lastEventId=4-0' })).toBe('4-0')
    expect(RedisBroadcast.lastEventId({ headers: { 'last-event-id': '' }, url: '/e' })).toBeUndefined()
    expect(RedisBroadcast.lastEventId({ headers: {} })).toBeUndefined()
  })

  it('cometMessage: {id, data} per message, {gap} for the gap signal', () => {
    const m = RedisBroadcast.cometMessage(t.string)
    expect(m.toJavascriptMessage({ _tag: 'Message', id: '1-0', value: '</script>' })).toBe(
      '{"id":"1-0","data":"\\u003C/script\\u003E"}'
    )
    expect(m.toJavascriptMessage({ _tag: 'Gap', lastEventId: '0-1' })).toBe('{"gap":{"lastEventId":"0-1"}}')
  })

  it('eventSource: the codec encodes the data', () => {
    const o = RedisBroadcast.eventSource(t.type({ n: t.number }))
    expect(o.data!({ _tag: 'Message', id: '1-0', value: { n: 1 } })).toBe('{"n":1}')
    expect(o.id!({ _tag: 'Message', id: '1-0', value: { n: 1 } })).toBe('1-0')
    expect(o.name!({ _tag: 'Gap', lastEventId: '1-0' })).toBe('gap')
  })
})
