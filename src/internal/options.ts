/**
 * Checks of the options that users pass as numbers: each fails at once, with a `TypeError` that names the option
 * and the value, rather than misfiring later.
 *
 * @internal
 */

/**
 * Node's timers take at most 2^31 - 1 ms (about 24.8 days); a longer delay is silently replaced by 1 ms, so a
 * heartbeat of 30 days would fire every millisecond.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1

const shown = (u: unknown): string => (typeof u === 'string' ? JSON.stringify(u) : String(u))

/** A duration for a timer: a positive finite number of milliseconds, at most `MAX_TIMER_MS`. */
export const checkDuration = (where: string, name: string, value: unknown): number => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${where}: ${name} must be a positive number of milliseconds, got ${shown(value)}`)
  }
  if (value > MAX_TIMER_MS) {
    throw new TypeError(
      `${where}: ${name} must be at most ${MAX_TIMER_MS} milliseconds (about 24.8 days, the longest timer Node runs), got ${shown(value)}`
    )
  }
  return value
}

/** A size: a positive finite number (of bytes, of elements...). */
export const checkSize = (where: string, name: string, unit: string, value: unknown): number => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${where}: ${name} must be a positive number of ${unit}, got ${shown(value)}`)
  }
  return value
}
