/**
 * A graceful shutdown: one call ends every open chunked response with its terminal chunk (each enumeration ends,
 * onDoneEnumerating runs, broadcast subscribers are released) within a grace period, then closes the server.
 */
import * as http from 'node:http'
import * as net from 'node:net'
import type { AddressInfo } from 'node:net'
import { spawn } from 'node:child_process'
import * as path from 'node:path'
import { Action, Comet, Concurrent, Enumerator, GracefulShutdown, Ok } from '../../src'
import { parseChunked, rawRequest, until } from './helpers'

/** A raw GET whose bytes are collected until the server closes the connection. */
const open = (port: number, pathname: string) => {
  const socket = net.connect(port, '127.0.0.1')
  const bytes: Array<Buffer> = []
  let closed = false
  socket.on('data', (b: Buffer) => bytes.push(b))
  socket.on('error', () => undefined)
  socket.on('close', () => (closed = true))
  socket.write(rawRequest(pathname))
  return { text: () => Buffer.concat(bytes).toString('latin1'), closed: () => closed, raw: () => Buffer.concat(bytes) }
}

describe('GracefulShutdown', () => {
  it('ends every open stream with its terminal chunk, releases subscriptions, then closes the server', async () => {
    const shutdown = new GracefulShutdown()
    const [news, channel] = Concurrent.broadcast<string>({ bufferSize: 8, overflow: 'dropOldest' })
    let done = 0
    const action = Action.withOptions({ shutdown })((req) =>
      req.url === '/comet'
        ? Ok.chunked(news.through(Comet({ callback: 'parent.news', heartbeatMs: 50 })).onDoneEnumerating(() => done++))
        : Ok.chunked(news.onDoneEnumerating(() => done++)).as('text/plain')
    )
    const server = http.createServer(action)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const plain = open(port, '/plain')
    const comet = open(port, '/comet')
    await until(() => plain.text().includes('\r\n\r\n') && comet.text().includes('<html><body>'), 5000, 'both heads')
    channel.push('first\n')
    await until(() => plain.text().includes('first'), 5000, 'the first message')
    expect(shutdown.openResponses()).toBe(2)

    await shutdown.close(server, { graceMs: 3000 })

    expect(server.listening).toBe(false)
    expect(done).toBe(2)
    expect(shutdown.openResponses()).toBe(0)
    await until(() => plain.closed() && comet.closed(), 5000, 'both connections to close')
    const p = parseChunked(plain.raw())
    expect(p.chunks).toEqual(['first\n'])
    expect(p.terminated).toBe(true)
    expect(parseChunked(comet.raw()).terminated).toBe(true)
    // the subscribers were released: a push reaches nobody and leaves nothing queued
    channel.push('after\n')
    channel.end()
  })

  it('cuts what has not ended when the grace period is over', async () => {
    const shutdown = new GracefulShutdown()
    // a source that hears no consumer's end: a promise that never settles
    const stuck = Enumerator.flatten(new Promise<Enumerator<string>>(() => undefined))
    const server = http.createServer(Action.withOptions({ shutdown })(() => Ok.chunked(stuck).as('text/plain')))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const client = open((server.address() as AddressInfo).port, '/')
    await until(() => client.text().includes('\r\n\r\n'), 5000, 'the head')
    const started = Date.now()
    await shutdown.close(server, { graceMs: 200 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(150)
    await until(() => client.closed(), 5000, 'the connection to be cut')
    expect(parseChunked(client.raw()).terminated).toBe(false)
  })

  it('refuses a grace period that is not a number of milliseconds', () => {
    const server = http.createServer()
    expect(() => new GracefulShutdown().close(server, { graceMs: -1 })).toThrow(TypeError)
    expect(() => new GracefulShutdown().close(server, { graceMs: 30 * 24 * 3600 * 1000 })).toThrow(TypeError)
  })

  it('the demo server shuts down on SIGTERM, and curl sees a complete response', async () => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(__dirname, '..', '..', 'examples', 'server.ts')],
      { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    try {
      let out = ''
      child.stdout.on('data', (b: Buffer) => (out += b.toString()))
      await until(() => /http:\/\/127\.0\.0\.1:\d+\//.test(out), 30_000, 'the demo to print its URL')
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(out)![1])
      const clock = open(port, '/clock/sse')
      await until(() => clock.text().includes('data:'), 10_000, 'a tick')
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      await until(() => clock.closed(), 5000, 'the stream to close')
      expect(parseChunked(clock.raw()).terminated).toBe(true)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  }, 60_000)
})
