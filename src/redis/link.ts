/**
 * Connections to Redis: the few methods of a node-redis client this module uses, a connection that reconnects
 * itself with a bounded back-off, and the hub's health, which tells the error hook about each outage once.
 *
 * node-redis can reconnect by itself, but it waits between attempts with a timer nobody can cancel, so a client
 * closed during an outage would keep the process busy until that timer fires; and each failed attempt emits an
 * `'error'`, so a hook listening to them would hear an outage once per attempt. Here every client this module makes
 * has `reconnectStrategy: false` and `disableOfflineQueue: true` (a command while down fails at once instead of
 * waiting in a queue), and `Link` replaces a broken client with a fresh one after a back-off it can cancel.
 *
 * @internal
 */
import { checkDuration } from '../internal/options'

// -------------------------------------------------------------------------------------
// the client
// -------------------------------------------------------------------------------------

/**
 * What this module needs of a Redis client: node-redis's (v5 or v6) `createClient()` gives one.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createClient } from 'redis'
 * import type { RedisClientLike } from 'play-iteratees-ts/redis'
 *
 * // a node-redis client, as an application already has it (connected with `await client.connect()`)
 * const client: RedisClientLike = createClient({ url: 'redis://127.0.0.1:6379' })
 * assert.equal(client.isOpen, false)
 * ```
 *
 * @play none — Play has no Redis client; this is node-redis's, as socket.io's Redis adapters take it
 */
export interface RedisClientLike {
  /** Whether `connect` was called and the client was not closed since. */
  readonly isOpen: boolean
  /** Whether the connection is up now. */
  readonly isReady: boolean
  /** The options it was made with (read to name its address in errors, and to copy it). */
  readonly options?: { readonly url?: string; readonly socket?: object } | undefined
  /** Sends a command as it is, and gives Redis's reply. */
  sendCommand(args: ReadonlyArray<string>): Promise<unknown>
  /** Connects. */
  connect(): Promise<unknown>
  /** Closes the connection at once; commands under way are rejected. */
  destroy(): void
  /** A new client with the same options, but for `overrides`: how reading connections are made. */
  duplicate(overrides?: {
    readonly name?: string
    readonly socket?: object
    readonly disableOfflineQueue?: boolean
  }): RedisClientLike
  /** Listens to its events (this module listens to `'error'` on the clients it makes). */
  on(event: 'error', listener: (error: Error) => void): unknown
  /** Stops listening. */
  off(event: 'error', listener: (error: Error) => void): unknown
}

/** The `redis` package, loaded only when a URL is given (it is an optional peer dependency). */
interface RedisModule {
  readonly createClient: (options: object) => RedisClientLike
}

/**
 * `require('redis')`, at the moment it is needed: loading this module must not load the client, so that the package
 * works without `redis` installed for whoever does not use this entry point (and gives its own client otherwise).
 */
export const loadRedis = (): RedisModule => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('redis') as RedisModule
  } catch (cause) {
    throw new Error(
      'RedisBroadcast: the `redis` package is needed to connect with a URL (npm install redis), or pass a client',
      { cause }
    )
  }
}

/** The address a client connects to, for messages: its URL without credentials, or its socket's path or host:port. */
export const addressOf = (client: RedisClientLike): string => {
  const o = client.options
  const socket = (o?.socket ?? {}) as { readonly path?: unknown; readonly host?: unknown; readonly port?: unknown }
  if (typeof socket.path === 'string') return `unix:${socket.path}`
  if (typeof o?.url === 'string') return withoutCredentials(o.url)
  return `redis://${typeof socket.host === 'string' ? socket.host : 'localhost'}:${Number(socket.port ?? 6379)}`
}

