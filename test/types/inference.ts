/**
 * Type tests, checked by `npm run typecheck` (tsc over test/): what must compile without type arguments, and, under
 * `@ts-expect-error`, the mistakes that must not compile. Nothing here runs.
 */
import * as t from 'io-ts'
import { Comet, CometMessage, Concurrent, Enumerator, EventSource } from '../../src'

// a type alias without an index signature, from a broadcast
type Wire = { readonly from: string; readonly text: string }
export const fromBroadcast = Concurrent.broadcast<Wire>()[0].through(Comet.json('parent.chat'))

// an object literal's inferred type
export const fromLiteral = Enumerator({ n: 1 }).through(Comet.json('f'))

// an interface, not only a type alias
interface Said {
  readonly from: string
  readonly at: number
  readonly tags: ReadonlyArray<string>
  readonly reply?: string
}
declare const said: Enumerator<Said>
export const fromInterface = said.through(Comet.json('parent.said'))

// a subtype of what the encoder encodes, through Comet(options, encoder)
const User = t.type({ name: t.string })
interface Admin extends t.TypeOf<typeof User> {
  readonly admin: true
}
declare const admins: Enumerator<Admin>
export const subtype = admins.through(Comet({ callback: 'f' }, CometMessage.fromEncoder(User)))

// options, and EventSource, as before
export const withOptions = said.through(Comet.json({ callback: 'parent.said', heartbeatMs: 15_000 }))
export const events = said.through(EventSource({ data: (s: Said) => s.from }))

// --- what must not compile ---------------------------------------------------------------------------------------

// a function is not JSON
// @ts-expect-error Comet.json takes JSON messages
export const notJson = Enumerator({ f: (): number => 1 }).through(Comet.json('f'))

// numbers into a string Comet
// @ts-expect-error Comet.string takes strings
export const numbersAsStrings = Enumerator(1, 2).through(Comet.string('f'))

// not a subtype of what the encoder encodes
declare const strangers: Enumerator<{ readonly nick: string }>
// @ts-expect-error the encoder needs a name
export const notASubtype = strangers.through(Comet({ callback: 'f' }, CometMessage.fromEncoder(User)))
