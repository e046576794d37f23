/**
 * A broadcast across processes on a Redis stream: `Concurrent.broadcast`'s `[Enumerator, Channel]`, for the
 * subscribers of every process that opens the same stream.
 *
 * ```
 *   process A                              Redis                           process B
 *   channel.push(a) ── XADD key MAXLEN ~ N * v <json> ──▶ stream key
 *                                                        │
 *   reader (own connection) ◀── XREAD BLOCK ─────────────┴───── XREAD BLOCK ──▶ reader (own connection)
 *     └▶ Concurrent.broadcast({ bufferSize, overflow })              Concurrent.broadcast(...) ◀┘
 *          └▶ C local subscribers                                      C' local subscribers ◀┘
 * ```
 *
 * A message is encoded once, by the process that pushes it, and decoded once per process; C local subscribers cost
 * one read of the stream, not C. Each message carries its stream id, which `EventSource` writes as `id:`; a
 * subscriber that comes back with the last id it had (`messages.after(id)`) gets what it missed from the stream,
 * then the live messages, with no gap and no duplicate; when that id is no longer in the stream, it gets a
 * `StreamGap` first.
 *
 * The public surface is `./index`.
 */
import type { Either } from 'fp-ts/Either'
import { Concurrent, type Overflow } from '../Concurrent'
import type { Enumerator } from '../Enumerator'
import * as C from '../internal/core'
import * as I from '../internal/iteratee'
import type { Lifetime } from '../internal/lifetime'
import { checkSize } from '../internal/options'
import type { Iteratee } from '../Iteratee'
import {
  type Backoff,
  Health,
  Link,
  type ReconnectOptions,
  type RedisClientLike,
  RedisBroadcastError,
  addressOf,
  backoffOf,
  loadRedis,
  withoutCredentials
} from './link'
import { type Entry, compareIds, entriesOf, fieldOf, normalizeId, readReply, text } from './reply'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How messages of type `A` are written to the stream and read back: an io-ts codec, or any encoder and decoder.
 *
 * `encode(a)` must give a value that JSON can write; `decode(u)` gets that JSON read back and gives an fp-ts
 * `Either`: `Right(a)`, or `Left(why)` for an entry that is not a message (it is reported and skipped). A classic
 * io-ts codec (`t.type({ ... })`) and an experimental one (`Codec`) are both such a pair.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import * as E from 'fp-ts/Either'
 * import * as t from 'io-ts'
 * import type { MessageCodec } from 'play-iteratees-ts/redis'
 *
 * const ChatLine = t.type({ from: t.string, text: t.string })
 * const codec: MessageCodec<t.TypeOf<typeof ChatLine>> = ChatLine // an io-ts codec is one
 * assert.ok(E.isRight(codec.decode({ from: 'kiki', text: 'hi' })))
 * assert.ok(E.isLeft(codec.decode({ from: 'kiki' })))
 *
 * // or any encoder and decoder, here for dates
 * const dates: MessageCodec<Date> = {
 *   encode: (d) => d.toISOString(),
 *   decode: (u) => (typeof u === 'string' && !isNaN(Date.parse(u)) ? E.right(new Date(u)) : E.left('not a date'))
 * }
 * assert.equal(dates.encode(new Date(0)), '1970-01-01T00:00:00.000Z')
 * ```
 *
 * @play none — Play's broadcast is local; io-ts codecs are this port's way to type what crosses a process
 */
export interface MessageCodec<A> {
  /** The message as a value JSON can write. */
  readonly encode: (a: A) => unknown
  /** The message from what JSON read back, or why it is not one. */
  readonly decode: (u: unknown) => Either<unknown, A>
}

/**
 * A message of the stream: its stream id (`<ms>-<seq>`, which `EventSource` writes as `id:`) and its value.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { StreamMessage } from 'play-iteratees-ts/redis'
 *
 * const m: StreamMessage<string> = { _tag: 'Message', id: '1700000000000-0', value: 'hello' }
 * assert.equal(new Date(Number(m.id.split('-')[0])).toISOString(), '2023-11-14T22:13:20.000Z') // when Redis took it
 * ```
 *
 * @play none — Play's broadcast gives bare elements; a stream id is what makes resuming possible
 */
