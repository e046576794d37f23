/**
 * A Node server process for the multi-process tests (`processes.ts` forks it): a real HTTP server on 127.0.0.1 whose
 * chat goes through `RedisBroadcast` (REDIS_URL), on two streams: `chat` (the default retention) and `tiny` (a
 * retention of 5, to provoke gaps).
 *
 * - `GET /<stream>/events`   server-sent events, resuming from `Last-Event-ID` (or `?lastEventId=`)
 * - `GET /<stream>/comet`    the same over Comet (`parent.chat({id, data})`), resuming from `?lastEventId=`
 * - `POST /<stream>/say`     `{ from, text }`: pushed to the stream; 200 with the id, 503 when Redis cannot take it
 * - `GET /chat/sse-page`, `GET /chat/comet-page`   chat pages for the browser test
 *
 * Every response says which process served it (`X-Served-By`). Over IPC, the parent asks for `errors` (what the
 * error hook heard) and `exit`.
 */
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as t from 'io-ts'
import { Action, BadRequest, Comet, EventSource, html, NotFound, Ok, type Result, Status } from '../../src'
import { RedisBroadcast, type RedisBroadcastError } from '../../src/redis'

const Line = t.type({ from: t.string, text: t.string })
type Line = t.TypeOf<typeof Line>

const errors: Array<{ readonly kind: string; readonly message: string }> = []

const readBody = (req: http.IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => resolve(body))
    req.on('error', reject)
  })

const ssePage = html`<!DOCTYPE html><html><head><meta charset="utf-8"><title>SSE chat</title></head><body>
<ol id="log"></ol><p id="gaps"></p>
<form id="say"><input id="text"><button>Send</button></form>
<script>
  var source = new EventSource('/chat/events')
  source.onmessage = function (e) {
    var m = JSON.parse(e.data)
    var li = document.createElement('li')
    li.textContent = m.from + ': ' + m.text
    document.getElementById('log').appendChild(li)
  }
  source.addEventListener('gap', function () { document.getElementById('gaps').textContent += 'gap ' })
  document.getElementById('say').addEventListener('submit', function (e) {
    e.preventDefault()
    fetch('/chat/say', { method: 'POST', body: JSON.stringify({ from: document.title, text: document.getElementById('text').value }) })
  })
</script></body></html>`

const cometPage = html`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Comet chat</title></head><body>
<ol id="log"></ol>
<form id="say"><input id="text"><button>Send</button></form>
<script>
  var lastId = ''
  var chat = function (m) {
    if (m.gap) return
    lastId = m.id
    var li = document.createElement('li')
    li.textContent = m.data.from + ': ' + m.data.text
    document.getElementById('log').appendChild(li)
  }
  document.getElementById('say').addEventListener('submit', function (e) {
    e.preventDefault()
    fetch('/chat/say', { method: 'POST', body: JSON.stringify({ from: document.title, text: document.getElementById('text').value }) })
  })
</script>
<iframe id="comet" src="/chat/comet" hidden></iframe>
<script>
  // a response that ends (the server went away) is reopened where the page left off
  document.getElementById('comet').addEventListener('load', function () {
    var frame = this
    setTimeout(function () { frame.src = '/chat/comet?lastEventId=' + encodeURIComponent(lastId) }, 200)
  })
</script></body></html>`

const main = async (): Promise<void> => {
  const hub = await RedisBroadcast.connect({
    url: process.env.REDIS_URL,
    onError: (e: RedisBroadcastError) => errors.push({ kind: e.kind, message: e.message }),
    reconnect: { minDelayMs: 50, maxDelayMs: 300 }
  })
  const streams = {
    chat: await hub.broadcast('chat', Line),
    tiny: await hub.broadcast('tiny', Line, { maxLen: 5 })
  }
  const name = process.env.SERVER_NAME ?? String(process.pid)
  const routes: Record<string, (req: http.IncomingMessage) => Result | Promise<Result>> = {
    'GET /chat/sse-page': () => Ok(ssePage),
    'GET /chat/comet-page': () => Ok(cometPage)
  }
  for (const [key, [messages, channel]] of Object.entries(streams)) {
    routes[`GET /${key}/events`] = (req) =>
      Ok.chunked(
        messages.after(RedisBroadcast.lastEventId(req)).through(EventSource(RedisBroadcast.eventSource(Line)))
      ).as('text/event-stream')
    routes[`GET /${key}/comet`] = (req) =>
      Ok.chunked(
        messages
          .after(RedisBroadcast.lastEventId(req))
          .through(Comet({ callback: 'parent.chat' }, RedisBroadcast.cometMessage(Line)))
      )
    routes[`POST /${key}/say`] = async (req) => {
      let line: Line
      try {
        const u: unknown = JSON.parse(await readBody(req))
        if (!Line.is(u)) return BadRequest('expected {"from": "...", "text": "..."}')
        line = u
      } catch {
        return BadRequest('expected JSON')
      }
      return channel.push(line).then(
        (id) => Ok(id),
        (e: unknown) => Status(503)(String(e))
      )
    }
  }
  const action = Action((req) => {
    const route = routes[`${req.method} ${(req.url ?? '/').split('?')[0]}`]
    return route === undefined ? NotFound('no such page') : route(req)
  })
  const server = http.createServer((req, res) => {
    res.setHeader('X-Served-By', name)
    action(req, res)
  })
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ id: 0, result: { port: (server.address() as AddressInfo).port } })
  })
  process.on('message', (m: { readonly id: number; readonly cmd: string }) => {
    if (m.cmd === 'errors') process.send?.({ id: m.id, result: errors })
    else if (m.cmd === 'exit') {
      hub.close()
      server.closeAllConnections()
      server.close(() => process.exit(0))
    }
  })
  // the parent went away: so does this process
  process.on('disconnect', () => process.exit(0))
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
