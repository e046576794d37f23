/**
 * An enumeratee transforms a stream of `From` into a stream of `To`: it wraps an inner
 * `Iteratee<To, A>` into an outer `Iteratee<From, Iteratee<To, A>>`.
 *
 * ```
 *   Enumerator<From> ──&>──▶ Enumeratee<From, To> ──▶ Iteratee<To, A>
 * ```
 *
 * Enumeratees form a category: `compose` (`><>`) is associative and `passAlong()` is its
 * identity on both sides:
 *
 * ```
 * a.compose(b).compose(c) = a.compose(b.compose(c))
 * passAlong().compose(a) = a = a.compose(passAlong())
 * ```
 *
 * `map`, `filter`, `filterNot` and `collect` fuse when composed: `map(f).compose(filter(p))` is
 * one enumeratee that applies `f` then `p` to each element, without an iteratee between them.
 *
 * Play: `play.api.libs.iteratee.Enumeratee`.
 *
 * @since 0.1.0
 */
import type { Category2 } from 'fp-ts/Category'
import type { Option } from 'fp-ts/Option'
import type { Semigroupoid2 } from 'fp-ts/Semigroupoid'
import { type Input, Input as In } from './Input'
import { IterateeError } from './IterateeError'
import * as C from './internal/core'
import * as I from './internal/iteratee'
import { Enumerator } from './Enumerator'
import type { Iteratee } from './Iteratee'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** @category model */
export type Enumeratee<From, To> = C.Enumeratee<From, To>

/** The outer iteratee an enumeratee wraps its inner one in. */
type Outer<From, To, A> = Iteratee<From, Iteratee<To, A>>

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

/** `f(x)` at once, or once the promise settles. */
const andThen = <X, E, A>(x: X | PromiseLike<X>, f: (x: X) => Iteratee<E, A>, input?: Input<E>): Iteratee<E, A> =>
  I.isPromiseLike(x) ? I.suspend(x as PromiseLike<X>, f, input) : f(x as X)

/**
 * An enumeratee of the shape most of Play's share (its `CheckDone` with one `step`): Empty goes to
 * the inner iteratee, EOF ends with the inner iteratee (leftover EOF), an element goes to `onEl`.
 * `state` is threaded from one element to the next.
 */
const elementwise = <From, To, S>(
  initial: S,
  onEl: <A>(
    e: From,
    s: S,
    c: Iteratee<To, A>,
    next: (s: S, c: Iteratee<To, A>) => Outer<From, To, A>
  ) => Outer<From, To, A>
): Enumeratee<From, To> => {
  const go =
    (s: S) =>
    <A>(c: Iteratee<To, A>): Outer<From, To, A> =>
      I.cont((input: Input<From>) =>
        input._tag === 'El'
          ? onEl(input.e, s, c, (s2, c2) => go(s2)(c2))
          : input._tag === 'Empty'
            ? C.checkDone(c._k!(input), go(s))
            : I.done(c, In.EOF)
      )
  return new C.Enumeratee(<A>(inner: Iteratee<To, A>) => C.checkDone(inner, go(initial)))
}

const PASS_ALONG: Enumeratee<unknown, unknown> = C.filterMap([{ kind: 'map', f: (e: unknown) => e }])

// -------------------------------------------------------------------------------------
// constructors: transforming elements
// -------------------------------------------------------------------------------------

/** Each element becomes `f(e)`. Play: `Enumeratee.map`. */
const map = <From, To>(f: (e: From) => To): Enumeratee<From, To> => C.filterMap([{ kind: 'map', f }])

/** Each element becomes what `f(e)` resolves to, in order. Play: `Enumeratee.mapM`. */
const mapM = <From, To>(f: (e: From) => To | PromiseLike<To>): Enumeratee<From, To> =>
  new C.Enumeratee(<A>(inner: Iteratee<To, A>) => C.checkDone(inner, (c) => mapMCont(f, c)))

/**
 * mapM's outer Cont, written out rather than with `elementwise`: an asynchronous element should
 * cost its promise and little else (one closure for the continuation).
 */
const mapMCont = <From, To, A>(f: (e: From) => To | PromiseLike<To>, c: Iteratee<To, A>): Outer<From, To, A> =>
  I.cont((input: Input<From>) => {
    if (input._tag === 'EOF') return I.done(c, In.EOF)
    if (input._tag === 'Empty') return mapMNext(f, c._k!(input))
    const to = f(input.e)
    return I.isPromiseLike(to)
      ? I.pendingStep(to as PromiseLike<To>, (v: To) => mapMNext(f, c._k!(In.El(v))), input)
      : mapMNext(f, c._k!(In.El(to as To)))
  })

