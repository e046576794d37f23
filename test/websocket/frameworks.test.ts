/**
 * WebSockets beside Express, Fastify and Koa: each example app is started on 127.0.0.1 port 0 as its example starts it,
 * with the examples' `'upgrade'` listener (`/echo`) on the framework's Node server. The echo works, the framework's
 * routes still answer, and an unknown socket path gets 404.
 */
import { once } from 'node:events'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expressApp } from '../../examples/express'
import { fastifyApp } from '../../examples/fastify'
import { koaApp } from '../../examples/koa'
import { sockets } from '../../examples/websocket'
import { get } from '../http/helpers'
import { open, refused, until } from './helpers'

interface Running {
  readonly port: number
  readonly close: () => Promise<void>
}

const closeServer = async (server: Server): Promise<void> => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
}

const frameworks: ReadonlyArray<readonly [string, () => Promise<Running>]> = [
  [
    'Express',
    async () => {
      const server = expressApp().listen(0, '127.0.0.1')
      server.on('upgrade', sockets)
      await once(server, 'listening')
      return { port: (server.address() as AddressInfo).port, close: () => closeServer(server) }
    }
  ],
  [
    'Fastify',
    async () => {
      const app = fastifyApp()
      app.server.on('upgrade', sockets)
      await app.listen({ port: 0, host: '127.0.0.1' })
      return {
        port: (app.server.address() as AddressInfo).port,
        close: async () => {
          app.server.closeAllConnections()
          await app.close()
        }
      }
    }
  ],
  [
    'Koa',
    async () => {
      const server = koaApp().listen(0, '127.0.0.1')
      server.on('upgrade', sockets)
      await once(server, 'listening')
      return { port: (server.address() as AddressInfo).port, close: () => closeServer(server) }
    }
  ]
]

describe.each(frameworks)('WebSockets beside %s', (_name, start) => {
  let running: Running | undefined
  beforeAll(async () => {
    running = await start()
  }, 10_000)
  afterAll(async () => {
    await running?.close()
  }, 10_000)

  it('echoes at /echo, and the framework still serves its pages', async () => {
    const c = await open(`ws://127.0.0.1:${running!.port}/echo`)
    c.client.send('kiki')
    c.client.send('foo')
    await until(() => c.messages.length === 2)
    expect(c.messages).toEqual(['kiki', 'foo'])
    const page = await get(running!.port, '/')
    expect(page.status).toBe(200)
    expect(page.body).toContain('<iframe src="/comet" hidden></iframe>')
    c.client.close()
    expect((await c.closed)[0]).toBe(1005) // closed without a code, as the client asked
  })

  it('an unknown socket path gets 404', async () => {
    expect((await refused(`ws://127.0.0.1:${running!.port}/comet`)).status).toBe(404)
  })
})
