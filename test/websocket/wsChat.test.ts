/**
 * The demo chat's socket (examples/wsChat.ts), with `ws` clients standing in for the browser (test/e2e/demo.test.ts
 * has the demo's pages in Chromium): what a socket says reaches every socket and every other subscriber of the
 * broadcast (the Comet and SSE pages), what they say reaches the sockets, the messages' ids and times go along, a
 * socket's messages can depend on its request (the demo's `?after=`), the signal closes the sockets, and bad
 * messages close with 1007.
 */
import { Concurrent, Enumeratee, Enumerator, Iteratee } from '../../src'
import { WebSocket } from '../../src/websocket'
import { type ChatMessage, wsChat } from '../../examples/wsChat'
import { open, refused, serve, until, type WsServer } from './helpers'

interface DemoMessage extends ChatMessage {
  readonly [key: string]: string
}

let running: WsServer | undefined
afterEach(async () => {
  await running?.close()
  running = undefined
})

const setUp = async () => {
  // the demo's chat room: one bounded broadcast
  const [messages, channel] = Concurrent.broadcast<DemoMessage>({ bufferSize: 100, overflow: 'dropOldest' })
  const errors: Array<unknown> = []
  const chat = wsChat({
    messages,
    say: (m) => channel.push({ from: m.from, text: m.text }),
    onError: (e) => errors.push(e)
  })
  running = await serve(WebSocket.router({ [chat.path]: chat.upgrade }))
  return { chat, messages, channel, errors, url: running.url(chat.path) }
}

it('a message said on a socket reaches every socket and the Comet side; the Comet side reaches the sockets', async () => {
  const { messages, channel, url } = await setUp()
  // what the Comet page's response would see
  const comet: Array<DemoMessage> = []
  const leaving = new AbortController()
  const cometSide = messages.apply(
    Iteratee.foreach<DemoMessage>((m) => comet.push(m)),
    { signal: leaving.signal }
  )
  const a = await open(url)
  const b = await open(url)
  a.client.send(JSON.stringify({ from: 'kiki', text: 'hello from the socket' }))
  await until(() => a.messages.length === 1 && b.messages.length === 1 && comet.length === 1)
  expect(JSON.parse(b.messages[0] as string)).toEqual({ from: 'kiki', text: 'hello from the socket' })
  expect(comet).toEqual([{ from: 'kiki', text: 'hello from the socket' }])
  // a POST on the Comet page pushes to the same broadcast
  channel.push({ from: 'foo', text: 'hello from Comet' })
  await until(() => a.messages.length === 2 && b.messages.length === 2)
  expect(JSON.parse(a.messages[1] as string)).toEqual({ from: 'foo', text: 'hello from Comet' })
  a.client.close()
  b.client.close()
  await Promise.all([a.closed, b.closed])
  leaving.abort()
  await cometSide
})

it('checks messages as the demo checks a POST: trimmed, lengths cut, empty or malformed ones close with 1007', async () => {
  const { url, errors } = await setUp()
  const a = await open(url)
  a.client.send(JSON.stringify({ from: 'x'.repeat(100), text: 'y'.repeat(1000) }))
  a.client.send(JSON.stringify({ from: '  kiki ', text: ' hi\n' }))
  await until(() => a.messages.length === 2)
  const m = JSON.parse(a.messages[0] as string) as ChatMessage
  expect([m.from.length, m.text.length]).toEqual([40, 500])
  expect(JSON.parse(a.messages[1] as string)).toEqual({ from: 'kiki', text: 'hi' })
  a.client.send(JSON.stringify({ from: 'kiki', text: '  ' }))
  expect(await a.closed).toEqual([1007, 'from and text must not be empty'])
  const b = await open(url)
  b.client.send('{"from": 1}')
  expect((await b.closed)[0]).toBe(1007)
  expect(errors).toHaveLength(2) // the chat's log hears both
})

it('sends the messages’ id and time along, and a socket’s messages can depend on its request', async () => {
  interface Numbered extends ChatMessage {
    readonly id: number
    readonly at: string
  }
  const [live, channel] = Concurrent.broadcast<Numbered>()
  const kept: ReadonlyArray<Numbered> = [
    { id: 1, at: '2024-01-01T10:00:00.000Z', from: 'ann', text: 'one' },
    { id: 2, at: '2024-01-01T10:01:00.000Z', from: 'bob', text: 'two' }
  ]
  // as the demo does: the kept messages after the page's ?after=, then the broadcast
  const chat = wsChat({
    messages: (req) => {
      const after = Number(new URL(req.url ?? '/', 'http://localhost').searchParams.get('after'))
      return live.through(Enumeratee.heading(Enumerator.enumerate(kept.filter((m) => m.id > after))))
    },
    say: () => undefined
  })
  running = await serve(WebSocket.router({ [chat.path]: chat.upgrade }))
  const late = await open(running.url(`${chat.path}?after=1`))
  await until(() => late.messages.length === 1)
  channel.push({ id: 3, at: '2024-01-01T10:02:00.000Z', from: 'cat', text: 'three', extra: 'not sent' } as Numbered)
  await until(() => late.messages.length === 2)
  expect(late.messages.map((m) => JSON.parse(m as string) as unknown)).toEqual([
    kept[1],
    { id: 3, at: '2024-01-01T10:02:00.000Z', from: 'cat', text: 'three' }
  ])
  late.client.close()
  await late.closed
})

it('closes its sockets with 1001 when its signal aborts, and refuses new ones', async () => {
  const leaving = new AbortController()
  const chat = wsChat({
    messages: Concurrent.broadcast<ChatMessage>()[0],
    say: () => undefined,
    path: '/x',
    signal: leaving.signal
  })
  expect(chat.path).toBe('/x')
  running = await serve(WebSocket.router({ [chat.path]: chat.upgrade }))
  const a = await open(running.url('/x'))
  leaving.abort()
  expect(await a.closed).toEqual([1001, 'going away'])
  expect((await refused(running.url('/x'))).status).toBe(503)
})