const mapMNext = <From, To, A>(f: (e: From) => To | PromiseLike<To>, next: Iteratee<To, A>): Outer<From, To, A> => {
  const s = I.settle(next)
  return s._tag === 'Cont' ? mapMCont(f, s) : C.checkDone(s, (c) => mapMCont(f, c))
}

/** Each input becomes `f(input)`; EOF ends the enumeratee. Play: `Enumeratee.mapInput`. */
const mapInput = <From, To>(f: (input: Input<From>) => Input<To>): Enumeratee<From, To> => C.mapInput(f)

/** `mapInput` with a function that may return a Promise. Play: `Enumeratee.mapInputM`. */
const mapInputM = <From, To>(f: (input: Input<From>) => Input<To> | PromiseLike<Input<To>>): Enumeratee<From, To> => {
  const go = <A>(c: Iteratee<To, A>): Outer<From, To, A> =>
    I.cont((input: Input<From>) =>
      input._tag === 'EOF' ? I.done(c, In.EOF) : andThen(f(input), (to: Input<To>) => C.checkDone(c._k!(to), go), input)
    )
  return new C.Enumeratee(<A>(inner: Iteratee<To, A>) => C.checkDone(inner, go))
}

/** Each element becomes an enumerator, whose elements go to the inner iteratee. Play: `Enumeratee.mapFlatten`. */
const mapFlatten = <From, To>(f: (e: From) => Enumerator<To>): Enumeratee<From, To> => C.mapFlatten(f)

/** Each input becomes an enumerator. Play: `Enumeratee.mapInputFlatten`. */
const mapInputFlatten = <From, To>(f: (input: Input<From>) => Enumerator<To>): Enumeratee<From, To> =>
  C.mapInputFlatten(f)

/** Each element becomes several. Play: `Enumeratee.mapConcat`. */
const mapConcat = <From, To>(f: (e: From) => ReadonlyArray<To>): Enumeratee<From, To> =>
  C.mapFlatten((e: From) => Enumerator.enumerate(f(e) as Array<To>))

/** Each element becomes several inputs. Play: `Enumeratee.mapConcatInput`. */
const mapConcatInput = <From, To>(f: (e: From) => ReadonlyArray<Input<To>>): Enumeratee<From, To> =>
  C.mapFlatten((e: From) => f(e).reduce((acc, input) => acc.andThen(C.enumInput(input)), Enumerator.empty<To>()))

/** Only the elements that satisfy `p`. Play: `Enumeratee.filter`. */
const filter = <E>(p: (e: E) => boolean): Enumeratee<E, E> => C.filterMap([{ kind: 'filter', f: p }])

/** Only the elements that do not satisfy `p`. Play: `Enumeratee.filterNot`. */
const filterNot = <E>(p: (e: E) => boolean): Enumeratee<E, E> => C.filterMap([{ kind: 'filterNot', f: p }])

/** The elements `f` gives `Some` for, mapped (Play's partial function). Play: `Enumeratee.collect`. */
const collect = <From, To>(f: (e: From) => Option<To>): Enumeratee<From, To> => C.filterMap([{ kind: 'collect', f }])

/** Everything as it is: the identity of `compose`. Play: `Enumeratee.passAlong`. */
const passAlong = <E>(): Enumeratee<E, E> => PASS_ALONG as Enumeratee<E, E>

/** The running fold of the elements (the seed is not emitted). Play: `Enumeratee.scanLeft`. */
const scanLeft = <From, To>(seed: To, f: (acc: To, e: From) => To): Enumeratee<From, To> =>
  elementwise<From, To, To>(seed, (e, acc, c, next) => {
    const to = f(acc, e)
    return C.checkDone(c._k!(In.El(to)), (c2) => next(to, c2))
  })

/**
 * Groups elements with `folder`: each time it is done, its result is emitted and a fresh
 * `folder` starts, with the leftover. At EOF the last group is emitted too. Play: `Enumeratee.grouped`.
 */