export interface StreamMessage<A> {
  readonly _tag: 'Message'
  /** The stream id Redis gave the message. */
  readonly id: string
  /** The message, decoded (shared by every subscriber of the process: do not mutate it). */
  readonly value: A
}

/**
 * The gap signal: messages after `lastEventId` were lost for this subscriber; what follows is what the stream still
 * holds after it, then the live messages.
 *
 * A subscriber gets one when it resumes from an id the stream no longer holds (trimmed by the retention, or lost
 * when Redis lost its data, or not an id of this stream), and every subscriber of a process gets one when that
 * process's reader comes back after an outage to find that its last id is gone. A page reacts by reloading what it
 * shows, as with Mercure's and Centrifugo's equivalents. `EventSource` writes it as an event named `gap` (see
 * `RedisBroadcast.eventSource`), Comet as `{"gap":{"lastEventId":"..."}}` (see `RedisBroadcast.cometMessage`).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, EventSource, Iteratee } from 'play-iteratees-ts'
 * import { RedisBroadcast, type StreamEvent, type StreamGap } from 'play-iteratees-ts/redis'
 *
 * const gap: StreamGap = { _tag: 'Gap', lastEventId: '1700000000000-0' }
 * const frames = await Enumerator<StreamEvent<string>>(gap, { _tag: 'Message', id: '1700000000001-0', value: 'hi' })
 *   .through(EventSource(RedisBroadcast.eventSource<string>()))
 *   .run(Iteratee.getChunks())
 * assert.deepEqual(frames, ['event: gap\ndata: {"lastEventId":"1700000000000-0"}\n\n', 'id: 1700000000001-0\ndata: hi\n\n'])
 * ```
 *
 * @play none — Play's broadcast has no history, hence no gap
 */
export interface StreamGap {
  readonly _tag: 'Gap'
  /** The id after which messages were lost, as the subscriber gave it. */
  readonly lastEventId: string
}

/**
 * What a subscriber of a Redis broadcast receives: messages, and the gap signal.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { StreamEvent } from 'play-iteratees-ts/redis'
 *
 * const show = (e: StreamEvent<string>): string => (e._tag === 'Gap' ? 'some messages were lost' : `#${e.id}: ${e.value}`)
 * assert.equal(show({ _tag: 'Message', id: '5-0', value: 'hi' }), '#5-0: hi')
 * assert.equal(show({ _tag: 'Gap', lastEventId: '4-0' }), 'some messages were lost')
 * ```
 *
 * @play none — Play's broadcast gives bare elements
 */
export type StreamEvent<A> = StreamMessage<A> | StreamGap

/**
 * The enumerator of a Redis broadcast: the live messages, and `after(lastEventId)` to resume.
 *
 * Applied as it is, it gives the messages every process pushes from then on. `after(id)` gives first what the
 * stream holds after `id` (a `StreamGap` first if `id` is no longer in it), then the live messages, with no gap and
 * no duplicate between the two; `after(undefined)` is the live enumerator itself, so a request without
 * `Last-Event-ID` needs no special case.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Action, EventSource, Ok } from 'play-iteratees-ts'
 * import { RedisBroadcast, type StreamEnumerator } from 'play-iteratees-ts/redis'
 *
 * // an SSE endpoint that resumes where each browser left off
 * const events = (messages: StreamEnumerator<string>) =>
 *   Action((req) =>
 *     Ok.chunked(
 *       messages.after(EventSource.lastEventId(req)).through(EventSource(RedisBroadcast.eventSource<string>()))
 *     ).as('text/event-stream')
 *   )
 * assert.equal(typeof events, 'function')
 * ```
 *
 * @play none — Play's broadcast enumerator, plus the resumption that a stream id makes possible
 */
export type StreamEnumerator<A> = Enumerator<StreamEvent<A>> & {
  /**
   * What the stream holds after `lastEventId`, then the live messages; the live messages alone for `undefined`.
   *
   * @play none — resumption by `Last-Event-ID`
   */
  readonly after: (lastEventId: string | undefined) => Enumerator<StreamEvent<A>>
}

