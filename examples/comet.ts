/**
 * What the Express, Fastify and Koa examples serve: Play's Comet example as an `Action`, and the page that shows it.
 */
import { Action, Comet, Enumerator, Ok } from '../src'

/** Play's Comet example: three messages for `parent.cometMessage`, one `<script>` chunk each. */
export const cometAction = Action(() =>
  Ok.chunked(Enumerator('kiki', 'foo', 'bar').through(Comet({ callback: 'parent.cometMessage' })))
)

/** The page that loads `/comet` in a hidden iframe and shows what arrives. */
export const page = `<!DOCTYPE html>
<title>Comet</title>
<ul id="messages"></ul>
<script>
  function cometMessage(m) {
    var li = document.createElement('li'); li.textContent = m; document.getElementById('messages').appendChild(li)
  }
</script>
<iframe src="/comet" hidden></iframe>
`
