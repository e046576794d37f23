/**
 * Inside the library, the public interfaces of ../types carry the representation fields of the classes that
 * implement them (the members whose names start with `_`), so that code given a public `Iteratee`, `Enumerator` or
 * `Enumeratee` reads its state without a cast. That is sound because of the brands: every value of these types is
 * an instance of its class.
 *
 * Declarations only, in a `.d.ts` file, so that the build emits nothing for it: the published declarations never
 * see these fields. tsconfig.json and tsconfig.build.json include it (as all of src/); tsconfig.docs.json leaves it
 * out, because TypeDoc does not document an interface merged from several files.
 *
 * @internal
 */
import type { Enumeratee as EnumerateeClass, Enumerator as EnumeratorClass } from './core'
import type { IterateeClass } from './iteratee'

/** The representation fields of a class (those whose name starts with `_`), as an object type. */
type Representation<C> = Pick<C, Extract<keyof C, `_${string}`>>

declare module '../types' {
  interface Iteratee<in out E, out A> extends Representation<IterateeClass<E, A>> {}
  interface Enumerator<in out E> extends Representation<EnumeratorClass<E>> {}
  interface Enumeratee<in out From, in out To> extends Representation<EnumerateeClass<From, To>> {}
}