/**
 * The channel of a Redis broadcast: `push` appends a message to the stream, for every process.
 *
 * `push(a)` resolves with the message's stream id once Redis has it, and rejects (with a `RedisBroadcastError` of
 * kind `'push'`) when it cannot: while Redis is unreachable, after `end`, or when Redis refuses the command. A push
 * whose connection broke while Redis was answering rejects although Redis may have stored it: retrying it may
 * deliver it twice. `end()` ends this process's side: its reader stops and the enumerations of its subscribers end
 * (with `error`, if given, as `Channel#end`); the stream and the other processes go on.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { StreamChannel } from 'play-iteratees-ts/redis'
 *
 * // what a chat does with the channel: post, and answer 503 when Redis cannot take the message
 * const post = (channel: StreamChannel<string>, text: string): Promise<number> =>
 *   channel.push(text).then(
 *     () => 200,
 *     () => 503
 *   )
 * assert.equal(typeof post, 'function')
 * ```
 *
 * @play play.api.libs.iteratee.Concurrent.Channel — `push` returns a promise here; no `pushInput` nor `eofAndEnd`,
 * as an EOF would end every process's subscribers
 */
export interface StreamChannel<A> {
  /**
   * Appends `a` to the stream; resolves with its id once Redis has it, rejects when Redis cannot take it.
   *
   * @play play.api.libs.iteratee.Concurrent.Channel#push
   */
  push(a: A): Promise<string>
  /**
   * Ends this process's broadcast: its reader stops and its subscribers' enumerations end (with `error`, if given).
   *
   * @play play.api.libs.iteratee.Concurrent.Channel#end
   */
  end(error?: unknown): void
}

/**
 * The options of one stream: its retention, and each local subscriber's queue.
 *
 * - `maxLen`: the stream keeps about this many messages (`XADD ... MAXLEN ~ maxLen`; Redis trims whole blocks, so a
 *   few more may stay): the further back a subscriber can resume. Default 10,000.
 * - `bufferSize`, `overflow`: each local subscriber's queue, as in `Concurrent.broadcast({ bufferSize, overflow })`.
 *   Defaults 1,000 and `'disconnect'`: a subscriber that falls that far behind is ended, and a browser that
 *   reconnects with `Last-Event-ID` then gets what it missed from the stream.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { StreamOptions } from 'play-iteratees-ts/redis'
 *
 * // a ticker: short history, and a slow client skips to the newest prices
 * const ticker: StreamOptions = { maxLen: 100, bufferSize: 10, overflow: 'dropOldest' }
 * assert.equal(ticker.maxLen, 100)
 * ```
 *
 * @play none — Play's broadcast has no history and no bound
 */
export interface StreamOptions {
  /** About how many messages the stream keeps (default 10,000). */
  readonly maxLen?: number
  /** Messages each local subscriber may have waiting (default 1,000). */
  readonly bufferSize?: number
  /** What a full subscriber queue does (default `'disconnect'`). */
  readonly overflow?: Overflow
}

/**
 * How to reach Redis, and where failures go.
 *
 * Give `url` (this module then makes its connections with the `redis` package, which must be installed), or
 * `client`: a connected node-redis client the application already has, as socket.io's Redis adapters take one. That
 * client sends the pushes and the reads of a resumption, and stays the application's (`close()` leaves it open);
 * each stream's blocking reader is a `client.duplicate()` of its own. Neither: `redis://localhost:6379`.
 *
 * `onError` hears each outage once (when it starts; reconnection attempts are not reported again), each entry that
 * does not decode, and a reader's failing command; by default `console.error`. Pushes report their own failures, by
 * rejecting. `reconnect` sets the back-off between attempts.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { RedisBroadcast, type RedisBroadcastError, type RedisBroadcastOptions } from 'play-iteratees-ts/redis'
 *
 * const failures: Array<RedisBroadcastError> = []
 * const options: RedisBroadcastOptions = {
 *   url: 'redis://127.0.0.1:1', // nothing listens there
 *   onError: (e) => failures.push(e),
 *   reconnect: { minDelayMs: 100, maxDelayMs: 2000 },
 *   connectTimeoutMs: 1000
 * }
 * const error: unknown = await RedisBroadcast.connect(options).catch((e: unknown) => e)
 * assert.ok(error instanceof Error && error.message.includes('cannot reach Redis at redis://127.0.0.1:1'))
 * assert.deepEqual(failures, []) // the first connection's failure is connect's rejection, not the hook's
 * ```
 *
 * @play none — Play has no Redis broadcast
 */
