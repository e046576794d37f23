import type { IncomingMessage, ServerResponse } from 'node:http'
import { Action, Ok, Result, Status, Writeable } from '../../src/http'
import { Enumeratee, Enumerator, EventSource } from '../../src'
import { get, listen, rawGet } from './helpers'

describe('Action', () => {
  it('serves the result of the block, given the request', async () => {
    const server = await listen(Action((req) => Ok(`you asked for ${req.method} ${req.url}`)))
    try {
      const res = await get(server.port, '/a?b=1')
      expect(res.status).toBe(200)
      expect(res.body).toBe('you asked for GET /a?b=1')
    } finally {
      await server.close()
    }
  })

  it('serves the result of an async block', async () => {
    const server = await listen(
      Action(async (req) => {
        await new Promise((resolve) => setTimeout(resolve, 5))
        return Status(201)(`made ${req.url}`)
      })
    )
    try {
      const res = await get(server.port, '/x')
      expect(res.status).toBe(201)
      expect(res.body).toBe('made /x')
    } finally {
      await server.close()
    }
  })

  it('a block that throws gives a 500 with a short plain-text body, reported to the hook; the server goes on', async () => {
    const errors: Array<[unknown, string | undefined]> = []
    const boom = new Error('secret detail')
    const server = await listen(
      Action(
        (req) => {
          if (req.url === '/fail') throw boom
          return Ok('fine')
        },
        { onError: (e, req) => errors.push([e, req.url]) }
      )
    )
    try {
      const res = await get(server.port, '/fail')
      expect(res.status).toBe(500)
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
      expect(res.body).toBe('Internal Server Error')
      expect(res.body).not.toContain('secret')
      expect(errors).toEqual([[boom, '/fail']])
      const ok = await get(server.port, '/ok')
      expect(ok.status).toBe(200)
      expect(ok.body).toBe('fine')
    } finally {
      await server.close()
    }
  })

  it('a block that rejects gives a 500, reported to console.error when no option is given', async () => {
    const logged: Array<ReadonlyArray<unknown>> = []
    const spy = jest.spyOn(console, 'error').mockImplementation((...args: Array<unknown>) => {
      logged.push(args)
    })
    const server = await listen(Action(() => Promise.reject(new Error('later'))))
    try {
      const res = await get(server.port, '/x')
      expect(res.status).toBe(500)
      expect(res.body).toBe('Internal Server Error')
      expect(logged).toHaveLength(1)
      expect(logged[0][0]).toBe('play-iteratees-ts: GET /x failed:')
      expect((logged[0][1] as Error).message).toBe('later')
    } finally {
      spy.mockRestore()
      await server.close()
    }
  })

  it("Action.withOptions makes actions that share options, an action's own win, and Action is left as it was", async () => {
    const shared: Array<unknown> = []
    const own: Array<unknown> = []
    const action = Action.withOptions({ onError: (e) => shared.push(e) })
    const fail = (message: string) => () => Promise.reject(new Error(message))
    const listeners: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
      '/shared': action(fail('shared')),
      '/own': action(fail('own'), { onError: (e) => own.push(e) }),
      '/again': action.withOptions({})(fail('again')),
      '/plain': Action(fail('plain'))
    }
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const server = await listen((req, res) => listeners[req.url ?? '']!(req, res))
    try {
      for (const url of Object.keys(listeners)) expect((await get(server.port, url)).status).toBe(500)
      expect(shared.map((e) => (e as Error).message)).toEqual(['shared', 'again'])
      expect(own.map((e) => (e as Error).message)).toEqual(['own'])
      expect(spy).toHaveBeenCalledTimes(1) // /plain: the default, untouched by withOptions
      expect('onError' in Action).toBe(false)
    } finally {
      spy.mockRestore()
      await server.close()
    }
  })

  it('a block that gives something other than a Result gives a 500 with a TypeError', async () => {
    const errors: Array<unknown> = []
    const server = await listen(Action(() => 'hello' as unknown as Result, { onError: (e) => errors.push(e) }))
    try {
      const res = await get(server.port, '/')
      expect(res.status).toBe(500)
      expect(errors[0]).toBeInstanceOf(TypeError)
    } finally {
      await server.close()
    }
  })

  it('a Writeable that throws on a whole body gives a 500', async () => {
    const errors: Array<unknown> = []
    const server = await listen(
      Action(
        () =>
          Ok(1, {
            toBytes: () => {
              throw new Error('cannot encode')
            },
            contentType: 'text/plain'
          }),
        { onError: (e) => errors.push(e) }
      )
    )
    try {
      const res = await get(server.port, '/')
      expect(res.status).toBe(500)
      expect((errors[0] as Error).message).toBe('cannot encode')
    } finally {
      await server.close()
    }
  })

  it('a hook that throws does not take the server down', async () => {
    const server = await listen(
      Action(
        () => {
          throw new Error('block')
        },
        {
          onError: () => {
            throw new Error('hook')
          }
        }
      )
    )
    try {
      expect((await get(server.port, '/')).status).toBe(500)
      expect((await get(server.port, '/')).status).toBe(500)
    } finally {
      await server.close()
    }
  })

  it('the default hook logs to console.error', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const server = await listen(
      Action(() => {
        throw new Error('logged')
      })
    )
    try {
      expect((await get(server.port, '/where')).status).toBe(500)
      expect(spy).toHaveBeenCalledTimes(1)
      expect(spy.mock.calls[0][0]).toContain('GET /where')
      expect((spy.mock.calls[0][1] as Error).message).toBe('logged')
    } finally {
      spy.mockRestore()
      await server.close()
    }
  })

  it('accepts and ignores a third argument (Express passes next)', async () => {
    const action = Action(() => Ok('x'))
    let nextCalled = false
    const server = await listen((req, res) => action(req, res, () => (nextCalled = true)))
    try {
      expect((await get(server.port, '/')).body).toBe('x')
      expect(nextCalled).toBe(false)
    } finally {
      await server.close()
    }
  })

  it('lets the block take a narrower request type', () => {
    interface MyRequest extends IncomingMessage {
      readonly user: string
    }
    const action = Action((req: MyRequest) => Ok(req.user))
    expect(typeof action).toBe('function')
  })

  it('serves raw HTTP/1.1 with keep-alive after a 500', async () => {
    const server = await listen(
      Action(
        (req) => {
          if (req.url === '/boom') throw new Error('x')
          return Ok('fine')
        },
        { onError: () => undefined }
      )
    )
    try {
      const raw = (await rawGet(server.port, '/boom')).toString('latin1')
      expect(raw.startsWith('HTTP/1.1 500 ')).toBe(true)
      expect((await get(server.port, '/')).body).toBe('fine')
    } finally {
      await server.close()
    }
  })
})

