import type { ServerResponse } from 'node:http'

import { implementation } from './_server'
import { FORMATS } from './workload'

/**
 * The baseline writing server-sent events: the bytes `ours-sse` writes (`retry: 2000`, then `data: msg-n` frames),
 * rendered once per message and written to every response with `res.write`.
 */
export default implementation({
  name: 'raw-sse: raw http, array of responses, res.write each (SSE bytes)',
  format: 'eventSource',
  serve: () => {
    const responses: Array<ServerResponse> = []
    return {
      listener: (_req, res) => {
        res.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-cache, no-transform',
          'X-Accel-Buffering': 'no'
        })
        res.write(FORMATS.eventSource.preamble)
        responses.push(res)
        res.on('close', () => {
          const i = responses.indexOf(res)
          if (i !== -1) responses.splice(i, 1)
        })
      },
      push: (message) => {
        const chunk = `data: ${message}\n\n`
        for (let i = 0; i < responses.length; i++) responses[i].write(chunk)
      }
    }
  }
})
