/**
 * A consumer's end travels with it (issue 9, part 1): what a hot source releases when an HTTP client leaves depends
 * on who subscribed, never on the call stack, however many asynchronous steps came before the subscription.
 */
import type { IncomingMessage } from 'node:http'
import { Action, Concurrent, Enumerator, Iteratee, Ok, type Result } from '../../src'
import { connectUntil, listen, sleep, until } from './helpers'

/** `value` after `steps` turns of the event loop (0: at once, synchronously). */
const afterSteps = async <A>(steps: number, value: () => A): Promise<A> => {
  for (let i = 0; i < steps; i++) await new Promise<void>((resolve) => setImmediate(resolve))
  return value()
}

const serve = async (block: (req: IncomingMessage) => Result) => {
  const errors: Array<unknown> = []
  const server = await listen(Action(block, { onError: (e) => errors.push(e) }))
  return { ...server, errors }
}

const forms = [
  ['lockstep', () => Concurrent.broadcast<string>()],
  ['bounded', () => Concurrent.broadcast<string>({ bufferSize: 8, overflow: 'dropOldest' })]
] as const

const STEPS = [0, 1, 2, 10] as const

describe('a consumer’s end travels with it', () => {
  describe.each(forms)('an app-wide logger attached to a %s broadcast from inside a client’s unicast', (_, make) => {
    it.each(STEPS)('is not released when that client leaves (attached after %i asynchronous steps)', async (steps) => {
      const [feed, channel] = make()
      const logged: Array<string> = []
      let loggerAttached = false
      let clientCompleted = 0
      const server = await serve(() =>
        Ok.chunked(
          Concurrent.unicast<string>(
            (client) => {
              client.push('welcome\n')
              if (!loggerAttached) {
                loggerAttached = true
                // the logger belongs to the application: its own apply has no lifetime but its own
                void afterSteps(steps, () => feed.apply(Iteratee.foreach((m: string) => void logged.push(m))))
              }
            },
            () => clientCompleted++
          )
        ).as('text/plain')
      )
      try {
        const socket = await connectUntil(server.port, 'welcome')
        await sleep(20 + steps)
        socket.destroy()
        // the client's own unicast completes at once
        await until(() => clientCompleted === 1, 5000, 'the client’s unicast to complete')
        await sleep(20)
        channel.push('after the client left')
        await until(() => logged.length === 1, 5000, 'the logger to get the push')
        expect(logged).toEqual(['after the client left'])
        expect(server.errors).toEqual([])
      } finally {
        channel.end()
        await server.close()
      }
    })
  })

  describe.each(forms)('a client’s own subscription to a quiet %s broadcast', (_, make) => {
    const shapes = [
      [
        'heading.andThen(broadcast) with a pending heading',
        (events: Enumerator<string>, steps: number) =>
          Enumerator.flatten(afterSteps(steps, () => Enumerator('hello\n'))).andThen(events)
      ],
      [
        'a flatten of a promised broadcast',
        (events: Enumerator<string>, steps: number) =>
          Enumerator('hello\n').andThen(Enumerator.flatten(afterSteps(steps, () => events)))
      ]
    ] as const
    describe.each(shapes)('reached through %s', (_shape, build) => {
      it.each(STEPS)('is released at once when the client leaves (after %i asynchronous steps)', async (steps) => {
        const [events, channel] = make()
        let released = 0
        const other: Array<string> = []
        // somebody else's subscription, made without a lifetime: it must stay
        const otherDone = events.run(Iteratee.foreach((m: string) => void other.push(m)))
        const server = await serve(() =>
          Ok.chunked(build(events, steps).onDoneEnumerating(() => released++)).as('text/plain')
        )
        try {
          const socket = await connectUntil(server.port, 'hello')
          await sleep(20 + steps)
          expect(released).toBe(0)
          socket.destroy()
          await until(() => released === 1, 5000, 'the subscription to be released with nothing pushed')
          channel.push('still there?')
          channel.eofAndEnd()
          await otherDone
          expect(other).toEqual(['still there?'])
          expect(server.errors).toEqual([])
        } finally {
          channel.end()
          await server.close()
        }
      })
    })
  })
})

describe('Enumerator#apply(it, { signal })', () => {
  it.each(forms)('releases only the aborted consumer’s %s subscription', async (_, make) => {
    const [events, channel] = make()
    const leaving = new AbortController()
    const staying = new AbortController()
    const a = events.apply(Iteratee.getChunks<string>(), { signal: leaving.signal })
    const b = events.apply(Iteratee.getChunks<string>(), { signal: staying.signal })
    channel.push('one')
    leaving.abort()
    expect(await (await a).run()).toEqual(['one'])
    channel.push('two')
    channel.end()
    expect(await (await b).run()).toEqual(['one', 'two'])
  })

  it('releases a subscription reached after asynchronous steps', async () => {
    const [events, channel] = Concurrent.broadcast<string>()
    const leaving = new AbortController()
    const applied = Enumerator.flatten(afterSteps(10, () => events)).apply(Iteratee.getChunks<string>(), {
      signal: leaving.signal
    })
    await afterSteps(12, () => undefined)
    channel.push('seen')
    leaving.abort()
    channel.push('not seen')
    expect(await (await applied).run()).toEqual(['seen'])
  })

  it('completes a unicast (onComplete runs once)', async () => {
    let completed = 0
    const leaving = new AbortController()
    const applied = Concurrent.unicast<number>(
      (c) => c.push(1),
      () => completed++
    ).apply(Iteratee.getChunks<number>(), { signal: leaving.signal })
    leaving.abort()
    expect(await (await applied).run()).toEqual([1])
    expect(completed).toBe(1)
  })

  it('stops an asynchronous source that waits for its next element, and runs its completion', async () => {
    let completed = 0
    const leaving = new AbortController()
    const never = new Promise<never>(() => undefined)
    let calls = 0
    const source = Enumerator.fromCallback1(
      () => (calls++ === 0 ? Promise.resolve({ _tag: 'Some' as const, value: 'first' }) : never),
      () => completed++
    )
    const applied = source.apply(Iteratee.getChunks<string>(), { signal: leaving.signal })
    await sleep(5)
    leaving.abort()
    expect(await (await applied).run()).toEqual(['first'])
    expect(completed).toBe(1)
  })

  it('ends a long synchronous enumeration at its next turn of the event loop', async () => {
    const leaving = new AbortController()
    // an endless source: only the abort ends it
    const applied = Enumerator.repeat(() => 1).apply(
      Iteratee.fold(0, (n: number) => n + 1),
      { signal: leaving.signal }
    )
    leaving.abort()
    const count = await (await applied).run()
    expect(count).toBeGreaterThan(0)
  })

  it('an already aborted signal lets nothing subscribe', async () => {
    const [events, channel] = Concurrent.broadcast<string>()
    const applied = events.apply(Iteratee.getChunks<string>(), { signal: AbortSignal.abort() })
    channel.push('nobody')
    expect(await (await applied).run()).toEqual([])
  })

  it('refuses what is not an AbortSignal, at once', () => {
    expect(() => Enumerator(1).apply(Iteratee.getChunks<number>(), { signal: 'stop' as never })).toThrow(
      /options\.signal must be an AbortSignal, got stop/
    )
  })
})
