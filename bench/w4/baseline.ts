import type { ServerResponse } from 'node:http'

import { implementation } from './_server'
import { CALLBACK, FORMATS } from './workload'

/**
 * A raw http server keeping an array of its open responses: each request gets Comet's head and initial chunk and joins
 * the array (and leaves it when it closes); a broadcast renders each message once and writes it to every response.
 * It writes what our Comet writes, byte for byte, and ignores `res.write`'s backpressure signal: what a socket does not
 * take at once waits in Node's buffer (the client here reads everything).
 */
export default implementation({
  name: 'baseline: raw http, array of responses, res.write each',
  format: 'comet',
  serve: () => {
    const responses: Array<ServerResponse> = []
    return {
      listener: (_req, res) => {
        res.writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'no-cache, no-transform',
          'X-Accel-Buffering': 'no'
        })
        res.write(FORMATS.comet.preamble)
        responses.push(res)
        res.on('close', () => {
          const i = responses.indexOf(res)
          if (i !== -1) responses.splice(i, 1)
        })
      },
      push: (message) => {
        const chunk = `<script type="text/javascript">${CALLBACK}('${message}');</script>`
        for (let i = 0; i < responses.length; i++) responses[i].write(chunk)
      }
    }
  }
})
