/**
 * A broadcast renders each element once for all the subscribers whose pipeline renders it the same way (Comet or
 * EventSource with the same options, each built per subscriber as an action builds it), and what every subscriber
 * receives is exactly what it would receive if it rendered by itself.
 */
import * as fc from 'fast-check'
import { some } from 'fp-ts/Option'
import {
  Comet,
  CometMessage,
  Cont,
  Done,
  Concurrent,
  type Enumeratee,
  Enumerator,
  EventSource,
  type Html,
  Input,
  Iteratee
} from '../../src'

/** A string encoder that counts its calls. */
const counting = () => {
  const calls: Array<string> = []
  const encoder = CometMessage.of((s: string) => {
    calls.push(s)
    return CometMessage.string.toJavascriptMessage(s)
  })
  return { calls, encoder }
}

const bodies = (chunks: ReadonlyArray<Html>): Array<string> => chunks.map((h) => h.body)

/** The chunks each pipeline gives when it renders `messages` by itself (no broadcast). */
const alone = <To>(messages: ReadonlyArray<string>, pipeline: Enumeratee<string, To>): Promise<ReadonlyArray<To>> =>
  Enumerator.enumerate(messages).through(pipeline).run(Iteratee.getChunks<To>())

/** Subscribes each pipeline to the broadcast, pushes the messages, ends it, and gives what each subscriber got. */
const broadcastTo = async <To>(
  form: 'lockstep' | 'bounded',
  pipelines: ReadonlyArray<Enumeratee<string, To>>,
  messages: ReadonlyArray<string>
): Promise<Array<ReadonlyArray<To>>> => {
  const [enumerator, channel] =
    form === 'lockstep'
      ? Concurrent.broadcast<string>()
      : Concurrent.broadcast<string>({ bufferSize: 100, overflow: 'dropOldest' })
  const runs = pipelines.map((p) => enumerator.through(p).run(Iteratee.getChunks<To>()))
  for (const m of messages) channel.push(m)
  channel.end()
  return Promise.all(runs)
}

