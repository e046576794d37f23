import { rawBroadcast } from './_server'
import { CALLBACK } from './workload'

/** What our Comet writes, byte for byte, from a raw server (see `rawBroadcast`). */
export default rawBroadcast({
  name: 'baseline: raw http, array of responses, res.write each',
  format: 'comet',
  contentType: 'text/html; charset=utf-8',
  render: (message) => `<script type="text/javascript">${CALLBACK}('${message}');</script>`
})
