import { rawBroadcast } from './_server'

/** The bytes `ours-sse` writes (`retry: 2000`, then `data: msg-n` frames), from a raw server (see `rawBroadcast`). */
export default rawBroadcast({
  name: 'raw-sse: raw http, array of responses, res.write each (SSE bytes)',
  format: 'eventSource',
  contentType: 'text/event-stream; charset=utf-8',
  render: (message) => `data: ${message}\n\n`
})
