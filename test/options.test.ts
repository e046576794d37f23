/**
 * Options that cannot misfire: every duration and size is checked when the combinator is built, and a value past
 * what Node's timers run (2^31 - 1 ms) is refused rather than firing every millisecond.
 */
import { Comet, Concurrent, Enumerator, EventSource, Iteratee } from '../src'

const THIRTY_DAYS = 30 * 24 * 60 * 60 * 1000
const MAX = 2 ** 31 - 1
const bad = [THIRTY_DAYS, MAX + 1, 0, -1, NaN, Infinity, '5' as unknown as number]

describe('durations and sizes', () => {
  it.each([
    ['Comet', (heartbeatMs: number) => Comet({ callback: 'f', heartbeatMs })],
    ['EventSource', (heartbeatMs: number) => EventSource({ heartbeatMs })],
    // the preset checks what it is given as EventSource does, and its errors say EventSource
    ['EventSource', (heartbeatMs: number) => EventSource.live({ heartbeatMs })]
  ] as const)('%s refuses a heartbeat that a timer cannot run, naming the option and the value', (name, make) => {
    for (const ms of bad) expect(() => make(ms)).toThrow(new RegExp(`^${name}: heartbeatMs must be`))
    expect(() => make(THIRTY_DAYS)).toThrow(/at most 2147483647 milliseconds.*got 2592000000$/)
    expect(() => make(MAX)).not.toThrow()
  })

  it('a heartbeat of the longest accepted time does not fire at once', async () => {
    const chunks = Enumerator('a').through(Comet({ callback: 'f', heartbeatMs: MAX }))
    const seen: Array<string> = []
    const leaving = new AbortController()
    const applied = chunks.apply(
      Iteratee.foreach((h) => void seen.push(String(h))),
      { signal: leaving.signal }
    )
    await new Promise((resolve) => setTimeout(resolve, 100))
    leaving.abort()
    await applied
    // the initial chunk and the message: no heartbeat in 100 ms
    expect(seen).toHaveLength(2)
  })

  it('Comet refuses a responseLimit that is not a positive number of bytes', () => {
    for (const responseLimit of [0, -1, NaN, Infinity, '5' as unknown as number])
      expect(() => Comet({ callback: 'f', responseLimit })).toThrow(
        /^Comet: responseLimit must be a positive number of bytes/
      )
  })

  it.each([
    ['dropInputIfNotReady', (ms: number) => Concurrent.dropInputIfNotReady(ms)],
    ['lazyAndErrIfNotReady', (ms: number) => Concurrent.lazyAndErrIfNotReady(ms)]
  ] as const)('Concurrent.%s refuses a waiting time a timer cannot run', (name, make) => {
    for (const ms of bad) expect(() => make(ms)).toThrow(new RegExp(`^Concurrent.${name}: the waiting time must be`))
    expect(() => make(10)).not.toThrow()
  })

  it('broadcast refuses a bufferSize that is not a positive integer', () => {
    for (const bufferSize of [0, -1, 1.5, NaN, Infinity])
      expect(() => Concurrent.broadcast({ bufferSize, overflow: 'dropOldest' })).toThrow(TypeError)
  })
})