/** A URL without its user and password, which must not end up in logs. */
export const withoutCredentials = (url: string): string => {
  try {
    const u = new URL(url)
    u.username = ''
    u.password = ''
    return u.toString().replace(/\/$/, '')
  } catch {
    return '(an unparsable URL)'
  }
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

// -------------------------------------------------------------------------------------
// errors
// -------------------------------------------------------------------------------------

/**
 * What the error hook hears, and what a push rejects with when Redis cannot take it.
 *
 * `kind` says what failed: `'connection'` (Redis is unreachable, or a command failed: it is retried with
 * back-off), `'decode'` (an entry of the stream does not decode: it is skipped), `'push'` (a push that Redis did
 * not take). `stream` is the stream's key, when one is concerned, `id` the entry's id for `'decode'`, and `cause`
 * what failed underneath.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { RedisBroadcast, RedisBroadcastError } from 'play-iteratees-ts/redis'
 *
 * // nothing listens on port 1: connect rejects, naming the address
 * const error: unknown = await RedisBroadcast.connect({ url: 'redis://127.0.0.1:1' }).catch((e: unknown) => e)
 * assert.ok(error instanceof RedisBroadcastError)
 * assert.equal(error.kind, 'connection')
 * assert.ok(error.message.includes('cannot reach Redis at redis://127.0.0.1:1'))
 * ```
 *
 * @play none — Play has no Redis broadcast
 */
export class RedisBroadcastError extends Error {
  override readonly name = 'RedisBroadcastError'
  constructor(
    message: string,
    /** What failed: the connection, the decoding of an entry, or a push. */
    readonly kind: 'connection' | 'decode' | 'push',
    /** The stream's key, when one is concerned. */
    readonly stream: string | undefined,
    /** The entry's id, for a decoding failure. */
    readonly id: string | undefined,
    cause: unknown
  ) {
    super(message, { cause })
  }
}

// -------------------------------------------------------------------------------------
// back-off
// -------------------------------------------------------------------------------------

/**
 * How long to wait before reconnecting: `minDelayMs`, doubling at each failed attempt up to `maxDelayMs`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { RedisBroadcast, type ReconnectOptions } from 'play-iteratees-ts/redis'
 *
 * const patient: ReconnectOptions = { minDelayMs: 200, maxDelayMs: 10_000 }
 * const connecting = RedisBroadcast.connect({ url: 'redis://127.0.0.1:1', reconnect: patient })
 * await assert.rejects(connecting, /cannot reach Redis/) // the first connection is not retried: it fails at once
 * ```
 *
 * @play none — Play has no Redis broadcast
 */
export interface ReconnectOptions {
  /** The first wait, in milliseconds (default 100). */
  readonly minDelayMs?: number
  /** The longest wait, in milliseconds (default 5,000). */
  readonly maxDelayMs?: number
}

/** The wait before attempt `n` (0-based): exponential, capped, with jitter so that processes do not retry in step. */
export type Backoff = (attempt: number) => number

export const backoffOf = (o: ReconnectOptions = {}): Backoff => {
  const min = checkDuration('RedisBroadcast', 'reconnect.minDelayMs', o.minDelayMs ?? 100)
  const max = checkDuration('RedisBroadcast', 'reconnect.maxDelayMs', o.maxDelayMs ?? 5000)
  if (max < min) throw new TypeError(`RedisBroadcast: reconnect.maxDelayMs (${max}) is below minDelayMs (${min})`)
  // 2^attempt overflows to Infinity long after the cap: Math.min keeps the delay bounded
  return (attempt) => Math.min(max, min * 2 ** attempt) * (0.5 + Math.random() / 2)
}

// -------------------------------------------------------------------------------------
// health: one report per outage
// -------------------------------------------------------------------------------------

/**
 * The hub's view of its connections. An outage starts when one of them fails while all were well, and only that
 * failure is reported; the others that fail meanwhile (every connection of the process, when Redis restarts) and
 * the failed attempts to reconnect are part of the same outage. It ends when all are well again.
 */
export class Health {
  private readonly failing = new Set<object>()
  constructor(private readonly report: (e: RedisBroadcastError) => void) {}

  failed(source: object, error: RedisBroadcastError): void {
    const first = this.failing.size === 0
    this.failing.add(source)
    if (first) this.report(error)
  }

  succeeded(source: object): void {
    this.failing.delete(source)
  }
}

// -------------------------------------------------------------------------------------
// a connection that reconnects itself
// -------------------------------------------------------------------------------------

/**
 * One connection this module owns. `open()` makes the first one (and fails at once if it cannot: a wrong address
 * must not be retried in silence); after that, `fail(client, e)` (a command failed, or the client emitted
 * `'error'`) drops the client and reconnects after a back-off, until `close()`.
 *
 * The back-off grows with each failed attempt and restarts only when the connection proves good: on connecting for
 * the publishing connection, on a command's success for a reader (`ok()`), so that a command that fails on every
 * fresh connection does not loop quickly.
 */
export class Link {
  private client: RedisClientLike | undefined
  /** A client being connected, so that `close()` can stop it. */
  private connecting: RedisClientLike | undefined
  private attempt = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private waiters: Array<(c: RedisClientLike | undefined) => void> = []
  private closed = false
  private readonly listeners = new Map<RedisClientLike, (e: Error) => void>()

  constructor(
    private readonly make: () => RedisClientLike,
    readonly address: string,
    private readonly what: string,
    private readonly stream: string | undefined,
    private readonly health: Health,
    private readonly backoff: Backoff,
    /** Whether a fresh connection counts as good at once (else a caller says so with `ok()`). */
    private readonly goodWhenConnected: boolean
  ) {}

  /** The first connection; rejects with an error naming the address when Redis cannot be reached. */
  async open(): Promise<void> {
    const c = this.make()
    this.listen(c)
    try {
      await c.connect()
    } catch (cause) {
      this.drop(c)
      throw new RedisBroadcastError(
        `RedisBroadcast: cannot reach Redis at ${this.address} (${this.what}): ${messageOf(cause)}`,
        'connection',
        this.stream,
        undefined,
        cause
      )
    }
    if (this.closed) {
      this.drop(c)
      return
    }
    this.client = c
  }

  /** The connected client, or undefined while reconnecting (or once closed). */
  current(): RedisClientLike | undefined {
    return this.client !== undefined && this.client.isReady ? this.client : undefined
  }

  /** The connected client as soon as there is one; undefined once closed. */
  whenReady(): Promise<RedisClientLike | undefined> {
    if (this.closed) return Promise.resolve(undefined)
    const c = this.current()
    if (c !== undefined) return Promise.resolve(c)
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /** The connection proved good: the next outage starts its back-off afresh. */
  ok(): void {
    this.attempt = 0
    this.health.succeeded(this)
  }

  /** `c` failed with `e`: dropped, and replaced after a back-off (once per client: later reports are ignored). */
  fail(c: RedisClientLike, e: unknown): void {
    if (this.closed || c !== this.client) return
    this.client = undefined
    this.drop(c)
    this.health.failed(
      this,
      new RedisBroadcastError(
        `RedisBroadcast: lost the connection to Redis at ${this.address} (${this.what}): ${messageOf(e)}; reconnecting`,
        'connection',
        this.stream,
        undefined,
        e
      )
    )
    this.schedule()
  }

  /** Closes the connection and stops reconnecting; whoever waits for a client gets undefined. */
  close(): void {
    if (this.closed) return
    this.closed = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    for (const c of [this.client, this.connecting]) if (c !== undefined) this.drop(c)
    this.client = this.connecting = undefined
    this.health.succeeded(this)
    this.wake(undefined)
  }

  private schedule(): void {
    const delay = this.backoff(this.attempt++)
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.reconnect()
    }, delay)
  }

  private async reconnect(): Promise<void> {
    if (this.closed) return
    let c: RedisClientLike
    try {
      c = this.make()
    } catch {
      // a client that cannot even be made (its options refused) is retried like one that cannot connect
      this.schedule()
      return
    }
    this.listen(c)
    this.connecting = c
    try {
      await c.connect()
    } catch {
      // part of the outage already reported: try again later
      this.connecting = undefined
      this.drop(c)
      if (!this.closed) this.schedule()
      return
    }
    this.connecting = undefined
    if (this.closed) {
      this.drop(c)
      return
    }
    this.client = c
    if (this.goodWhenConnected) this.ok()
    this.wake(c)
  }

  private wake(c: RedisClientLike | undefined): void {
    const waiters = this.waiters
    this.waiters = []
    for (const w of waiters) w(c)
  }

  /** node-redis throws an `'error'` event that nobody listens to: every client made here has a listener at once. */
  private listen(c: RedisClientLike): void {
    const onError = (e: Error): void => this.fail(c, e)
    this.listeners.set(c, onError)
    c.on('error', onError)
  }

  private drop(c: RedisClientLike): void {
    try {
      c.destroy()
    } catch {
      // already closed
    }
    const onError = this.listeners.get(c)
    this.listeners.delete(c)
    // node-redis may still emit an error for the socket it is tearing down: keep a listener that ignores it
    if (onError !== undefined) {
      c.off('error', onError)
      c.on('error', ignore)
    }
  }
}

const ignore = (): void => undefined
