import { WebSocketServer, type WebSocket } from 'ws'

import { implementation } from './_server'

/**
 * The baseline with what ours does on top: the Node socket is corked from the first frame sent in a tick to the end
 * of that tick, so that the frames of one read (echo) or one burst of pushes (broadcast) leave in one system call
 * instead of one each. The hand-written version of our writer's batching, to show what the library itself costs.
 */
export default implementation({
  name: 'raw ws, corked per tick (what ours does by hand)',
  serve: (kind) => {
    const wss = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false })
    const open = new Set<{ readonly send: (data: string | Buffer) => void }>()
    const corked = (ws: WebSocket, socket: { cork(): void; uncork(): void }) => {
      let isCorked = false
      const uncork = (): void => {
        isCorked = false
        socket.uncork()
      }
      return {
        send: (data: string | Buffer): void => {
          if (!isCorked) {
            isCorked = true
            socket.cork()
            process.nextTick(uncork)
          }
          ws.send(data)
        }
      }
    }
    return {
      upgrade: (req, socket, head) =>
        wss.handleUpgrade(req, socket, head, (ws) => {
          const sender = corked(ws, socket)
          if (kind === 'echo')
            ws.on('message', (data, isBinary) => sender.send(isBinary ? (data as Buffer) : String(data)))
          else {
            open.add(sender)
            ws.on('close', () => open.delete(sender))
          }
        }),
      push: (message) => {
        for (const s of open) s.send(message)
      }
    }
  }
})
