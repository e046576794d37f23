/**
 * Stream ids and the shapes of XRANGE / XREAD replies (RESP2 arrays, RESP3 maps, Buffers under a type mapping),
 * without Redis.
 */
import fc from 'fast-check'
import { compareIds, entriesOf, fieldOf, normalizeId, readReply } from '../../src/redis/reply'

describe('stream ids', () => {
  it('normalizeId: the full form, or undefined for what is not an id', () => {
    expect(normalizeId('1700000000000-3')).toBe('1700000000000-3')
    expect(normalizeId('1700000000000')).toBe('1700000000000-0')
    expect(normalizeId('007-01')).toBe('7-1')
    expect(normalizeId('0-0')).toBe('0-0')
    expect(normalizeId('18446744073709551615-18446744073709551615')).toBe('18446744073709551615-18446744073709551615')
    expect(normalizeId('18446744073709551616-0')).toBeUndefined()
    expect(normalizeId('1-18446744073709551616')).toBeUndefined()
    for (const bad of ['', '-1', '1-', 'a-1', '1-2-3', '1 ', '1\n', '١٢٣', '123456789012345678901-0']) {
      expect(normalizeId(bad)).toBeUndefined()
    }
  })

  it('compareIds orders as Redis does, beyond what a double holds', () => {
    const id = fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }))
    fc.assert(
      fc.property(id, id, ([am, as], [bm, bs]) => {
        const expected = am !== bm ? (am < bm ? -1 : 1) : as !== bs ? (as < bs ? -1 : 1) : 0
        expect(Math.sign(compareIds(`${am}-${as}`, `${bm}-${bs}`))).toBe(expected)
      })
    )
    expect(compareIds('9007199254740993-0', '9007199254740992-0')).toBeGreaterThan(0)
  })
})

describe('replies', () => {
  const entries = [
    ['1-0', ['v', '"a"']],
    ['1-1', ['x', 'y', 'v', '"b"']]
  ]

  it('XRANGE: entries with their fields', () => {
    const read = entriesOf(entries)
    expect(read.map((e) => e.id)).toEqual(['1-0', '1-1'])
    expect(read.map((e) => fieldOf(e, 'v'))).toEqual(['"a"', '"b"'])
    expect(fieldOf(read[0], 'x')).toBeUndefined()
    expect(entriesOf(null)).toEqual([])
  })

  it('XREAD in RESP2 (arrays), RESP3 (an object or a Map), and with Buffers', () => {
    const ids = (r: unknown) => readReply(r, 's').map((e) => e.id)
    expect(
      ids([
        ['other', []],
        ['s', entries]
      ])
    ).toEqual(['1-0', '1-1'])
    expect(ids({ s: entries })).toEqual(['1-0', '1-1'])
    expect(ids(new Map([['s', entries]]))).toEqual(['1-0', '1-1'])
    expect(ids(null)).toEqual([])
    const buffers = [[Buffer.from('s'), [[Buffer.from('2-0'), [Buffer.from('v'), Buffer.from('"c"')]]]]]
    const [e] = readReply(buffers, 's')
    expect([e.id, fieldOf(e, 'v')]).toEqual(['2-0', '"c"'])
  })
})
