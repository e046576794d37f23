/**
 * Every name of API.md's sections "Input and Step", "Iteratee", "Enumerator" and "Enumeratee", and
 * their fp-ts instances, is exported from the package root, with the right kind; each Play operator
 * is the very function object of its named method. Each entry point exports its public names and no
 * internal plumbing, and `Enumerator` is one object wherever it is imported from. The WebSocket names
 * (`WebSocket`, `FrameFormatter`) are the same objects from the root and from `play-iteratees-ts/websocket`.
 */
import { none, some } from 'fp-ts/Option'
import * as root from '../src'
import * as EnumeratorModule from '../src/Enumerator'
import * as streams from '../src/streams'
import * as websocket from '../src/websocket'
import { Cont, Done, Enumeratee, Enumerator, Err, Input, Iteratee, IterateeError, Step } from '../src'

const IterateeClass = Object.getPrototypeOf(Done(1)).constructor as new (...args: never) => unknown
const EnumeratorClass = Object.getPrototypeOf(Enumerator(1)).constructor as new (...args: never) => unknown
const EnumerateeClass = Object.getPrototypeOf(Enumeratee.passAlong()).constructor as new (...args: never) => unknown

describe('root exports', () => {
  it.each(['Input', 'Step', 'Iteratee', 'Done', 'Cont', 'Err', 'Enumerator', 'Enumeratee', 'IterateeError'])(
    '%s is exported from the root',
    (name) => {
      expect((root as Record<string, unknown>)[name]).toBeDefined()
    }
  )

  it('IterateeError is an Error class', () => {
    const e = new IterateeError('x', { cause: 1 })
    expect(e).toBeInstanceOf(Error)
    expect(e.name).toBe('IterateeError')
    expect(e.message).toBe('x')
    expect(e.cause).toBe(1)
  })

  it('Done, Cont and Err make iteratees', () => {
    expect(Done(1)).toBeInstanceOf(IterateeClass)
    expect(Cont(() => Done(1))).toBeInstanceOf(IterateeClass)
    expect(Err('bad', Input.Empty)).toBeInstanceOf(IterateeClass)
  })
})

describe('Input and Step', () => {
  it('Input: El, Empty, EOF, map', () => {
    expect(typeof Input.El).toBe('function')
    expect(Input.El(1)).toStrictEqual({ _tag: 'El', e: 1 })
    expect(Input.Empty).toStrictEqual({ _tag: 'Empty' })
    expect(Input.EOF).toStrictEqual({ _tag: 'EOF' })
    expect(typeof Input.map).toBe('function')
  })

  it('Step: Done, Cont, Error, it', () => {
    for (const name of ['Done', 'Cont', 'Error', 'it'] as const) expect(typeof Step[name]).toBe('function')
    expect(Step.it(Step.Done(1))).toBeInstanceOf(IterateeClass)
  })
})