export interface RedisBroadcastOptions {
  /** Where Redis is, for connections this module makes (`redis://`, `rediss://`). */
  readonly url?: string
  /** A connected node-redis client to use instead (it stays open after `close()`). */
  readonly client?: RedisClientLike
  /** Hears each outage once, each undecodable entry, each failing read (default `console.error`). */
  readonly onError?: (error: RedisBroadcastError) => void
  /** The back-off between reconnection attempts. */
  readonly reconnect?: ReconnectOptions
  /** How long a connection attempt may take, in milliseconds (default 5,000; for connections made from `url`). */
  readonly connectTimeoutMs?: number
}

/**
 * A connection to Redis, which opens broadcasts on streams: `RedisBroadcast.connect` gives one.
 *
 * `broadcast(key, codec, options?)` opens the stream `key` in this process: it resolves, once this process's reader
 * is connected, with `[enumerator, channel]`. A stream is opened once per hub. `close()` ends every broadcast (their
 * subscribers' enumerations end) and closes the connections the hub made; a `client` given to `connect` stays open.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import * as t from 'io-ts'
 * import type { RedisHub, StreamChannel, StreamEnumerator } from 'play-iteratees-ts/redis'
 *
 * // what a server does with a hub: open its streams at start, close the hub at shutdown
 * const openChat = (hub: RedisHub): Promise<[StreamEnumerator<string>, StreamChannel<string>]> =>
 *   hub.broadcast('chat', t.string, { maxLen: 1000 })
 * assert.equal(typeof openChat, 'function')
 * ```
 *
 * @play none — Play has no Redis broadcast
 */
export interface RedisHub {
  /** Where Redis is (without credentials). */
  readonly address: string
  /**
   * Opens the stream `key`: its enumerator (live, or `after(lastEventId)`) and its channel.
   *
   * @play play.api.libs.iteratee.Concurrent.broadcast
   */
  broadcast<A>(
    key: string,
    codec: MessageCodec<A>,
    options?: StreamOptions
  ): Promise<[StreamEnumerator<A>, StreamChannel<A>]>
  /** Ends every broadcast and closes the connections the hub made. @play none — Play's broadcast has no connection */
  close(): void
}

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/** The entry field that holds a message's JSON. */
const FIELD = 'v'
/** Entries per XREAD, and per page of a resumption's XRANGE. */
const READ_COUNT = 1000
/**
 * How long an XREAD blocks. It also bounds how long a connection that died silently (a machine gone, no FIN) goes
 * unnoticed: a reply that does not come within `BLOCK_MS + REPLY_GRACE_MS` is a dead connection.
 */
const BLOCK_MS = 10_000
const REPLY_GRACE_MS = 5_000

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

/** Decodes an entry; reports and skips one that is not a message. */
const decoder =
  <A>(key: string, codec: MessageCodec<A>, report: (e: RedisBroadcastError) => void) =>
  (e: Entry): StreamMessage<A> | undefined => {
    const fail = (why: string, cause: unknown): undefined => {
      report(new RedisBroadcastError(`RedisBroadcast: entry ${e.id} of "${key}" ${why}`, 'decode', key, e.id, cause))
      return undefined
    }
    const raw = fieldOf(e, FIELD)
    if (raw === undefined) return fail(`has no "${FIELD}" field: skipped`, undefined)
    let u: unknown
    try {
      u = JSON.parse(raw)
    } catch (cause) {
      return fail(`is not JSON: skipped`, cause)
    }
    let r: Either<unknown, A>
    try {
      r = codec.decode(u)
    } catch (cause) {
      return fail(`could not be decoded: skipped`, cause)
    }
    return r._tag === 'Right' ? { _tag: 'Message', id: e.id, value: r.right } : fail('does not decode: skipped', r.left)
  }

