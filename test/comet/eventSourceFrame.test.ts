import * as fc from 'fast-check'
import { formatComment, formatEvent, formatRetry } from '../../src/comet/eventSourceFrame'

interface Parsed {
  readonly type: string
  readonly data: string
  readonly lastEventId: string
}

// The WHATWG "interpret an event stream" algorithm, enough of it to read back what the browser would dispatch.
const parse = (stream: string): { readonly events: ReadonlyArray<Parsed>; readonly retry: number | undefined } => {
  const events: Array<Parsed> = []
  let data = ''
  let type = ''
  let lastEventId = ''
  let retry: number | undefined
  const lines = stream.split(/\r\n|\r|\n/)
  lines.pop() // the text after the last line break is not a line
  for (const line of lines) {
    if (line === '') {
      if (data !== '') events.push({ type: type === '' ? 'message' : type, data: data.slice(0, -1), lastEventId })
      data = ''
      type = ''
      continue
    }
    if (line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') type = value
    else if (field === 'data') data += value + '\n'
    else if (field === 'id' && !value.includes('\0')) lastEventId = value
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value)
  }
  return { events, retry }
}

describe('eventSourceFrame', () => {
  describe('formatEvent', () => {
    it('writes data alone', () => {
      expect(formatEvent({ data: 'kiki' })).toBe('data: kiki\n\n')
    })

    it('writes event, id, then data', () => {
      expect(formatEvent({ data: 'x', id: '7', name: 'tick' })).toBe('event: tick\nid: 7\ndata: x\n\n')
      expect(formatEvent({ data: 'x', id: '7' })).toBe('id: 7\ndata: x\n\n')
      expect(formatEvent({ data: 'x', name: 'tick' })).toBe('event: tick\ndata: x\n\n')
    })

    it('writes one data line per line, on \\r\\n, \\r or \\n, empty lines kept', () => {
      expect(formatEvent({ data: 'a\nb\r\nc\rd' })).toBe('data: a\ndata: b\ndata: c\ndata: d\n\n')
      expect(formatEvent({ data: '\n\na\n' })).toBe('data: \ndata: \ndata: a\ndata: \n\n')
      expect(formatEvent({ data: '\n\r' })).toBe('data: \ndata: \ndata: \n\n')
      expect(formatEvent({ data: '' })).toBe('data: \n\n')
    })

    it('keeps a leading space of a line (the reader drops only the one after the colon)', () => {
      expect(formatEvent({ data: ' x' })).toBe('data:  x\n\n')
      expect(parse(formatEvent({ data: ' x' })).events[0].data).toBe(' x')
    })

    it('allows an empty id, which resets the last event id', () => {
      expect(formatEvent({ data: 'x', id: '' })).toBe('id: \ndata: x\n\n')
    })

    it('refuses a name or id holding CR, LF or NUL, naming the field', () => {
      for (const bad of ['a\nb', 'a\rb', 'a\r\n', '\0']) {
        expect(() => formatEvent({ data: 'x', name: bad })).toThrow(TypeError)
        expect(() => formatEvent({ data: 'x', name: bad })).toThrow(/event name/)
        expect(() => formatEvent({ data: 'x', id: bad })).toThrow(TypeError)
        expect(() => formatEvent({ data: 'x', id: bad })).toThrow(/event id/)
      }
      expect(() => formatEvent({ data: 'x', id: 'a\ndata: evil' })).toThrow('"a\\ndata: evil"')
    })

    it('reads back as the event that was sent, line breaks as \\n', () => {
      const field = fc.string({ unit: 'binary' }).filter((s) => !/[\r\n\0]/.test(s))
      fc.assert(
        fc.property(
          fc.array(
            fc.record(
              { data: fc.string({ unit: 'binary' }), id: field, name: field.filter((s) => s !== '') },
              { requiredKeys: ['data'] }
            )
          ),
          (events) => {
            const parsed = parse(events.map(formatEvent).join(''))
            let lastEventId = ''
            expect(parsed.events).toEqual(
              events.map((e) => {
                if (e.id !== undefined) lastEventId = e.id
                return { type: e.name ?? 'message', data: e.data.replace(/\r\n|\r/g, '\n'), lastEventId }
              })
            )
          }
        )
      )
    })
  })

  describe('formatRetry', () => {
    it('writes a retry frame', () => {
      expect(formatRetry(0)).toBe('retry: 0\n\n')
      expect(formatRetry(2500)).toBe('retry: 2500\n\n')
      expect(parse(formatRetry(2500)).retry).toBe(2500)
    })

    it('refuses anything but a non-negative integer', () => {
      for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 53, '5' as unknown as number]) {
        expect(() => formatRetry(bad)).toThrow(TypeError)
      }
    })
  })

  describe('formatComment', () => {
    it('writes one comment line per line, then a blank line', () => {
      expect(formatComment('heartbeat')).toBe(': heartbeat\n\n')
      expect(formatComment('a\nb\r\nc')).toBe(': a\n: b\n: c\n\n')
      expect(formatComment('')).toBe(': \n\n')
    })

    it('dispatches nothing and does not disturb the next event', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), (text) => {
          const parsed = parse(formatComment(text) + formatEvent({ data: 'x' }))
          expect(parsed.events).toEqual([{ type: 'message', data: 'x', lastEventId: '' }])
        })
      )
    })
  })
})