describe('Iteratee', () => {
  const methods = [
    'fold',
    'pureFold',
    'pureFlatFold',
    'fold1',
    'flatFold',
    'flatFold0',
    'unflatten',
    'feed',
    'run',
    'map',
    'mapM',
    'flatMap',
    'flatMapM',
    'flatMapInput',
    'recover',
    'recoverM',
    'recoverWith',
    'joinI',
    'joinConcatI',
    'flatMapTraversable'
  ]
  it.each(methods)('method %s', (name) => {
    expect(typeof (Done(1) as unknown as Record<string, unknown>)[name]).toBe('function')
  })

  const statics: ReadonlyArray<[string, () => unknown]> = [
    ['flatten', () => Iteratee.flatten(Promise.resolve(Done(1)))],
    ['fold', () => Iteratee.fold(0, (s: number, e: number) => s + e)],
    ['foldM', () => Iteratee.foldM(0, (s: number, e: number) => s + e)],
    ['fold2', () => Iteratee.fold2(0, (s: number, e: number) => [s + e, false] as const)],
    ['fold1', () => Iteratee.fold1(Promise.resolve(0), (s: number, e: number) => s + e)],
    ['consume', () => Iteratee.consume<string>()],
    ['head', () => Iteratee.head()],
    ['getChunks', () => Iteratee.getChunks()],
    ['takeUpTo', () => Iteratee.takeUpTo(2)],
    ['isEmpty', () => Iteratee.isEmpty()],
    ['skipToEof', () => Iteratee.skipToEof()],
    ['eofOrElse', () => Iteratee.eofOrElse('else')(1)],
    ['ignore', () => Iteratee.ignore()],
    ['foreach', () => Iteratee.foreach(() => undefined)],
    ['repeat', () => Iteratee.repeat(Iteratee.head())]
  ]
  it.each(statics)('static %s makes an iteratee', (name, make) => {
    expect(typeof (Iteratee as Record<string, unknown>)[name]).toBe('function')
    expect(make()).toBeInstanceOf(IterateeClass)
  })

  it('static isDoneOrError gives a Promise of a boolean', async () => {
    expect(await Iteratee.isDoneOrError(Done(1))).toBe(true)
  })

  it('pipeables map, flatMap, recover', () => {
    expect(Iteratee.map((a: number) => a)(Done(1))).toBeInstanceOf(IterateeClass)
    expect(Iteratee.flatMap((a: number) => Done<never, number>(a))(Done<never, number>(1))).toBeInstanceOf(
      IterateeClass
    )
    expect(Iteratee.recover(() => 0)(Done(1))).toBeInstanceOf(IterateeClass)
  })

  it('fp-ts Functor and Monad', () => {
    expect(typeof Iteratee.URI).toBe('string')
    expect(Iteratee.Functor.URI).toBe(Iteratee.URI)
    expect(typeof Iteratee.Functor.map).toBe('function')
    expect(Iteratee.Monad.URI).toBe(Iteratee.URI)
    for (const name of ['map', 'of', 'ap', 'chain'] as const) expect(typeof Iteratee.Monad[name]).toBe('function')
    expect(Iteratee.Monad.of(1)).toBeInstanceOf(IterateeClass)
  })
})

describe('Enumerator', () => {
  it('is callable', () => {
    expect(typeof Enumerator).toBe('function')
    expect(Enumerator('kiki', 'foo', 'bar')).toBeInstanceOf(EnumeratorClass)
    expect(Enumerator()).toBeInstanceOf(EnumeratorClass)
  })

  const methods = [
    'apply',
    '|>>',
    'run',
    '|>>>',
    'applyUnflatten',
    '|>>|',
    'andThen',
    '>>>',
    'interleave',
    '>-',
    'through',
    '&>',
    'onDoneEnumerating',
    'map',
    'mapInput',
    'flatMap'
  ]
  it.each(methods)('method %s', (name) => {
    expect(typeof (Enumerator(1) as unknown as Record<string, unknown>)[name]).toBe('function')
  })

  const statics: ReadonlyArray<[string, () => unknown]> = [
    ['enumerate', () => Enumerator.enumerate([1, 2])],
    ['enumInput', () => Enumerator.enumInput(Input.El(1))],
    ['empty', () => Enumerator.empty()],
    ['eof', () => Enumerator.eof()],
    ['flatten', () => Enumerator.flatten(Promise.resolve(Enumerator(1)))],
    ['interleave', () => Enumerator.interleave(Enumerator(1), Enumerator(2))],
    ['unfold', () => Enumerator.unfold(0, () => none)],
    ['unfoldM', () => Enumerator.unfoldM(0, () => Promise.resolve(none))],
    ['repeat', () => Enumerator.repeat(() => 1)],
    ['repeatM', () => Enumerator.repeatM(() => Promise.resolve(1))],
    ['generateM', () => Enumerator.generateM(() => Promise.resolve(none))],
    ['fromCallback1', () => Enumerator.fromCallback1(() => Promise.resolve(some(1)))]
  ]
  it.each(statics)('static %s makes an enumerator', (name, make) => {
    expect(typeof (Enumerator as unknown as Record<string, unknown>)[name]).toBe('function')
    expect(make()).toBeInstanceOf(EnumeratorClass)
  })

  it('interleave also takes an array', () => {
    expect(Enumerator.interleave([Enumerator(1), Enumerator(2)])).toBeInstanceOf(EnumeratorClass)
  })

  it('fp-ts Functor, Monad, getMonoid (and getInterleaveMonoid)', () => {
    expect(typeof Enumerator.URI).toBe('string')
    expect(Enumerator.Functor.URI).toBe(Enumerator.URI)
    expect(typeof Enumerator.Functor.map).toBe('function')
    for (const name of ['map', 'of', 'ap', 'chain'] as const) expect(typeof Enumerator.Monad[name]).toBe('function')
    expect(Enumerator.Monad.of(1)).toBeInstanceOf(EnumeratorClass)
    const M = Enumerator.getMonoid<number>()
    expect(M.empty).toBe(Enumerator.empty())
    expect(M.concat(Enumerator(1), Enumerator(2))).toBeInstanceOf(EnumeratorClass)
    const I = Enumerator.getInterleaveMonoid<number>()
    expect(I.concat(Enumerator(1), Enumerator(2))).toBeInstanceOf(EnumeratorClass)
  })

  it('empty() and eof() are shared instances', () => {
    expect(Enumerator.empty<number>()).toBe(Enumerator.empty<string>())
    expect(Enumerator.eof<number>()).toBe(Enumerator.eof<string>())
  })
})

