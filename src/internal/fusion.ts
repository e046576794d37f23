/**
 * Filter-map fusion: `map`, `filter`, `filterNot` and `collect` are one enumeratee with a list of
 * stages, so that adjacent ones (composed, or `through` one after the other) run as one, and a
 * synchronous source pushes into them through sinks, without an input or an iteratee per element.
 *
 * @internal
 */
import { type Input, Input as In } from '../Input'
import { type Iteratee, type Sink, FoldSink, checkDone, cont, done, openSink, pushEach } from './iteratee'

/** @internal Marks an element that a filter-map drops. */
export const SKIP: unique symbol = Symbol('SKIP')
/** @internal */
export type Skip = typeof SKIP
/** @internal */
export type FilterMapFn<From, To> = (x: From) => To | Skip

// -------------------------------------------------------------------------------------
// filter-map: map, filter, filterNot and collect are one enumeratee with a list of stages
// -------------------------------------------------------------------------------------

/**
 * One step of a filter-map, kept as data (not wrapped in a closure) so that the fast path can run
 * the user's function from a loop written for its kind, where V8 can inline it.
 *
 * @internal
 */
export type Stage =
  | { readonly kind: 'map'; readonly f: (x: any) => unknown }
  | { readonly kind: 'filter'; readonly f: (x: any) => boolean }
  | { readonly kind: 'filterNot'; readonly f: (x: any) => boolean }
  | { readonly kind: 'collect'; readonly f: (x: any) => Option<unknown> }

/** A stage's function, as the fused loops call it. */
type Fn = (x: any) => any

/** @internal fp-ts's Option, structurally: collect's functions return one. */
type Option<A> = { readonly _tag: 'None' } | { readonly _tag: 'Some'; readonly value: A }

/** The stages as one element function (for the per-element path): the element, or `SKIP`. */
const elementFunction = (stages: ReadonlyArray<Stage>): FilterMapFn<any, any> => {
  if (stages.length === 1) {
    const { kind, f } = stages[0]
    if (kind === 'map') return f
    if (kind === 'filter') return (x) => (f(x) ? x : SKIP)
    if (kind === 'filterNot') return (x) => (f(x) ? SKIP : x)
  }
  return (x) => {
    for (const stage of stages) {
      switch (stage.kind) {
        case 'map':
          x = stage.f(x)
          break
        case 'filter':
          if (!stage.f(x)) return SKIP
          break
        case 'filterNot':
          if (stage.f(x)) return SKIP
          break
        default: {
          const o = stage.f(x)
          if (o._tag === 'None') return SKIP
          x = o.value
        }
      }
    }
    return x
  }
}

/** @internal What a filter-map enumeratee knows: its stages, and what is derived from them once. */
export interface FilterMap {
  readonly stages: ReadonlyArray<Stage>
  /** The element function of the per-element path. */
  readonly fm: FilterMapFn<any, any>
  /** Which sink the fast path opens (see `openFilterMapSink`). */
  readonly shape: Shape
}

/** @internal The sinks the fast path has: one per common stage list, a generic one for the rest. */
const enum Shape {
  Map,
  Filter,
  MapFilter,
  FilterMap,
  Generic
}

const shapeOf = (stages: ReadonlyArray<Stage>): Shape => {
  const kinds = stages.map((stage) => stage.kind).join(' ')
  switch (kinds) {
    case 'map':
      return Shape.Map
    case 'filter':
      return Shape.Filter
    case 'map filter':
      return Shape.MapFilter
    case 'filter map':
      return Shape.FilterMap
    default:
      return Shape.Generic
  }
}

/** @internal The stages, with what the two paths derive from them once. */
export const filterMapInfo = (stages: ReadonlyArray<Stage>): FilterMap => ({
  stages,
  fm: elementFunction(stages),
  shape: shapeOf(stages)
})

export const filterMapOuter = <From, To, A>(info: FilterMap, inner: Iteratee<To, A>): Iteratee<From, Iteratee<To, A>> =>
  checkDone(inner, (c) => filterMapCont(info, c))

