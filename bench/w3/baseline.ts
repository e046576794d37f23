import { rawLoop } from './_server'
import { CALLBACK, COMET_END } from './workload'

/** The bytes our Comet writes (its initial chunk: 5 KiB of spaces, then the document's start), with a plain loop. */
export default rawLoop({
  name: 'baseline: raw http, res.write loop + drain (Comet bytes)',
  pattern: COMET_END,
  contentType: 'text/html; charset=utf-8',
  preamble: ' '.repeat(5 * 1024) + '<html><body>',
  render: (message) => `<script type="text/javascript">${CALLBACK}('${message}');</script>`
})