describe('Enumeratee', () => {
  const methods = ['applyOn', 'apply', '&>', 'transform', '&>>', 'compose', '><>', 'composeConcat', '>+>']
  it.each(methods)('method %s', (name) => {
    expect(typeof (Enumeratee.passAlong() as unknown as Record<string, unknown>)[name]).toBe('function')
  })

  const statics: ReadonlyArray<[string, () => unknown]> = [
    ['map', () => Enumeratee.map((n: number) => n)],
    ['mapM', () => Enumeratee.mapM((n: number) => Promise.resolve(n))],
    ['mapInput', () => Enumeratee.mapInput((i: Input<number>) => i)],
    ['mapInputM', () => Enumeratee.mapInputM((i: Input<number>) => Promise.resolve(i))],
    ['mapConcat', () => Enumeratee.mapConcat((n: number) => [n, n])],
    ['mapConcatInput', () => Enumeratee.mapConcatInput((n: number) => [Input.El(n)])],
    ['mapFlatten', () => Enumeratee.mapFlatten((n: number) => Enumerator(n))],
    ['mapInputFlatten', () => Enumeratee.mapInputFlatten((i: Input<number>) => Enumerator.enumInput(i))],
    ['filter', () => Enumeratee.filter((n: number) => n > 0)],
    ['filterNot', () => Enumeratee.filterNot((n: number) => n > 0)],
    ['collect', () => Enumeratee.collect((n: number) => some(n))],
    ['take', () => Enumeratee.take(1)],
    ['drop', () => Enumeratee.drop(1)],
    ['takeWhile', () => Enumeratee.takeWhile((n: number) => n > 0)],
    ['dropWhile', () => Enumeratee.dropWhile((n: number) => n > 0)],
    ['breakE', () => Enumeratee.breakE((n: number) => n > 0)],
    ['scanLeft', () => Enumeratee.scanLeft(0, (a: number, n: number) => a + n)],
    ['grouped', () => Enumeratee.grouped(Iteratee.takeUpTo<number>(2))],
    ['passAlong', () => Enumeratee.passAlong()],
    ['heading', () => Enumeratee.heading(Enumerator(0))],
    ['trailing', () => Enumeratee.trailing(Enumerator(0))],
    ['onIterateeDone', () => Enumeratee.onIterateeDone(() => undefined)],
    ['onEOF', () => Enumeratee.onEOF(() => undefined)],
    ['recover', () => Enumeratee.recover()],
    ['flatten', () => Enumeratee.flatten(Promise.resolve(Enumeratee.passAlong()))],
    [
      'checkDone',
      () =>
        Enumeratee.checkDone(<A>(k: (i: Input<number>) => Iteratee<number, A>) =>
          Cont((i: Input<number>) => Done<number, Iteratee<number, A>>(k(i)))
        )
    ]
  ]
  it.each(statics)('static %s makes an enumeratee', (name, make) => {
    expect(typeof (Enumeratee as Record<string, unknown>)[name]).toBe('function')
    expect(make()).toBeInstanceOf(EnumerateeClass)
  })

  it('statics zip and zipWith make iteratees', () => {
    expect(Enumeratee.zip(Iteratee.head<number>(), Iteratee.getChunks<number>())).toBeInstanceOf(IterateeClass)
    expect(Enumeratee.zipWith(Iteratee.head<number>(), Iteratee.getChunks<number>(), (a, b) => [a, b])).toBeInstanceOf(
      IterateeClass
    )
  })

  it('pipeables compose, composeConcat, transform', () => {
    const p = Enumeratee.passAlong<number>()
    expect(Enumeratee.compose(p)(p)).toBeInstanceOf(EnumerateeClass)
    expect(Enumeratee.composeConcat(p)(p)).toBeInstanceOf(EnumerateeClass)
    expect(Enumeratee.transform(Iteratee.head<number>())(p)).toBeInstanceOf(IterateeClass)
  })

  it('fp-ts Semigroupoid and Category', () => {
    expect(typeof Enumeratee.URI).toBe('string')
    expect(Enumeratee.Semigroupoid.URI).toBe(Enumeratee.URI)
    expect(typeof Enumeratee.Semigroupoid.compose).toBe('function')
    expect(Enumeratee.Category.URI).toBe(Enumeratee.URI)
    expect(typeof Enumeratee.Category.compose).toBe('function')
    expect(Enumeratee.Category.id()).toBe(Enumeratee.passAlong())
  })
})