const filterMapCont = <From, To, A>(info: FilterMap, c: Iteratee<To, A>): Iteratee<From, Iteratee<To, A>> => {
  const self: Iteratee<From, Iteratee<To, A>> = cont(
    (input: Input<From>) => {
      // an inner iteratee that gives itself back (an HTTP writer whose socket takes the chunk) keeps this outer one
      // as it is: no new Cont and closures per element
      if (input._tag === 'El') {
        const y = info.fm(input.e)
        if (y === SKIP) return self
        const next = c._k!(In.El(y))
        return next === c ? self : filterMapOuter(info, next)
      }
      if (input._tag === 'Empty') {
        const next = c._k!(input)
        return next === c ? self : filterMapOuter(info, next)
      }
      return done(c, In.EOF)
    },
    () => openFilterMapSink<From, To, A>(info, openSink(c))
  )
  return self
}

/** The stages of the sinks kept for their layout. */
const LAYOUT_INFO: FilterMap = filterMapInfo([{ kind: 'map', f: (x: unknown) => x }])

/**
 * The fast path of a filter-map: each element goes through the stages and, unless a filter drops
 * it, straight into the inner sink, before the next element is looked at, exactly as through `k`.
 *
 * The common stage lists have a sink of their own, so that each call site sees one user function
 * and V8 can inline it. Into a fold (`FoldSink`), they run one loop with the fold's state in a
 * local variable: the same calls in the same order, without a store and a call per element. W1
 * (`npm run bench -- W1`, map then filter into a fold): 4.5 ms through `pushEach`, 2.3 ms with
 * that loop, against 1.15 ms for the plain loop.
 */
class FilterMapSink<From, To, A> implements Sink<From, Iteratee<To, A>> {
  /**
   * One instance of each sink class, alive as long as the module. V8 keeps a class's field layout (its
   * map) only while some object has it, and throws away the optimized code that was built for it when
   * it goes: when a GC finds no pipeline running, every sink is garbage, and the next pipeline would
   * start with its loop unoptimized. W1 with a full GC between runs, as `npm run bench` does: 6-9 ms a
   * run without these, 1.9 ms with them.
   */
  static readonly layout: Sink<unknown, unknown> = new FilterMapSink(LAYOUT_INFO, FoldSink.layout)
  constructor(
    protected readonly info: FilterMap,
    protected readonly inner: Sink<To, A>
  ) {}
  push(x: From): boolean {
    const y = this.info.fm(x)
    return y === SKIP ? true : this.inner.push(y as To)
  }
  pushRun(arr: ArrayLike<From>, from: number, to: number): number {
    return pushEach(this, arr, from, to)
  }
  /**
   * An element that waits (into mapM's sink) waits here too: the stages have run, and the rest is
   * the inner sink's, so a driver that awaits it goes on through this sink (`map` then `mapM`).
   */
  waiting(): PromiseLike<unknown> | undefined {
    return this.inner.waiting === undefined ? undefined : this.inner.waiting()
  }
  resume(ok: boolean, x: unknown): boolean {
    return this.inner.resume!(ok, x)
  }
  end(): Iteratee<From, Iteratee<To, A>> {
    return filterMapOuter(this.info, this.inner.end())
  }
}

class MapSink<From, To, A> extends FilterMapSink<From, To, A> {
  /** See `FilterMapSink.layout`. */
  static override readonly layout: Sink<unknown, unknown> = new MapSink(LAYOUT_INFO, FoldSink.layout)
  override push(x: From): boolean {
    return this.inner.push(this.info.stages[0].f(x) as To)
  }
  override pushRun(arr: ArrayLike<From>, from: number, to: number): number {
    const fold = this.inner
    if (!(fold instanceof FoldSink)) return pushEach(this, arr, from, to)
    const f = this.info.stages[0].f
    const s = fold.s
    return typeof s === 'number' ? mapFold(fold, f, arr, from, to, +s) : mapFold(fold, f, arr, from, to, s)
  }
}

/** `map` into a fold, as one loop; called as `foldRun` is (./iteratee), to keep a number state unboxed. */
const mapFold = <S>(fold: FoldSink<unknown, S>, f: Fn, arr: ArrayLike<unknown>, from: number, to: number, s: S) => {
  const g = fold.f
  try {
    for (let i = from; i < to; i++) s = g(s, f(arr[i]))
  } finally {
    fold.s = s
  }
  return to
}