const grouped = <From, To>(folder: Iteratee<From, To>): Enumeratee<From, To> => {
  const go =
    <A>(f: Iteratee<From, To>, c: Iteratee<To, A>) =>
    (input: Input<From>): Outer<From, To, A> => {
      if (input._tag === 'EOF') {
        return I.whenKnown(I.eofTo(f), (r) =>
          r._tag === 'Done'
            ? I.done(c._k!(In.El(r._a as To)), In.EOF)
            : I.error<From, Iteratee<To, A>>(r._msg!, In.EOF, r._cause ?? new IterateeError(r._msg!))
        )
      }
      const fed = I.whenKnown(f, (s) => (s._tag === 'Cont' ? s._k!(input) : s))
      return I.whenKnown(fed, (s): Outer<From, To, A> => {
        if (s._tag === 'Cont') return I.cont(go(s, c))
        if (s._tag === 'Error') return I.error(s._msg!, input, s._cause)
        const left = s._in!
        return C.checkDone(c._k!(In.El(s._a as To)), (c2) =>
          left._tag === 'El' ? go(folder, c2)(left) : I.cont(go(folder, c2))
        )
      })
    }
  return new C.Enumeratee(<A>(inner: Iteratee<To, A>) => C.checkDone(inner, (c) => I.cont(go(folder, c))))
}

// -------------------------------------------------------------------------------------
// constructors: slicing the stream
// -------------------------------------------------------------------------------------

/** The first `count` elements; then the inner iteratee is handed back. Play: `Enumeratee.take`. */
const take = <E>(count: number): Enumeratee<E, E> =>
  new C.Enumeratee(<A>(inner: Iteratee<E, A>) =>
    C.checkDone(inner, (c) => (count <= 0 ? I.done(c, In.EOF) : takeCont(count, c)))
  )

const takeCont = <E, A>(remaining: number, c: Iteratee<E, A>): Outer<E, E, A> =>
  I.cont(
    (input: Input<E>) =>
      input._tag === 'El'
        ? remaining === 1
          ? I.done(c._k!(input), In.Empty)
          : C.checkDone(c._k!(input), (c2) => takeCont(remaining - 1, c2))
        : input._tag === 'Empty'
          ? C.checkDone(c._k!(input), (c2) => takeCont(remaining, c2))
          : I.done(c, In.EOF),
    () => {
      // the fast path: count down while pushing into the inner iteratee's own sink
      let left = remaining
      const sink = I.openSink(c)
      return {
        demand: () => Math.min(left, sink.demand()),
        pushAll: (arr: ArrayLike<E>, from: number, to: number) => {
          const next = sink.pushAll(arr, from, Math.min(to, from + left))
          left -= next - from
          return next
        },
        end: () => {
          const next = sink.end()
          return left === 0 ? I.done(next, In.Empty) : C.checkDone(next, (c2) => takeCont(left, c2))
        }
      }
    }
  )

/** Skips the first `count` elements. Play: `Enumeratee.drop`. */
const drop = <E>(count: number): Enumeratee<E, E> => {
  const go = <A>(remaining: number, c: Iteratee<E, A>): Outer<E, E, A> => {
    const self: Outer<E, E, A> = I.cont((input: Input<E>) =>
      input._tag === 'EOF'
        ? I.done(c, In.EOF)
        : input._tag === 'Empty'
          ? self
          : remaining <= 0
            ? passAlong<E>().applyOn(c._k!(input))
            : remaining === 1
              ? passAlong<E>().applyOn(c)
              : go(remaining - 1, c)
    )
    return self
  }
  return new C.Enumeratee(<A>(inner: Iteratee<E, A>) => C.checkDone(inner, (c) => go(count, c)))
}

/** Skips elements while `p` holds, then passes everything along. Play: `Enumeratee.dropWhile`. */
const dropWhile = <E>(p: (e: E) => boolean): Enumeratee<E, E> => {
  const go = <A>(c: Iteratee<E, A>): Outer<E, E, A> => {
    const self: Outer<E, E, A> = I.cont((input: Input<E>) =>
      input._tag === 'EOF'
        ? I.done(c, In.EOF)
        : input._tag === 'Empty' || p(input.e)
          ? self
          : passAlong<E>().applyOn(c._k!(input))
    )
    return self
  }
  return new C.Enumeratee(<A>(inner: Iteratee<E, A>) => C.checkDone(inner, go))
}

/** Passes elements while `p` holds; the first that fails is left over. Play: `Enumeratee.takeWhile`. */
const takeWhile = <E>(p: (e: E) => boolean): Enumeratee<E, E> =>
  elementwise<E, E, undefined>(undefined, (e, s, c, next) =>
    p(e) ? C.checkDone(c._k!(In.El(e)), (c2) => next(s, c2)) : I.done(c, In.El(e))
  )

/**
 * Passes inputs (EOF included) until an element satisfies `p`, which is left over.
 * Play: `Enumeratee.breakE`.
 */
