/**
 * Elements that one producer gives to many consumers, and what those consumers derive from them once for all.
 *
 * A broadcast gives each push, as one input, to every subscriber. A server's subscribers are its responses, and each
 * renders the element the same way (a Comet script, a server-sent event): rendered once per response, a push to C
 * responses costs C renderings, C scripts kept until the sockets take them, and as much for the collector. So a
 * broadcast hands its subscribers a `SharedEl`, which keeps what was rendered from it, and a renderer asks the input
 * for its rendering: the first response of a push renders it, the others, whose rendering is the same, get that
 * very chunk. Rendering must be pure for this (Comet's and EventSource's are, given pure encoders): what is seen
 * on the wire is the same as rendering per response.
 *
 * The memory is the input's own (a private field, not a property: consumers see a plain `El`), so it is gone with
 * the push: there is no cache to bound or to clear.
 *
 * @internal
 */
import { type El, type Input, Input as In } from '../Input'

/** How a consumer renders each element; two renderings that are `sameAs` each other render every element alike. */
export interface Rendering<E, To> {
  render(e: E): To
  sameAs(other: Rendering<unknown, unknown>): boolean
}

/** How many different renderings of one push are kept: more are rendered per consumer, as without a memory. */
const KEPT = 4

/** An element given to many consumers, with what they rendered from it. */
class SharedEl<E> implements El<E> {
  // the fields of `Input.El(e)`, in its order: a consumer sees the same object
  readonly _tag: 'El'
  readonly e: E
  /** The renderings of the element so far, and their results: rendering, input, rendering, input... */
  #rendered: Array<Rendering<E, unknown> | Input<unknown>> | undefined = undefined
  constructor(e: E) {
    this._tag = 'El'
    this.e = e
  }

  /** `Input.El(rendering.render(e))`, made once for all the renderings the same as `rendering`. */
  renderedBy<To>(rendering: Rendering<E, To>): Input<To> {
    const memory = this.#rendered
    if (memory !== undefined) {
      for (let i = 0; i < memory.length; i += 2) {
        const r = memory[i] as Rendering<E, unknown>
        if (r === rendering || r.sameAs(rendering as Rendering<unknown, unknown>)) return memory[i + 1] as Input<To>
      }
    }
    // a rendering that throws is not kept: the next consumer renders, and fails, by itself
    const rendered = In.El(rendering.render(this.e))
    if (memory === undefined) this.#rendered = [rendering, rendered]
    else if (memory.length < 2 * KEPT) memory.push(rendering, rendered)
    return rendered
  }
}

/** The input as a broadcast gives it to every subscriber: an element becomes one whose renderings are kept. */
export const shared = <E>(input: Input<E>): Input<E> =>
  input._tag === 'El' && !(input instanceof SharedEl) ? new SharedEl(input.e) : input

/** The element rendered, as an input: from what a consumer before rendered the same way, when the input is shared. */
export const renderedInput = <E, To>(input: El<E>, rendering: Rendering<E, To>): Input<To> =>
  input instanceof SharedEl ? (input as SharedEl<E>).renderedBy(rendering) : In.El(rendering.render(input.e))