describe('operator aliases are the very methods', () => {
  it.each([
    ['|>>', 'apply'],
    ['|>>>', 'run'],
    ['|>>|', 'applyUnflatten'],
    ['>>>', 'andThen'],
    ['>-', 'interleave'],
    ['&>', 'through']
  ])("Enumerator '%s' is %s", (alias, name) => {
    const proto = Object.getPrototypeOf(Enumerator(1)) as Record<string, unknown>
    expect(typeof proto[name]).toBe('function')
    expect(proto[alias]).toBe(proto[name])
    const instance = Enumerator.enumerate([1, 2]) as unknown as Record<string, unknown>
    expect(instance[alias]).toBe(instance[name])
  })

  it.each([
    ['apply', 'applyOn'],
    ['&>', 'applyOn'],
    ['&>>', 'transform'],
    ['><>', 'compose'],
    ['>+>', 'composeConcat']
  ])("Enumeratee '%s' is %s", (alias, name) => {
    const proto = Object.getPrototypeOf(Enumeratee.passAlong()) as Record<string, unknown>
    expect(typeof proto[name]).toBe('function')
    expect(proto[alias]).toBe(proto[name])
    const instance = Enumeratee.take(2) as unknown as Record<string, unknown>
    expect(instance[alias]).toBe(instance[name])
  })
})

describe('entry points', () => {
  /** The run-time names of each entry point (type-only exports have none): the public ones, nothing else. */
  const publicNames: Record<string, ReadonlyArray<string>> = {
    Input: ['Input'],
    Step: ['Step'],
    Iteratee: ['Cont', 'Done', 'Err', 'Iteratee', 'URI'],
    Enumerator: ['Enumerator', 'URI'],
    Enumeratee: ['Enumeratee', 'URI'],
    IterateeError: ['IterateeError'],
    Concurrent: ['Concurrent'],
    Parsing: ['Parsing'],
    Traversable: ['Traversable'],
    CharEncoding: ['CharEncoding'],
    streams: ['fromAsyncIterable', 'fromFile', 'fromStream', 'outputStream', 'toAsyncIterable'],
    'comet/index': [
      'Comet',
      'CometMessage',
      'EventSource',
      'Html',
      'HtmlFormat',
      'defaultInitialChunk',
      'html',
      'isHtml'
    ],
    'http/index': [
      'Action',
      'BadRequest',
      'InternalServerError',
      'NotFound',
      'Ok',
      'Result',
      'Status',
      'Writeable',
      'GracefulShutdown',
      'clientErrorListener',
      'sendResult',
      'toFastify',
      'toKoa'
    ]
  }

  it.each(Object.keys(publicNames))('%s exports its public names and no plumbing', (module) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const names = Object.keys(require(`../src/${module}`) as object).sort()
    expect(names).toEqual([...publicNames[module]].sort())
  })

  it('the root exports the names of the entry points it gathers, and the same objects', () => {
    for (const module of Object.keys(publicNames).filter((m) => m !== 'streams')) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const m = require(`../src/${module}`) as Record<string, unknown>
      for (const name of publicNames[module].filter((n) => n !== 'URI')) {
        expect((root as Record<string, unknown>)[name]).toBe(m[name])
      }
    }
  })

  it('Enumerator is one object from play-iteratees-ts/Enumerator and from the root, with the Node statics', () => {
    expect(EnumeratorModule.Enumerator).toBe(Enumerator)
    for (const name of ['fromStream', 'fromFile', 'outputStream', 'fromAsyncIterable', 'toAsyncIterable'] as const) {
      expect(EnumeratorModule.Enumerator[name]).toBe(streams[name])
    }
  })
})