// -------------------------------------------------------------------------------------
// the reader: one blocking XREAD loop per stream and process
// -------------------------------------------------------------------------------------

/**
 * Reads the stream on a connection of its own (a blocking XREAD holds its connection) and pushes each message into
 * the local broadcast, in the stream's order. Its position is the id of the last entry it read: after an outage it
 * goes on from there, and if that entry is gone (Redis lost its data, or trimmed past it meanwhile), its subscribers
 * get a gap signal first.
 */
class Reader<A> {
  private position = '0-0'
  private stopped = false
  private watchdog: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly key: string,
    private readonly link: Link,
    private readonly decode: (e: Entry) => StreamMessage<A> | undefined,
    private readonly deliver: (e: StreamEvent<A>) => void
  ) {}

  /** Connects and starts from the stream's newest entry: what is pushed once this resolves is read. */
  async start(): Promise<void> {
    await this.link.open()
    const c = this.link.current()
    if (c === undefined) {
      throw new Error(
        this.stopped
          ? `RedisBroadcast: "${this.key}" was ended while it was opening`
          : `RedisBroadcast: the reader of "${this.key}" lost its connection at once`
      )
    }
    try {
      const newest = entriesOf(await c.sendCommand(['XREVRANGE', this.key, '+', '-', 'COUNT', '1']))
      if (newest.length > 0) this.position = newest[0].id
    } catch (cause) {
      this.link.close()
      throw new RedisBroadcastError(
        `RedisBroadcast: cannot read "${this.key}" at ${this.link.address}: ${messageOf(cause)}`,
        'connection',
        this.key,
        undefined,
        cause
      )
    }
    this.link.ok()
    void this.loop()
  }

  stop(): void {
    this.stopped = true
    this.clearWatchdog()
    // rejects the XREAD under way, which ends the loop
    this.link.close()
  }

  /** Never rejects: every failure goes to the link, which reports the outage and reconnects. */
  private async loop(): Promise<void> {
    let resumed = false
    while (!this.stopped) {
      const c = await this.link.whenReady()
      if (c === undefined || this.stopped) return
      try {
        if (resumed) {
          await this.checkPosition(c)
          resumed = false
          this.link.ok()
        }
        const reply = await this.guarded(
          c,
          c.sendCommand([
            'XREAD',
            'COUNT',
            String(READ_COUNT),
            'BLOCK',
            String(BLOCK_MS),
            'STREAMS',
            this.key,
            this.position
          ])
        )
        if (this.stopped) return
        for (const e of readReply(reply, this.key)) {
          this.position = e.id
          const m = this.decode(e)
          if (m !== undefined) this.deliver(m)
        }
      } catch (e) {
        if (this.stopped) return
        this.link.fail(c, e)
        resumed = true
      }
    }
  }

  /** After an outage: if the entry last read is gone, entries after it may be gone too. */
  private async checkPosition(c: RedisClientLike): Promise<void> {
    if (this.position === '0-0') return
    const found = entriesOf(await c.sendCommand(['XRANGE', this.key, this.position, this.position]))
    if (found.length === 0) this.deliver({ _tag: 'Gap', lastEventId: this.position })
  }

  /** `p`, with a watchdog: no reply in time means that the connection is dead (the link then drops it). */
  private guarded(c: RedisClientLike, p: Promise<unknown>): Promise<unknown> {
    this.clearWatchdog()
    this.watchdog = setTimeout(() => {
      this.watchdog = undefined
      this.link.fail(c, new Error(`no reply to XREAD within ${(BLOCK_MS + REPLY_GRACE_MS) / 1000} s`))
    }, BLOCK_MS + REPLY_GRACE_MS)
    return p.finally(() => this.clearWatchdog())
  }

  private clearWatchdog(): void {
    if (this.watchdog !== undefined) clearTimeout(this.watchdog)
    this.watchdog = undefined
  }
}

