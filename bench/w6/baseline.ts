import { WebSocketServer, type WebSocket } from 'ws'

import { implementation } from './_server'

/**
 * A raw `ws` server: `handleUpgrade`, then for an echo `ws.send(String(data))` on each message, and for a broadcast a
 * loop of `ws.send(message)` over the open sockets. No backpressure: `ws` buffers whatever a client does not read.
 */
export default implementation({
  name: 'baseline: raw ws (handleUpgrade, send in a loop)',
  serve: (kind) => {
    const wss = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false })
    const open = new Set<WebSocket>()
    return {
      upgrade: (req, socket, head) =>
        wss.handleUpgrade(req, socket, head, (ws) => {
          if (kind === 'echo') ws.on('message', (data, isBinary) => ws.send(isBinary ? data : String(data)))
          else {
            open.add(ws)
            ws.on('close', () => open.delete(ws))
          }
        }),
      push: (message) => {
        for (const ws of open) ws.send(message)
      }
    }
  }
})
