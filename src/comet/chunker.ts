/**
 * The enumeratee behind Comet and EventSource: each element rendered as a chunk, optionally
 * after a heading chunk, with heartbeats while idle and an end after a byte limit.
 *
 * Without heartbeat or limit it is `heading` then a fused `map`, on the fast path. With them it
 * keeps state (the timer, the byte count), so such an enumeratee serves one response at a time:
 * build it per request, as `Comet(...)` in an `Action` naturally is.
 *
 * @internal
 */
import { type El, Input as In } from '../Input'
import * as C from '../internal/core'
import * as I from '../internal/iteratee'
import { FOREVER, type Lifetime } from '../internal/lifetime'
import { checkDuration, checkSize } from '../internal/options'
import type { Enumeratee } from '../Enumeratee'
import type { Iteratee } from '../Iteratee'
import { type Rendering, renderedInput } from '../internal/shared'

/**
 * How `chunker` frames a stream: the heading, the heartbeat and the byte limit.
 *
 * @internal Shared by `Comet` and `EventSource`, which expose these as their own options; not re-exported.
 */
export interface ChunkerOptions<To> {
  /** Who is framing (`Comet`, `EventSource`): error messages name it. */
  readonly name: string
  /** The media type of the stream, when the elements' own type does not say it (`EventSource`'s strings). */
  readonly contentType?: string
  /** The chunk sent first, before any element. */
  readonly heading?: To
  /** Milliseconds without a chunk after which `beat` is sent; `undefined` or 0: never. */
  readonly heartbeatMs?: number
  /** The heartbeat chunk. */
  readonly beat?: To
  /** Bytes after which the stream ends (the inner iteratee is handed back, as `take` does). */
  readonly responseLimit?: number
  /** The size of a chunk in bytes. */
  readonly size: (chunk: To) => number
}

/**
 * The enumeratee that renders each element as a chunk, after the heading, with heartbeats and a byte limit.
 *
 * @internal The engine of `Comet` and `EventSource`, which are its public faces; not re-exported.
 */
export const chunker = <E, To>(rendering: Rendering<E, To>, options: ChunkerOptions<To>): Enumeratee<E, To> => {
  const heartbeatMs =
    options.heartbeatMs === undefined ? undefined : checkDuration(options.name, 'heartbeatMs', options.heartbeatMs)
  const limit =
    options.responseLimit === undefined
      ? undefined
      : checkSize(options.name, 'responseLimit', 'bytes', options.responseLimit)
  const heading = options.heading
  const head = <A>(inner: Iteratee<To, A>): Iteratee<To, A> =>
    heading === undefined ? inner : I.feedInput(inner, In.El<To>(heading))
  if (heartbeatMs === undefined && limit === undefined) {
    return new C.Enumeratee(
      <A>(inner: Iteratee<To, A>) => mapOuter(rendering, head(inner)),
      undefined,
      options.contentType
    )
  }
  return new C.Enumeratee(
    <A>(inner: Iteratee<To, A>, life: Lifetime) => stateful(rendering, options, heartbeatMs, limit, head(inner), life),
    undefined,
    options.contentType
  )
}

/**
 * The outer iteratee of a map by `rendering` around `inner`: the same steps as the fused `map` enumeratee's, but
 * holding nothing but the rendering and the inner Cont (an idle response holds it for as long as it stays, W4). An
 * element that a broadcast gives to many responses is rendered once for all (./internal/shared). Its fast path is
 * that of the fused `map`, whose stages are made when a producer asks for it.
 */
const mapOuter = <E, To, A>(rendering: Rendering<E, To>, inner: Iteratee<To, A>): Iteratee<E, Iteratee<To, A>> =>
  C.checkDone(inner, (c) => mapCont(rendering, c))

const mapCont = <E, To, A>(rendering: Rendering<E, To>, c: Iteratee<To, A>): Iteratee<E, Iteratee<To, A>> => {
  const self: Iteratee<E, Iteratee<To, A>> = I.cont(
    (input) => {
      // an inner iteratee that gives itself back (an HTTP writer whose socket takes the chunk) keeps this outer one
      if (input._tag === 'El') {
        const next = I.continueWith(c, renderedInput(input, rendering))
        return next === c ? self : mapOuter(rendering, next)
      }
      if (input._tag === 'Empty') {
        const next = I.continueWith(c, input)
        return next === c ? self : mapOuter(rendering, next)
      }
      return I.done(c, In.EOF)
    },
    () => I.openSink(C.applyOnFor(C.filterMap<E, To>([{ kind: 'map', f: (e: E) => rendering.render(e) }]), c, FOREVER))
  )
  return self
}

/** Comet or SSE with heartbeats or a limit: feeds from the producer and from the timer are serialized on `current`. */
const stateful = <E, To, A>(
  rendering: Rendering<E, To>,
  options: ChunkerOptions<To>,
  heartbeatMs: number | undefined,
  limit: number | undefined,
  inner: Iteratee<To, A>,
  life: Lifetime
): Iteratee<E, Iteratee<To, A>> => {
  let current = inner
  let sent = options.heading === undefined ? 0 : options.size(options.heading)
  let timer: ReturnType<typeof setTimeout> | undefined
  let finished = false

  // the consumer that leaves stops the heartbeats at once, even while nothing is fed
  let unlisten: (() => void) | undefined
  const stop = (): void => {
    finished = true
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    if (unlisten !== undefined) unlisten()
    unlisten = undefined
  }
  const send = (chunk: El<To>): void => {
    sent += options.size(chunk.e)
    current = I.feedInput(current, chunk)
  }
  const arm = (): void => {
    if (heartbeatMs === undefined || finished) return
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(beat, heartbeatMs)
    // a heartbeat never keeps the process alive by itself
    if (typeof timer === 'object' && timer !== null && 'unref' in timer) (timer as { unref(): void }).unref()
  }
  const beat = (): void => {
    timer = undefined
    const s = I.settle(current)
    if (I.isDone(s) || I.isError(s)) return stop()
    if (I.isCont(s)) send(In.El(options.beat as To) as El<To>)
    arm()
  }
  /** What the outer iteratee is after a chunk: still Cont, or done with the inner one handed back. */
  const next = (): Iteratee<E, Iteratee<To, A>> =>
    C.checkDone(current, () => {
      if (limit !== undefined && sent >= limit) {
        stop()
        return I.done<E, Iteratee<To, A>>(current, In.Empty)
      }
      return outer
    })
  const outer: Iteratee<E, Iteratee<To, A>> = I.cont((input) => {
    if (finished) return I.done(current, input)
    if (input._tag === 'EOF') {
      stop()
      return I.done(current, In.EOF)
    }
    if (input._tag === 'El') {
      let chunk: El<To>
      try {
        chunk = renderedInput(input, rendering) as El<To>
      } catch (e) {
        // the stream fails here (the throw is a failure): no heartbeat may outlive it
        stop()
        throw e
      }
      send(chunk)
    }
    arm()
    const after = next()
    if (I.isDone(I.settle(after))) stop()
    return after
  })
  if (heartbeatMs !== undefined) {
    if (life.ended()) stop()
    else unlisten = life.onEnd(stop)
  }
  arm()
  return next()
}

/**
 * The UTF-8 length of a string, without a platform encoder.
 *
 * @internal How `Comet` and `EventSource` count bytes for `responseLimit`; not re-exported.
 */
export const utf8Length = (s: string): number => {
  let bytes = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}