const breakE = <E>(p: (e: E) => boolean): Enumeratee<E, E> => {
  const go =
    <A>(inner: Iteratee<E, A>) =>
    (input: Input<E>): Outer<E, E, A> => {
      if (input._tag === 'El' && p(input.e)) return I.done(inner, input)
      return I.whenKnown(inner, (s): Outer<E, E, A> => {
        if (s._tag !== 'Cont') return I.done(s, input)
        const next = s._k!(input)
        // EOF is never consumed: it stays over for what follows, as in Play
        return I.whenKnown(next, (n) =>
          n._tag === 'Cont' ? I.cont(go(next)) : I.done(next, input._tag === 'EOF' ? In.EOF : In.Empty)
        )
      })
    }
  return new C.Enumeratee(<A>(inner: Iteratee<E, A>) => I.cont(go(inner)))
}

// -------------------------------------------------------------------------------------
// constructors: around the stream
// -------------------------------------------------------------------------------------

/** Feeds `enumerator` first, then passes everything along. Play: `Enumeratee.heading`. */
const heading = <E>(enumerator: Enumerator<E>): Enumeratee<E, E> =>
  new C.Enumeratee(<A>(inner: Iteratee<E, A>) => passAlong<E>().applyOn(enumerator._feed(inner)))

/** Passes everything along, then feeds `enumerator` at EOF. Play: `Enumeratee.trailing`. */
const trailing = <E>(enumerator: Enumerator<E>): Enumeratee<E, E> => {
  const go = <A>(c: Iteratee<E, A>): Outer<E, E, A> =>
    I.cont((input: Input<E>) =>
      input._tag === 'EOF'
        ? I.whenKnown(enumerator._feed(c), (after) => I.done(after, In.EOF))
        : C.checkDone(c._k!(input), go)
    )
  return new C.Enumeratee(<A>(inner: Iteratee<E, A>) => C.checkDone(inner, go))
}

/** Runs `action` when the inner iteratee is done. Play: `Enumeratee.onIterateeDone`. */
const onIterateeDone = <E>(action: () => void): Enumeratee<E, E> =>
  new C.Enumeratee(<A>(inner: Iteratee<E, A>) =>
    I.map(passAlong<E>().applyOn(inner), (it) =>
      I.map(it, (a) => {
        action()
        return a
      })
    )
  )

/** Runs `action` when EOF comes. Play: `Enumeratee.onEOF`. */
const onEOF = <E>(action: () => void): Enumeratee<E, E> => {
  const go = <A>(c: Iteratee<E, A>): Outer<E, E, A> =>
    I.cont((input: Input<E>) => {
      if (input._tag !== 'EOF') return C.checkDone(c._k!(input), go)
      action()
      return I.done(c, In.EOF)
    })
  return new C.Enumeratee(<A>(inner: Iteratee<E, A>) => C.checkDone(inner, go))
}

/**
 * Shields the stream from an inner iteratee that throws: `f(error, input)` is told, the input is
 * skipped and the inner iteratee goes on as it was. An Error step of the inner iteratee is not a
 * throw: it ends the enumeratee, as in Play. Play: `Enumeratee.recover`.
 */
const recover = <E>(f: (error: unknown, input: Input<E>) => void = () => undefined): Enumeratee<E, E> => {
  const go =
    <A>(it: Iteratee<E, A>) =>
    (input: Input<E>): Outer<E, E, A> => {
      if (input._tag === 'EOF') return I.done(it, In.Empty)
      return I.whenKnown(it, (s): Outer<E, E, A> => {
        if (s._tag !== 'Cont') return I.done(s, input)
        let next: Iteratee<E, A>
        try {
          next = s._k!(input)
        } catch (thrown) {
          f(thrown, input)
          return I.cont(go(it))
        }
        return I.whenKnown(next, (n): Outer<E, E, A> => {
          if (n._tag === 'Cont') return I.cont(go(n))
          if (I.isFailure(n)) {
            f(n._cause, input)
            return I.cont(go(it))
          }
          return I.done(n, In.Empty)
        })
      })
    }
  return new C.Enumeratee(<A>(inner: Iteratee<E, A>) => I.cont(go(inner)))
}

// -------------------------------------------------------------------------------------
// zipping iteratees
// -------------------------------------------------------------------------------------

/**
 * Feeds the same input to two iteratees and combines their results. When one is done first, the
 * other goes on alone. Play: `Enumeratee.zipWith`.
 */