describe.each(['lockstep', 'bounded'] as const)('a broadcast (%s) renders each element once', (form) => {
  it('Comet per subscriber, same callback and encoder: one rendering per message for 50 subscribers', async () => {
    const { calls, encoder } = counting()
    const pipelines = Array.from({ length: 50 }, () => Comet({ callback: 'parent.cometMessage' }, encoder))
    const got = await broadcastTo(form, pipelines, ['a', "it's", '</script>'])
    expect(calls).toEqual(['a', "it's", '</script>'])
    const expected = bodies(await alone(['a', "it's", '</script>'], Comet({ callback: 'parent.cometMessage' })))
    for (const chunks of got) expect(bodies(chunks)).toEqual(expected)
  })

  it('different callbacks, nonces or encoders render apart, each once, and each subscriber gets its own', async () => {
    const { calls, encoder } = counting()
    const other = counting()
    const options = [
      { callback: 'parent.a' },
      { callback: 'parent.b' },
      { callback: 'parent.a', nonce: 'n0nce' },
      { callback: 'parent.a' }
    ]
    const pipelines = [
      ...options.map((o) => Comet(o, encoder)),
      ...options.map((o) => Comet(o, encoder)),
      Comet({ callback: 'parent.a' }, other.encoder)
    ]
    const got = await broadcastTo(form, pipelines, ['x', 'y'])
    // three renderings (a, b, a with a nonce) with the first encoder, one with the other
    expect(calls).toEqual(['x', 'x', 'x', 'y', 'y', 'y'])
    expect(other.calls).toEqual(['x', 'y'])
    const pipelinesAlone = [...options, ...options, { callback: 'parent.a' }].map((o) => Comet(o))
    for (let i = 0; i < got.length; i++) {
      expect(bodies(got[i])).toEqual(bodies(await alone(['x', 'y'], pipelinesAlone[i])))
    }
  })

  it('more different renderings than it keeps: every subscriber still gets its own chunks', async () => {
    const nonces = Array.from({ length: 12 }, (_, i) => `nonce${i}`)
    const got = await broadcastTo(
      form,
      nonces.map((nonce) => Comet({ callback: 'parent.f', nonce })),
      ['m1', 'm2']
    )
    for (let i = 0; i < nonces.length; i++) {
      expect(bodies(got[i])).toEqual(
        bodies(await alone(['m1', 'm2'], Comet({ callback: 'parent.f', nonce: nonces[i] })))
      )
    }
  })

  it('EventSource per subscriber with the same functions: one rendering per element', async () => {
    const calls: Array<string> = []
    const data = (s: string): string => {
      calls.push(s)
      return s.toUpperCase()
    }
    const id = (s: string) => some(`id-${s}`)
    const got = await broadcastTo(
      form,
      Array.from({ length: 20 }, () => EventSource({ data, id })),
      ['one', 'two']
    )
    expect(calls).toEqual(['one', 'two'])
    for (const frames of got) expect(frames).toEqual(['id: id-one\ndata: ONE\n\n', 'id: id-two\ndata: TWO\n\n'])
    // a function made per subscriber renders per subscriber: nothing says two such functions agree
    calls.length = 0
    await broadcastTo(
      form,
      Array.from({ length: 3 }, () => EventSource({ data: (s: string) => data(s) })),
      ['three']
    )
    expect(calls).toEqual(['three', 'three', 'three'])
  })

  it('a rendering that throws fails every subscriber that renders it, each with the very value', async () => {
    const boom = new Error('boom')
    const encoder = CometMessage.of((s: string) => {
      if (s === 'bad') throw boom
      return CometMessage.string.toJavascriptMessage(s)
    })
    const [enumerator, channel] =
      form === 'lockstep'
        ? Concurrent.broadcast<string>()
        : Concurrent.broadcast<string>({ bufferSize: 100, overflow: 'dropOldest' })
    const runs = Array.from({ length: 3 }, () =>
      enumerator.through(Comet({ callback: 'f' }, encoder)).run(Iteratee.getChunks<Html>())
    )
    const settled = Promise.allSettled(runs)
    channel.push('good')
    channel.push('bad')
    channel.end()
    for (const r of await settled) expect(r).toEqual({ status: 'rejected', reason: boom })
  })

  it('a plain subscriber sees the pushed elements as plain inputs', async () => {
    const [enumerator, channel] =
      form === 'lockstep'
        ? Concurrent.broadcast<string>()
        : Concurrent.broadcast<string>({ bufferSize: 100, overflow: 'dropOldest' })
    const inputs: Array<Input<string>> = []
    const collect = (): Iteratee<string, number> =>
      Cont((input: Input<string>) => {
        inputs.push(input)
        return input._tag === 'EOF' ? Done(inputs.length, Input.EOF) : collect()
      })
    const run = enumerator.run(collect())
    const comet = enumerator.through(Comet({ callback: 'f' })).run(Iteratee.getChunks<Html>())
    channel.push('a')
    channel.end()
    await Promise.all([run, comet])
    const el = inputs.find((i) => i._tag === 'El')!
    expect(el).toEqual(Input.El('a'))
    expect(Object.keys(el).sort()).toEqual(['_tag', 'e'])
    expect(JSON.stringify(el)).toBe(JSON.stringify(Input.El('a')))
  })
})

describe('rendering once is never seen', () => {
  it('any mix of subscribers (Comet options, encoders, EventSource) gets what it would get rendering alone', async () => {
    const a = counting()
    const b = counting()
    const pipelineOf = (i: number): Enumeratee<string, unknown> =>
      [
        () => Comet({ callback: 'parent.a' }, a.encoder),
        () => Comet({ callback: 'parent.a' }, b.encoder),
        () => Comet({ callback: 'parent.b', nonce: 'x' }, a.encoder),
        () => EventSource(),
        () => EventSource({ name: () => 'tick' })
      ][i]() as Enumeratee<string, unknown>
    const render = (x: unknown): unknown => (typeof x === 'string' ? x : (x as Html).body)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('lockstep' as const, 'bounded' as const),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.string(), { maxLength: 6 }),
        async (form, kinds, messages) => {
          const got = await broadcastTo(form, kinds.map(pipelineOf), messages)
          for (let i = 0; i < kinds.length; i++) {
            expect(got[i].map(render)).toEqual((await alone(messages, pipelineOf(kinds[i]))).map(render))
          }
        }
      ),
      { numRuns: 100 }
    )
  })
})