describe('the redis entry point', () => {
  it('is not part of the root: the root neither exports nor loads it', () => {
    expect('RedisBroadcast' in root).toBe(false)
    expect('RedisBroadcastError' in root).toBe(false)
    // nothing the root imports, however indirectly, is under src/redis/ (whose connect loads the redis client)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('node:fs') as typeof import('node:fs')
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const path = require('node:path') as typeof import('node:path')
    const src = path.resolve(__dirname, '..', 'src')
    const seen = new Set<string>()
    const visit = (file: string): void => {
      if (seen.has(file)) return
      seen.add(file)
      const code = fs.readFileSync(file, 'utf8')
      expect(code).not.toMatch(/from 'redis'|require\('redis'\)/)
      for (const m of code.matchAll(/(?:from|import) '(\.[^']*)'/g)) {
        const base = path.resolve(path.dirname(file), m[1])
        visit(fs.existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, 'index.ts'))
      }
    }
    visit(path.join(src, 'index.ts'))
    expect([...seen].filter((f) => f.startsWith(path.join(src, 'redis')))).toEqual([])
  })

  it('exports RedisBroadcast (connect, lastEventId, eventSource, cometMessage) and RedisBroadcastError', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const redis = require('../src/redis') as typeof import('../src/redis')
    expect(Object.keys(redis).sort()).toEqual(['RedisBroadcast', 'RedisBroadcastError'])
    expect(Object.keys(redis.RedisBroadcast).sort()).toEqual(['cometMessage', 'connect', 'eventSource', 'lastEventId'])
    expect(new redis.RedisBroadcastError('x', 'push', 's', undefined, 1)).toBeInstanceOf(Error)
  })
})

describe('WebSocket (the websocket entry point, and the root)', () => {
  it('WebSocket: using, tryAccept, adapter, router, the same functions from both', () => {
    for (const name of ['using', 'tryAccept', 'adapter', 'router'] as const) {
      expect(typeof root.WebSocket[name]).toBe('function')
      expect(websocket.WebSocket[name]).toBe(root.WebSocket[name])
    }
    expect(websocket.WebSocket).toBe(root.WebSocket)
  })

  it("FrameFormatter: Play's instances, transform, imap, of, the refusals, fp-ts Invariant", () => {
    expect(websocket.FrameFormatter).toBe(root.FrameFormatter)
    const F = root.FrameFormatter
    for (const name of ['stringFrame', 'byteArrayFrame', 'mixedFrame', 'jsonFrame'] as const) {
      expect(typeof F[name].toFrame).toBe('function')
      expect(typeof F[name].fromFrame).toBe('function')
    }
    expect(typeof F.jsonFrame).toBe('function') // jsonFrame(codec)
    for (const name of ['transform', 'imap', 'of', 'unsupported', 'invalid'] as const)
      expect(typeof F[name]).toBe('function')
    expect(F.Invariant.URI).toBe(F.URI)
    expect(typeof F.Invariant.imap).toBe('function')
  })

  it('a listener is an (req, socket, head) => void function', () => {
    const listener = root.WebSocket.using(() => [Iteratee.ignore<string>(), Enumerator<string>()])
    expect(typeof listener).toBe('function')
    expect(listener.length).toBe(3)
  })
})
