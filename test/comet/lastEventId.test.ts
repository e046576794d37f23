/**
 * `EventSource.lastEventId(req)`: the `Last-Event-ID` header first, else the `lastEventId` query parameter; a value
 * that no event id can be counts as absent. `RedisBroadcast.lastEventId` is the very same function.
 */
import { EventSource, type RequestLike } from '../../src'
import { RedisBroadcast } from '../../src/redis'

const read = EventSource.lastEventId
const header = (value: string | ReadonlyArray<string>, url?: string): RequestLike => ({
  headers: { 'last-event-id': value },
  url
})
const query = (q: string): RequestLike => ({ headers: {}, url: `/events?${q}` })

describe('EventSource.lastEventId', () => {
  it('reads the Last-Event-ID header', () => {
    expect(read(header('1700000000000-3', '/events'))).toBe('1700000000000-3')
    expect(read(header('  spaced id '))).toBe('  spaced id ')
    expect(read(header('a, b'))).toBe('a, b') // one header whose value holds a comma
  })

  it('prefers the header to the query parameter', () => {
    expect(read(header('5-1', '/e?lastEventId=4-0'))).toBe('5-1')
  })

  it('falls back to the lastEventId query parameter, percent-decoded', () => {
    expect(read(query('x=1&lastEventId=4-0'))).toBe('4-0')
    expect(read(query('lastEventId=caf%C3%A9%20%2B1'))).toBe('café +1')
    expect(read(query('lastEventId=a+b'))).toBe('a b')
    expect(read({ headers: {}, url: 'http://example.com/e?lastEventId=9' })).toBe('9')
  })

  it('is undefined without either', () => {
    expect(read({ headers: {} })).toBeUndefined()
    expect(read({ headers: {}, url: '/events' })).toBeUndefined()
    expect(read(query('lastEventID=1&last-event-id=2'))).toBeUndefined() // the parameter's name is exact
  })

  it('an empty value is absent (an empty id resets the browser’s last id), and the next source is read', () => {
    expect(read(header('', '/events'))).toBeUndefined()
    expect(read(header('', '/events?lastEventId=7'))).toBe('7')
    expect(read(query('lastEventId='))).toBeUndefined()
    expect(read(query('lastEventId'))).toBeUndefined()
  })

  it('a value holding CR, LF or NUL is absent: no event id holds one', () => {
    for (const bad of ['a\nb', 'a\rb', 'a\r\nid: 2', 'a\u0000']) {
      expect(read(header(bad))).toBeUndefined()
      expect(read(header(bad, '/e?lastEventId=ok'))).toBe('ok')
      expect(read(query(`lastEventId=${encodeURIComponent(bad)}`))).toBeUndefined()
    }
  })

  it('a value longer than 1 KiB in UTF-8 is absent', () => {
    const max = 'x'.repeat(1024)
    expect(read(header(max))).toBe(max)
    expect(read(header(max + 'x'))).toBeUndefined()
    expect(read(header(max + 'x', '/e?lastEventId=short'))).toBe('short')
    // counted in bytes: 512 two-byte characters fit, 513 do not
    expect(read(query(`lastEventId=${encodeURIComponent('é'.repeat(512))}`))).toBe('é'.repeat(512))
    expect(read(query(`lastEventId=${encodeURIComponent('é'.repeat(513))}`))).toBeUndefined()
    expect(read(query(`lastEventId=${'y'.repeat(100_000)}`))).toBeUndefined()
  })

  it('a repeated header (or parameter) counts when its copies agree, and is absent when they differ', () => {
    expect(read(header(['3', '3']))).toBe('3')
    expect(read(header(['3', '4']))).toBeUndefined()
    expect(read(header(['3', '4'], '/e?lastEventId=2'))).toBe('2')
    expect(read(header([]))).toBeUndefined()
    expect(read(query('lastEventId=5&lastEventId=5'))).toBe('5')
    expect(read(query('lastEventId=5&lastEventId=6'))).toBeUndefined()
    // Node joins repeated headers with ", " in `headers`; `headersDistinct` keeps them apart
    const node: RequestLike = {
      headers: { 'last-event-id': '3, 4' },
      headersDistinct: { 'last-event-id': ['3', '4'] },
      url: '/e'
    }
    expect(read(node)).toBeUndefined()
    expect(read({ ...node, headersDistinct: { 'last-event-id': ['3, 4'] } })).toBe('3, 4')
  })

  it('reads a header as UTF-8, as browsers send it (Node gives its bytes as latin1)', () => {
    const latin1 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1')
    expect(read(header(latin1('café-1')))).toBe('café-1')
    expect(read(header(latin1('😀')))).toBe('😀')
    // already decoded, or not UTF-8: as it is
    expect(read(header('café-1'))).toBe('café-1')
    expect(read(header('\u00e9t\u00e9'))).toBe('été')
    expect(read(header('\u00ff\u00fe'))).toBe('\u00ff\u00fe')
  })

  it('RedisBroadcast.lastEventId is an alias: the very same function', () => {
    expect(RedisBroadcast.lastEventId).toBe(EventSource.lastEventId)
  })
})