// -------------------------------------------------------------------------------------
// resuming: replay from the stream, then live
// -------------------------------------------------------------------------------------

/**
 * The messages after `lastEventId`, read from the stream page by page (a `StreamGap` first when `lastEventId` is no
 * longer there); `done(last)` gets the id of the last entry read, or undefined when nothing can be skipped.
 *
 * Each page starts at the entry read last, inclusive, and must find it again: an entry trimmed while the pages are
 * read (a burst of more than `maxLen` messages meanwhile) is a gap too, not a silent loss.
 */
const replay = <A>(
  key: string,
  lastEventId: string,
  command: () => RedisClientLike,
  decode: (e: Entry) => StreamMessage<A> | undefined,
  done: (last: string | undefined) => void
): Enumerator<StreamEvent<A>> =>
  new C.Enumerator(<X>(it: Iteratee<StreamEvent<A>, X>, life: Lifetime) => {
    const start = normalizeId(lastEventId)
    let queue: Array<StreamEvent<A>> = []
    let next = 0
    let cursor = start
    let first = true
    let more = start !== undefined
    /** The newest id that the subscriber has, from now on: live messages up to it are skipped. */
    let have: string | undefined = start
    if (start === undefined) {
      queue.push({ _tag: 'Gap', lastEventId })
      have = undefined
    }
    const page = async (): Promise<void> => {
      const from = cursor!
      const entries = entriesOf(
        await command().sendCommand(['XRANGE', key, from, '+', 'COUNT', String(READ_COUNT + 1)])
      )
      queue = []
      next = 0
      let i = 0
      if (entries.length > 0 && entries[0].id === from) i = 1
      else {
        queue.push({ _tag: 'Gap', lastEventId: first ? lastEventId : from })
        // a resumption from an id this stream never had (or no longer has) skips nothing of the live messages
        if (first) have = undefined
      }
      first = false
      for (; i < entries.length; i++) {
        const m = decode(entries[i])
        if (m !== undefined) queue.push(m)
      }
      if (entries.length > 0) cursor = have = entries[entries.length - 1].id
      more = entries.length === READ_COUNT + 1
    }
    const pull = (): StreamEvent<A> | typeof C.END | Promise<StreamEvent<A> | typeof C.END> => {
      if (next < queue.length) return queue[next++]
      if (!more) {
        done(have)
        return C.END
      }
      return page().then(pull)
    }
    return C.asyncSource(it, life, pull)
  })

/**
 * `after(lastEventId)`: subscribes to the live messages first (they wait in the subscriber's bounded queue), then
 * replays from the stream, then lets the live messages through but those the replay already gave (ids not greater
 * than the last one replayed). What is pushed while the replay runs is thus either replayed or live, never both,
 * never neither.
 */
const resume = <A>(
  live: Enumerator<StreamEvent<A>>,
  key: string,
  lastEventId: string,
  command: () => RedisClientLike,
  decode: (e: Entry) => StreamMessage<A> | undefined
): Enumerator<StreamEvent<A>> =>
  new C.Enumerator(<X>(it: Iteratee<StreamEvent<A>, X>, life: Lifetime) => {
    if (life.ended()) return it
    let have: string | undefined
    const newer = C.filterMap<StreamEvent<A>, StreamEvent<A>>([
      {
        kind: 'filter',
        f: (e: StreamEvent<A>) => e._tag === 'Gap' || have === undefined || compareIds(e.id, have) > 0
      }
    ])
    let release!: (k: Iteratee<StreamEvent<A>, X>) => void
    const held = new Promise<Iteratee<StreamEvent<A>, X>>((resolve) => (release = resolve))
    // the live subscription, made now: its iteratee is pending until the replay is over, so the bounded broadcast
    // keeps what comes meanwhile in this subscriber's queue
    const afterLive = C.feedFor(live.through(newer), I.flatten(held), life)
    const replayed = C.feedFor(
      replay(key, lastEventId, command, decode, (last) => (have = last)),
      it,
      life
    )
    return I.whenKnown(replayed, (k) => {
      // a failed replay (Redis unreachable) fails the enumeration, and the live subscription is let go with it
      release(k)
      return I.isFailure(k) ? k : afterLive
    })
  })

