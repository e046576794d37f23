import { Html } from '../../src/comet/Html'
import { Enumerator } from '../../src/Enumerator'
import { Action, BadRequest, InternalServerError, NotFound, Ok, Result, Status, Writeable } from '../../src/http'
import { get, listen } from './helpers'

/** Serves one result for every request, and gives the response to a GET. */
const serve = async (result: Result, method = 'GET') => {
  const server = await listen(Action(() => result))
  try {
    return await get(server.port, '/', method)
  } finally {
    await server.close()
  }
}

describe('Result', () => {
  describe('Status', () => {
    it('makes results with the status code', () => {
      expect(Status(201)('made').status).toBe(201)
      expect(Status(201).status).toBe(201)
      expect(Ok.status).toBe(200)
      expect(BadRequest.status).toBe(400)
      expect(NotFound.status).toBe(404)
      expect(InternalServerError.status).toBe(500)
    })

    it('refuses what is not a status code', () => {
      expect(() => Status(99)).toThrow(RangeError)
      expect(() => Status(1000)).toThrow(RangeError)
      expect(() => Status(200.5)).toThrow(RangeError)
    })

    it('encodes a whole body at once, with the Writeable content type', () => {
      const r = Ok('hello')
      expect(r.body).toEqual({ _tag: 'Whole', data: 'hello' })
      expect(r.headers).toEqual({ 'Content-Type': 'text/plain; charset=utf-8' })
      expect(Ok(Html('<p>x</p>')).headers['Content-Type']).toBe('text/html; charset=utf-8')
      expect(Ok({ a: 1 }).body).toEqual({ _tag: 'Whole', data: '{"a":1}' })
      expect(Ok({ a: 1 }).headers['Content-Type']).toBe('application/json')
      expect(Ok(new Uint8Array([1])).headers['Content-Type']).toBe('application/octet-stream')
      const w = Writeable.of((n: number) => `n=${n}`, 'text/x-n')
      expect(Ok(3, w).body).toEqual({ _tag: 'Whole', data: 'n=3' })
      expect(Ok(3, w).headers['Content-Type']).toBe('text/x-n')
    })

    it('makes an empty result without a body', () => {
      const r = Status(204)()
      expect(r.body).toEqual({ _tag: 'Whole', data: '' })
      expect(r.headers).toEqual({})
    })

    it('makes chunked results with the streaming headers', () => {
      const r = Ok.chunked(Enumerator('a', 'b'))
      expect(r.body._tag).toBe('Chunked')
      expect(r.headers).toEqual({ 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' })
      const h = Ok.chunked(Enumerator(Html('<p>')), Writeable.html)
      expect(h.headers['Content-Type']).toBe('text/html; charset=utf-8')
    })
  })

  describe('as and withHeaders', () => {
    it('give new results and leave the old ones as they were', () => {
      const r = Ok('hello')
      const html = r.as('text/html; charset=utf-8')
      expect(html).not.toBe(r)
      expect(html.headers['Content-Type']).toBe('text/html; charset=utf-8')
      expect(r.headers['Content-Type']).toBe('text/plain; charset=utf-8')
      const more = html.withHeaders({ 'X-A': '1', 'Set-Cookie': ['a=1', 'b=2'] })
      expect(more.headers).toEqual({
        'Content-Type': 'text/html; charset=utf-8',
        'X-A': '1',
        'Set-Cookie': ['a=1', 'b=2']
      })
      expect(html.headers).toEqual({ 'Content-Type': 'text/html; charset=utf-8' })
      expect(more.body).toBe(r.body)
    })

    it('replace a header whatever the case of its name', () => {
      const r = Ok('x').withHeaders({ 'content-type': 'text/csv' })
      expect(r.headers).toEqual({ 'content-type': 'text/csv' })
    })

    it('are immutable', () => {
      const r = Ok('x')
      expect(Object.isFrozen(r)).toBe(true)
      expect(Object.isFrozen(r.headers)).toBe(true)
      expect(Object.isFrozen(r.body)).toBe(true)
      expect(() => {
        ;(r as any).status = 500
      }).toThrow(TypeError)
    })

    it('refuse header names and values that are not valid HTTP', () => {
      expect(() => Ok('x').withHeaders({ 'X-A': 'a\r\nX-Evil: 1' })).toThrow(TypeError)
      expect(() => Ok('x').withHeaders({ 'X A': '1' })).toThrow(TypeError)
      expect(() => Ok('x').as('text/html\nX-Evil: 1')).toThrow(TypeError)
    })
  })

  describe('on a real server', () => {
    it('Ok(string): a whole body with its content type and length', async () => {
      const res = await serve(Ok('hello'))
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
      expect(res.headers['content-length']).toBe('5')
      expect(res.headers['transfer-encoding']).toBeUndefined()
      expect(res.body).toBe('hello')
    })

    it('Ok(Html): text/html', async () => {
      const res = await serve(Ok(Html('<p>x</p>')))
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(res.body).toBe('<p>x</p>')
    })

    it('a UTF-8 body has its length in bytes', async () => {
      const res = await serve(Ok('héllo ✓'))
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength('héllo ✓')))
      expect(res.body).toBe('héllo ✓')
    })

    it('as and withHeaders', async () => {
      const res = await serve(
        Ok('{"a":1}')
          .as('application/json')
          .withHeaders({ 'X-Test': 'yes', 'Set-Cookie': ['a=1', 'b=2'] })
      )
      expect(res.headers['content-type']).toBe('application/json')
      expect(res.headers['x-test']).toBe('yes')
      expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2'])
      expect(res.body).toBe('{"a":1}')
    })

    it('Status(404), NotFound', async () => {
      const a = await serve(Status(404)('nothing here'))
      expect(a.status).toBe(404)
      expect(a.body).toBe('nothing here')
      const b = await serve(NotFound(Html('<h1>gone</h1>')))
      expect(b.status).toBe(404)
      expect(b.headers['content-type']).toBe('text/html; charset=utf-8')
    })

    it('a HEAD request gets the headers and no body', async () => {
      const res = await serve(Ok('hello'), 'HEAD')
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
      expect(res.body).toBe('')
    })

    it('204 has no body', async () => {
      const res = await serve(Status(204)())
      expect(res.status).toBe(204)
      expect(res.body).toBe('')
    })
  })
})
