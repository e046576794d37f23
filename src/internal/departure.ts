/**
 * How a hot source hears, at once, that the consumer it feeds has gone.
 *
 * Play's enumerators learn that an iteratee is done only when they feed it. A broadcast holds its
 * subscribers' iteratees between pushes, so a subscriber whose HTTP client left would stay until the
 * next push, which for a quiet chat may be never. The HTTP layer knows at once when a client leaves:
 * while it applies its enumerator it sets the response's `Departure` here, and a broadcast that
 * attaches an iteratee during that apply listens to it and releases the subscriber when the client
 * leaves.
 *
 * The slot is set only for the synchronous part of the apply: a broadcast reached directly, through
 * enumeratees, or first in an `andThen` or `interleave` hears of the departure. One attached later
 * (after an asynchronous step) is released at its next push, as in Play.
 *
 * @internal
 */

/** @internal Calls `leave` once the consumer has gone; the function it gives stops listening. */
export interface Departure {
  readonly listen: (leave: () => void) => () => void
}

let current: Departure | undefined

/**
 * @internal Runs `feed` with `departure` as the departure of whatever attaches during it; `undefined` when what
 * `feed` starts is shared, and belongs to no one consumer.
 */
export const whileFeeding = <T>(departure: Departure | undefined, feed: () => T): T => {
  const previous = current
  current = departure
  try {
    return feed()
  } finally {
    current = previous
  }
}

/** @internal The departure of the consumer being fed now, if the HTTP layer set one. */
export const currentDeparture = (): Departure | undefined => current