class FilterSink<From, To, A> extends FilterMapSink<From, To, A> {
  /** See `FilterMapSink.layout`. */
  static override readonly layout: Sink<unknown, unknown> = new FilterSink(LAYOUT_INFO, FoldSink.layout)
  override push(x: From): boolean {
    return this.info.stages[0].f(x) ? this.inner.push(x as unknown as To) : true
  }
  override pushRun(arr: ArrayLike<From>, from: number, to: number): number {
    const fold = this.inner
    if (!(fold instanceof FoldSink)) return pushEach(this, arr, from, to)
    const p = this.info.stages[0].f
    const s = fold.s
    return typeof s === 'number' ? filterFold(fold, p, arr, from, to, +s) : filterFold(fold, p, arr, from, to, s)
  }
}

/** `filter` into a fold (see `mapFold`). */
const filterFold = <S>(fold: FoldSink<unknown, S>, p: Fn, arr: ArrayLike<unknown>, from: number, to: number, s: S) => {
  const g = fold.f
  try {
    for (let i = from; i < to; i++) {
      const x = arr[i]
      if (p(x)) s = g(s, x)
    }
  } finally {
    fold.s = s
  }
  return to
}

class MapFilterSink<From, To, A> extends FilterMapSink<From, To, A> {
  /** See `FilterMapSink.layout`. */
  static override readonly layout: Sink<unknown, unknown> = new MapFilterSink(LAYOUT_INFO, FoldSink.layout)
  override push(x: From): boolean {
    const y = this.info.stages[0].f(x) as To
    return this.info.stages[1].f(y) ? this.inner.push(y) : true
  }
  override pushRun(arr: ArrayLike<From>, from: number, to: number): number {
    const fold = this.inner
    if (!(fold instanceof FoldSink)) return pushEach(this, arr, from, to)
    const f = this.info.stages[0].f
    const p = this.info.stages[1].f
    const s = fold.s
    return typeof s === 'number'
      ? mapFilterFold(fold, f, p, arr, from, to, +s)
      : mapFilterFold(fold, f, p, arr, from, to, s)
  }
}

/** `map` then `filter` into a fold (see `mapFold`). */
const mapFilterFold = <S>(
  fold: FoldSink<unknown, S>,
  f: Fn,
  p: Fn,
  arr: ArrayLike<unknown>,
  from: number,
  to: number,
  s: S
): number => {
  const g = fold.f
  try {
    for (let i = from; i < to; i++) {
      const y = f(arr[i])
      if (p(y)) s = g(s, y)
    }
  } finally {
    fold.s = s
  }
  return to
}

class FilterThenMapSink<From, To, A> extends FilterMapSink<From, To, A> {
  /** See `FilterMapSink.layout`. */
  static override readonly layout: Sink<unknown, unknown> = new FilterThenMapSink(LAYOUT_INFO, FoldSink.layout)
  override push(x: From): boolean {
    return this.info.stages[0].f(x) ? this.inner.push(this.info.stages[1].f(x) as To) : true
  }
  override pushRun(arr: ArrayLike<From>, from: number, to: number): number {
    const fold = this.inner
    if (!(fold instanceof FoldSink)) return pushEach(this, arr, from, to)
    const p = this.info.stages[0].f
    const f = this.info.stages[1].f
    const s = fold.s
    return typeof s === 'number'
      ? filterMapFold(fold, p, f, arr, from, to, +s)
      : filterMapFold(fold, p, f, arr, from, to, s)
  }
}

/** `filter` then `map` into a fold (see `mapFold`). */
const filterMapFold = <S>(
  fold: FoldSink<unknown, S>,
  p: Fn,
  f: Fn,
  arr: ArrayLike<unknown>,
  from: number,
  to: number,
  s: S
): number => {
  const g = fold.f
  try {
    for (let i = from; i < to; i++) {
      const x = arr[i]
      if (p(x)) s = g(s, f(x))
    }
  } finally {
    fold.s = s
  }
  return to
}

const openFilterMapSink = <From, To, A>(info: FilterMap, inner: Sink<To, A>): Sink<From, Iteratee<To, A>> => {
  switch (info.shape) {
    case Shape.Map:
      return new MapSink(info, inner)
    case Shape.Filter:
      return new FilterSink(info, inner)
    case Shape.MapFilter:
      return new MapFilterSink(info, inner)
    case Shape.FilterMap:
      return new FilterThenMapSink(info, inner)
    default:
      return new FilterMapSink(info, inner)
  }
}

/** Play's `Enumeratee.mapInput`. */
