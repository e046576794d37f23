/**
 * Stream ids and the replies of XRANGE and XREAD, as the raw `sendCommand` gives them.
 *
 * Commands go through `sendCommand` rather than node-redis's typed `xRead`/`xAdd`, whose replies and argument
 * shapes have changed between major versions: raw commands are the same from Redis 6.2 on, whatever the client
 * version. What differs is the protocol the user's client speaks: RESP2 gives XREAD as `[[key, entries]]`, RESP3 as
 * a map (a plain object, or a `Map` under a type mapping), and a client may map strings to Buffers. Everything is
 * read here, so the rest sees strings. Internal to the redis entry point: nothing here is exported from it.
 */

/** One stream entry: its id and its fields (`[field, value, field, value, ...]`). */
export interface Entry {
  readonly id: string
  readonly fields: ReadonlyArray<string>
}

/** A reply's string, whether the client gives strings or (under a type mapping) Buffers. */
export const text = (x: unknown): string =>
  typeof x === 'string' ? x : x instanceof Uint8Array ? Buffer.from(x).toString('utf8') : String(x)

/** The entries of an XRANGE reply, or of one stream of an XREAD reply. */
export const entriesOf = (reply: unknown): Array<Entry> => {
  if (!Array.isArray(reply)) return []
  const out: Array<Entry> = []
  for (const e of reply) {
    if (!Array.isArray(e) || e.length < 2) continue
    const fields = Array.isArray(e[1]) ? (e[1] as Array<unknown>).map(text) : []
    out.push({ id: text(e[0]), fields })
  }
  return out
}

/** The entries of `key` in an XREAD reply (null when the block timed out). */
export const readReply = (reply: unknown, key: string): Array<Entry> => {
  if (reply === null || reply === undefined) return []
  if (Array.isArray(reply)) {
    for (const s of reply) if (Array.isArray(s) && text(s[0]) === key) return entriesOf(s[1])
    return []
  }
  if (reply instanceof Map) {
    for (const [k, v] of reply) if (text(k) === key) return entriesOf(v)
    return []
  }
  if (typeof reply === 'object') return entriesOf((reply as Record<string, unknown>)[key])
  return []
}

/** The value of `field` in an entry's fields, or undefined. */
export const fieldOf = (e: Entry, field: string): string | undefined => {
  for (let i = 0; i + 1 < e.fields.length; i += 2) if (e.fields[i] === field) return e.fields[i + 1]
  return undefined
}

// -------------------------------------------------------------------------------------
// ids
// -------------------------------------------------------------------------------------

/** A stream id as Redis writes it, `<ms>-<seq>`, or the `<ms>` shorthand (which Redis reads as `<ms>-0`). */
const ID = /^(\d{1,20})(?:-(\d{1,20}))?$/

/** The largest part of an id: Redis reads each as an unsigned 64-bit integer, and refuses the command beyond. */
const MAX_PART = '18446744073709551615'

/**
 * The id in its full form (`<ms>-<seq>`), or undefined when it is not a stream id Redis would take: a client's
 * `Last-Event-ID` must not make a replay fail at every reconnection.
 */
export const normalizeId = (id: string): string | undefined => {
  const m = ID.exec(id)
  if (m === null) return undefined
  const strip = (d: string): string => d.replace(/^0+(?=\d)/, '')
  const ms = strip(m[1])
  const seq = strip(m[2] ?? '0')
  return compareDecimal(ms, MAX_PART) > 0 || compareDecimal(seq, MAX_PART) > 0 ? undefined : `${ms}-${seq}`
}

/** Compares two decimal strings without leading zeros. */
const compareDecimal = (a: string, b: string): number =>
  a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0

/**
 * The order of two full stream ids (as Redis orders them: by time, then by sequence): negative, zero or positive.
 * Ids are 64-bit pairs, beyond what a JavaScript number holds exactly, so they are compared as decimal strings.
 */
export const compareIds = (a: string, b: string): number => {
  const da = a.indexOf('-')
  const db = b.indexOf('-')
  return compareDecimal(a.slice(0, da), b.slice(0, db)) || compareDecimal(a.slice(da + 1), b.slice(db + 1))
}
