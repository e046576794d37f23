/**
 * `EventSource.live(options)`: `EventSource(options)` with better-sse's defaults, a `retry: 2000` frame first and a
 * `: heartbeat` comment after 10 s without a frame; while `EventSource()` keeps Play's frames (no retry, no
 * heartbeat). Time is jest's fake clock, so the real defaults are checked without waiting 10 s.
 */
import { Concurrent, Enumerator, EventSource, Iteratee } from '../../src'

const HEARTBEAT = ': heartbeat\n\n'

/** Runs `updates` through `sse` into an array of frames; `done` settles when the stream ends. */
const collect = (updates: Enumerator<string>, sse: ReturnType<typeof EventSource<string>>) => {
  const frames: Array<string> = []
  const done = updates.through(sse).run(Iteratee.foreach((f: string) => void frames.push(f)))
  return { frames, done }
}

describe('EventSource.live', () => {
  beforeEach(() => {
    // only the timers are fake: promises and ticks run as usual
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] })
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  it('liveDefaults: retry 2000 ms, heartbeat every 10 s, frozen', () => {
    expect(EventSource.liveDefaults).toEqual({ retry: 2000, heartbeatMs: 10_000 })
    expect(Object.isFrozen(EventSource.liveDefaults)).toBe(true)
  })

  it('sends the retry frame first, then a comment after 10 s without a frame, and only then', async () => {
    const [updates, channel] = Concurrent.broadcast<string>()
    const { frames, done } = collect(updates, EventSource.live<string>())
    await jest.advanceTimersByTimeAsync(0)
    expect(frames).toEqual(['retry: 2000\n\n'])

    await jest.advanceTimersByTimeAsync(9_999)
    expect(frames).toEqual(['retry: 2000\n\n'])
    await jest.advanceTimersByTimeAsync(1)
    expect(frames).toEqual(['retry: 2000\n\n', HEARTBEAT])

    // an event restarts the wait
    await jest.advanceTimersByTimeAsync(5_000)
    channel.push('update')
    await jest.advanceTimersByTimeAsync(9_999)
    expect(frames).toEqual(['retry: 2000\n\n', HEARTBEAT, 'data: update\n\n'])
    await jest.advanceTimersByTimeAsync(1)
    expect(frames).toEqual(['retry: 2000\n\n', HEARTBEAT, 'data: update\n\n', HEARTBEAT])

    // the end stops the timer
    channel.eofAndEnd()
    await done
    expect(jest.getTimerCount()).toBe(0)
  })

  it('the options are EventSource’s: given ones win, undefined ones take the default', async () => {
    interface Tick {
      readonly n: number
    }
    const [ticks, channel] = Concurrent.broadcast<Tick>()
    const frames: Array<string> = []
    const done = ticks
      .through(EventSource.live<Tick>({ id: (t) => String(t.n), name: () => 'tick', retry: 500, heartbeatMs: 1000 }))
      .run(Iteratee.foreach((f: string) => void frames.push(f)))
    channel.push({ n: 1 })
    await jest.advanceTimersByTimeAsync(1000)
    channel.eofAndEnd()
    await done
    expect(frames).toEqual(['retry: 500\n\n', 'event: tick\nid: 1\ndata: {"n":1}\n\n', HEARTBEAT])

    const [updates, channel2] = Concurrent.broadcast<string>()
    const { frames: frames2, done: done2 } = collect(
      updates,
      EventSource.live<string>({ retry: undefined, heartbeatMs: undefined })
    )
    await jest.advanceTimersByTimeAsync(10_000)
    channel2.eofAndEnd()
    await done2
    expect(frames2).toEqual(['retry: 2000\n\n', HEARTBEAT])
  })

  it('a retry of 0 is kept (not replaced by the default)', async () => {
    expect(
      await Enumerator('a')
        .through(EventSource.live({ retry: 0 }))
        .run(Iteratee.getChunks())
    ).toEqual(['retry: 0\n\n', 'data: a\n\n'])
  })

  it('checks its options as EventSource does, when it is built', () => {
    for (const heartbeatMs of [0, -1, NaN, Infinity, 2 ** 31, '5' as unknown as number])
      expect(() => EventSource.live({ heartbeatMs })).toThrow(/^EventSource: heartbeatMs must be/)
    for (const retry of [-1, 1.5, NaN, '5' as unknown as number])
      expect(() => EventSource.live({ retry })).toThrow(/^EventSource: retry must be a non-negative integer/)
    for (const options of [null, 'x', 5])
      expect(() => EventSource.live(options as never)).toThrow(/^EventSource.live options must be an object/)
  })
})

describe('EventSource() keeps Play’s frames', () => {
  it('no retry frame, no heartbeat, however long the stream is idle', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] })
    try {
      const [updates, channel] = Concurrent.broadcast<string>()
      const { frames, done } = collect(updates, EventSource<string>())
      await jest.advanceTimersByTimeAsync(60_000)
      expect(jest.getTimerCount()).toBe(0)
      channel.push('kiki')
      channel.eofAndEnd()
      await done
      expect(frames).toEqual(['data: kiki\n\n'])
    } finally {
      jest.useRealTimers()
    }
  })
})