// -------------------------------------------------------------------------------------
// the hub
// -------------------------------------------------------------------------------------

/** Where pushes and resumptions send their commands: a link this module owns, or the application's client. */
interface Commands {
  readonly address: string
  current(): RedisClientLike | undefined
  close(): void
}

const borrowed = (client: RedisClientLike): Commands => ({
  address: addressOf(client),
  current: () => (client.isReady ? client : undefined),
  close: () => undefined
})

const checkKey = (key: unknown): string => {
  if (typeof key !== 'string' || key === '') {
    throw new TypeError(`RedisBroadcast.broadcast: the stream key must be a non-empty string, got ${String(key)}`)
  }
  return key
}

const checkCodec = <A>(codec: MessageCodec<A>): MessageCodec<A> => {
  if (typeof codec !== 'object' || codec === null || typeof codec.encode !== 'function') {
    throw new TypeError('RedisBroadcast.broadcast: the codec must have encode and decode functions')
  }
  if (typeof codec.decode !== 'function') {
    throw new TypeError('RedisBroadcast.broadcast: the codec must have encode and decode functions')
  }
  return codec
}

const integerAtLeast1 = (name: string, value: number): number => {
  if (!Number.isInteger(checkSize('RedisBroadcast.broadcast', name, 'messages', value))) {
    throw new TypeError(`RedisBroadcast.broadcast: ${name} must be a positive integer, got ${value}`)
  }
  return value
}

class Hub implements RedisHub {
  private readonly streams = new Map<string, () => void>()
  private closed = false

  constructor(
    private readonly commands: Commands,
    /** A client for a stream's reader: a fresh connection each time it is called. */
    private readonly makeReader: (key: string) => RedisClientLike,
    private readonly health: Health,
    private readonly backoff: Backoff,
    private readonly report: (e: RedisBroadcastError) => void
  ) {}

  get address(): string {
    return this.commands.address
  }

  async broadcast<A>(
    key: string,
    codec: MessageCodec<A>,
    options: StreamOptions = {}
  ): Promise<[StreamEnumerator<A>, StreamChannel<A>]> {
    checkKey(key)
    checkCodec(codec)
    const maxLen = integerAtLeast1('maxLen', options.maxLen ?? 10_000)
    const bufferSize = integerAtLeast1('bufferSize', options.bufferSize ?? 1000)
    const overflow = options.overflow ?? 'disconnect'
    if (this.closed) throw new Error(`RedisBroadcast: the hub is closed; cannot open "${key}"`)
    if (this.streams.has(key)) throw new Error(`RedisBroadcast: "${key}" is open already on this hub`)
    const [live, local] = Concurrent.broadcast<StreamEvent<A>>({ bufferSize, overflow })
    const decode = decoder(key, codec, this.report)
    const link = new Link(
      () => this.makeReader(key),
      this.commands.address,
      `the reader of "${key}"`,
      key,
      this.health,
      this.backoff,
      false
    )
    const reader = new Reader(key, link, decode, (e) => local.push(e))
    let ended = false
    const end = (error?: unknown): void => {
      if (ended) return
      ended = true
      reader.stop()
      this.streams.delete(key)
      local.end(error)
    }
    // reserved while the reader connects, so that a second broadcast of the same key fails at once
    this.streams.set(key, end)
    try {
      await reader.start()
    } catch (e) {
      end()
      throw e
    }
    if (this.closed) {
      end()
      throw new Error(`RedisBroadcast: the hub was closed while "${key}" was opening`)
    }

    const command = (): RedisClientLike => {
      const c = this.commands.current()
      if (c === undefined) {
        throw new RedisBroadcastError(
          `RedisBroadcast: no connection to Redis at ${this.address} now`,
          'connection',
          key,
          undefined,
          undefined
        )
      }
      return c
    }
    const after = (lastEventId: string | undefined): Enumerator<StreamEvent<A>> =>
      lastEventId === undefined || lastEventId === '' ? messages : resume(live, key, lastEventId, command, decode)
    const messages: StreamEnumerator<A> = Object.assign(
      new C.Enumerator<StreamEvent<A>>((it, life) => C.feedFor(live, it, life)),
      {
        after
      }
    )

    const pushFailed = (why: string, cause: unknown): RedisBroadcastError =>
      new RedisBroadcastError(`RedisBroadcast: push to "${key}" failed: ${why}`, 'push', key, undefined, cause)
    const channel: StreamChannel<A> = {
      push: (a) => {
        if (ended) return Promise.reject(pushFailed('the broadcast has ended', undefined))
        let json: string | undefined
        try {
          json = JSON.stringify(codec.encode(a))
        } catch (thrown) {
          return Promise.reject(thrown)
        }
        if (json === undefined) return Promise.reject(new TypeError(`RedisBroadcast: the message has no JSON form`))
        const c = this.commands.current()
        if (c === undefined) return Promise.reject(pushFailed(`no connection to Redis at ${this.address}`, undefined))
        return c
          .sendCommand(['XADD', key, 'MAXLEN', '~', String(maxLen), '*', FIELD, json])
          .then(text, (e: unknown) => {
            throw pushFailed(messageOf(e), e)
          })
      },
      end
    }
    return [messages, channel]
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    for (const end of Array.from(this.streams.values())) end()
    this.commands.close()
  }
}