const zipWith = <E, A, B, Z>(
  inner1: Iteratee<E, A>,
  inner2: Iteratee<E, B>,
  zipper: (a: A, b: B) => Z
): Iteratee<E, Z> => {
  const next = (it1: Iteratee<E, A>, it2: Iteratee<E, B>): Iteratee<E, Z> =>
    I.whenKnown(it1, (x) =>
      I.whenKnown(it2, (y): Iteratee<E, Z> => {
        if (x._tag === 'Error') return I.error(x._msg!, x._in!, x._cause)
        if (y._tag === 'Error') return I.error(y._msg!, y._in!, y._cause)
        if (x._tag === 'Done' && y._tag === 'Done') return I.done(zipper(x._a as A, y._a as B), x._in!)
        if (x._tag === 'Done') return I.map(y, (b) => zipper(x._a as A, b))
        if (y._tag === 'Done') return I.map(x, (a) => zipper(a, y._a as B))
        return I.cont((input) => next(I.step(x, input), I.step(y, input)))
      })
    )
  return next(inner1, inner2)
}

/** `zipWith` into a pair. Play: `Enumeratee.zip`. */
const zip = <E, A, B>(inner1: Iteratee<E, A>, inner2: Iteratee<E, B>): Iteratee<E, readonly [A, B]> =>
  zipWith(inner1, inner2, (a, b) => [a, b] as const)

// -------------------------------------------------------------------------------------
// others
// -------------------------------------------------------------------------------------

/** The enumeratee a promise will give. Play: `Enumeratee.flatten`. */
const flatten = <From, To>(p: PromiseLike<Enumeratee<From, To>>): Enumeratee<From, To> => {
  I.markHandled(p)
  return new C.Enumeratee(<A>(inner: Iteratee<To, A>) => I.suspend(p, (e: Enumeratee<From, To>) => e.applyOn(inner)))
}

/**
 * Writes an enumeratee the way Play's `CheckDone` trait does: `cont(k)` is called when the inner
 * iteratee wants input; otherwise the enumeratee is done at once. Inside a step, go on with
 * `checkDone(cont).applyOn(k(input))`.
 */
const checkDone = <From, To>(
  cont: <A>(k: (input: Input<To>) => Iteratee<To, A>) => Outer<From, To, A>
): Enumeratee<From, To> => new C.Enumeratee(<A>(inner: Iteratee<To, A>) => C.checkDone(inner, (c) => cont(c._k!)))

// -------------------------------------------------------------------------------------
// pipeables (data-last, in Play's order: `pipe(a, compose(b))` is `a.compose(b)`)
// -------------------------------------------------------------------------------------

/** Data-last `self.compose(other)`. */
const compose =
  <To, To2>(other: Enumeratee<To, To2>) =>
  <From>(self: Enumeratee<From, To>): Enumeratee<From, To2> =>
    self.compose(other)

/** Data-last `self.composeConcat(other)`. */
const composeConcat =
  <To>(other: Enumeratee<To, To>) =>
  <From>(self: Enumeratee<From, To>): Enumeratee<From, To> =>
    self.composeConcat(other)

/** Data-last `self.transform(inner)`. */
const transform =
  <To, A>(inner: Iteratee<To, A>) =>
  <From>(self: Enumeratee<From, To>): Iteratee<From, A> =>
    self.transform(inner)

// -------------------------------------------------------------------------------------
// type lambdas and instances
// -------------------------------------------------------------------------------------

/** @category instances */
export const URI = 'iteratee/Enumeratee'
/** @category instances */
export type URI = typeof URI

declare module 'fp-ts/HKT' {
  interface URItoKind2<E, A> {
    readonly [URI]: Enumeratee<E, A>
  }
}

/** fp-ts `Semigroupoid2`. fp-ts's `compose(bc, ab)` takes the later one first; Play's runs left to right. */
const Semigroupoid: Semigroupoid2<URI> = { URI, compose: (bc, ab) => ab.compose(bc) }

/** fp-ts `Category2`: `id` is `passAlong`. */
const Category: Category2<URI> = { URI, compose: Semigroupoid.compose, id: passAlong }

/** Play's `object Enumeratee` statics, the pipeables and the fp-ts instances. */
export const Enumeratee = {
  map,
  mapM,
  mapInput,
  mapInputM,
  mapConcat,
  mapConcatInput,
  mapFlatten,
  mapInputFlatten,
  filter,
  filterNot,
  collect,
  take,
  drop,
  takeWhile,
  dropWhile,
  breakE,
  scanLeft,
  grouped,
  passAlong,
  heading,
  trailing,
  onIterateeDone,
  onEOF,
  recover,
  zip,
  zipWith,
  flatten,
  checkDone,
  compose,
  composeConcat,
  transform,
  URI,
  Semigroupoid,
  Category
} as const
