/**
 * The demo chat over a WebSocket (examples/wsChat.ts), with `ws` clients standing in for the browser (the Chromium test
 * waits for the demo to wire it in): what a socket says reaches every socket and every other subscriber of the
 * broadcast (the Comet and SSE pages), what they say reaches the sockets, and bad messages close with 1007.
 */
import { Concurrent, Iteratee } from '../../src'
import { WebSocket } from '../../src/websocket'
import { type ChatMessage, wsChat } from '../../examples/wsChat'
import { open, serve, until, type WsServer } from './helpers'

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

it('checks messages as the demo checks a POST: lengths cut, empty or malformed ones close with 1007', async () => {
  const { url, errors } = await setUp()
  const a = await open(url)
  a.client.send(JSON.stringify({ from: 'x'.repeat(100), text: 'y'.repeat(1000) }))
  await until(() => a.messages.length === 1)
  const m = JSON.parse(a.messages[0] as string) as ChatMessage
  expect([m.from.length, m.text.length]).toEqual([40, 500])
  a.client.send(JSON.stringify({ from: 'kiki', text: '' }))
  expect(await a.closed).toEqual([1007, 'from and text must not be empty'])
  const b = await open(url)
  b.client.send('{"from": 1}')
  expect((await b.closed)[0]).toBe(1007)
  expect(errors).toHaveLength(2) // the chat's log hears both
})

it('the page opens its socket on the chat’s path', async () => {
  const { chat } = await setUp()
  const page = String(chat.page)
  expect(page).toContain('<ul id="log" data-socket="/chat/ws"></ul>')
  expect(page).toContain('new WebSocket(')
  expect(wsChat({ messages: Concurrent.broadcast<ChatMessage>()[0], say: () => undefined, path: '/x' }).path).toBe('/x')
})