// -------------------------------------------------------------------------------------
// connect
// -------------------------------------------------------------------------------------

/**
 * Connects to Redis: resolves with a hub once the connection is up, rejects with a `RedisBroadcastError` naming the
 * address when Redis cannot be reached (the first connection is not retried: a wrong address should not wait).
 */
export const connect = async (options: RedisBroadcastOptions = {}): Promise<RedisHub> => {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`RedisBroadcast.connect: options must be an object, got ${String(options)}`)
  }
  if (options.url !== undefined && options.client !== undefined) {
    throw new TypeError('RedisBroadcast.connect: give url or client, not both')
  }
  const onError = options.onError ?? ((e: RedisBroadcastError) => console.error(e))
  // the hook is the application's: its throw must not stop a reader
  const report = (e: RedisBroadcastError): void => {
    try {
      onError(e)
    } catch {
      // nothing more can be done with it
    }
  }
  const backoff = backoffOf(options.reconnect)
  const health = new Health(report)
  const client = options.client
  if (client !== undefined) {
    if (typeof client !== 'object' || client === null || typeof client.sendCommand !== 'function') {
      throw new TypeError('RedisBroadcast.connect: client must be a node-redis client')
    }
    if (!client.isOpen) {
      throw new TypeError('RedisBroadcast.connect: connect the client first (await client.connect())')
    }
    const socket = client.options?.socket ?? {}
    // the application's client keeps its own reconnection; the readers made from it are this module's
    const makeReader = (key: string): RedisClientLike =>
      client.duplicate({
        name: `play-iteratees-ts:reader:${key}`,
        socket: { ...socket, reconnectStrategy: false },
        disableOfflineQueue: true
      })
    return new Hub(borrowed(client), makeReader, health, backoff, report)
  }
  const url = options.url ?? 'redis://localhost:6379'
  const connectTimeout = options.connectTimeoutMs ?? 5000
  const { createClient } = loadRedis()
  const make = (name: string) => (): RedisClientLike =>
    createClient({ url, name, socket: { reconnectStrategy: false, connectTimeout }, disableOfflineQueue: true })
  const address = withoutCredentials(url)
  const commands = new Link(
    make('play-iteratees-ts:commands'),
    address,
    'the publishing connection',
    undefined,
    health,
    backoff,
    true
  )
  await commands.open()
  return new Hub(
    { address, current: () => commands.current(), close: () => commands.close() },
    (key) => make(`play-iteratees-ts:reader:${key}`)(),
    health,
    backoff,
    report
  )
}