describe('Ok.chunked of an EventSource stream', () => {
  const typeOf = async (result: () => Result): Promise<string | undefined> => {
    const server = await listen(Action(result))
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/`)
      await response.text()
      return response.headers.get('content-type') ?? undefined
    } finally {
      await server.close()
    }
  }
  const events = () => Enumerator('a', 'b').through(EventSource())

  it('is served as text/event-stream without .as(...)', async () => {
    expect(await typeOf(() => Ok.chunked(events()))).toBe('text/event-stream; charset=utf-8')
  })

  it('keeps the type through onDoneEnumerating, andThen, and a composition that ends in EventSource', async () => {
    expect(await typeOf(() => Ok.chunked(events().onDoneEnumerating(() => undefined)))).toBe(
      'text/event-stream; charset=utf-8'
    )
    expect(await typeOf(() => Ok.chunked(events().andThen(events())))).toBe('text/event-stream; charset=utf-8')
    const composed = Enumeratee.map((s: string) => s.toUpperCase()).compose(EventSource())
    expect(await typeOf(() => Ok.chunked(Enumerator('a').through(composed)))).toBe('text/event-stream; charset=utf-8')
  })

  it('gives way to what the result says', async () => {
    expect(await typeOf(() => Ok.chunked(events()).as('text/plain'))).toBe('text/plain')
    expect(await typeOf(() => Ok.chunked(events(), Writeable.string))).toBe('text/plain; charset=utf-8')
  })

  it('plain strings are still text/plain', async () => {
    expect(await typeOf(() => Ok.chunked(Enumerator('a')))).toBe('text/plain; charset=utf-8')
  })
})
