import { rawLoop } from './_server'
import { SSE_END } from './workload'

/** The bytes `ours-sse` writes (`data: msg-i` frames), with the baseline's plain loop. */
export default rawLoop({
  name: 'raw-sse: raw http, res.write loop + drain (SSE bytes)',
  pattern: SSE_END,
  contentType: 'text/event-stream; charset=utf-8',
  render: (message) => `data: ${message}\n\n`
})
