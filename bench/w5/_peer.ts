/**
 * W5's second server process: serves the implementation of the file given in argv (its `serve`, the same as the
 * bench child's) on 127.0.0.1, port 0, on the Redis given in argv; reports its port over IPC, and exits when its IPC
 * channel closes, so that it never outlives the benchmark.
 */
import type { AddressInfo } from 'node:net'

import { close, listen } from '../lib/server'
import { BACKLOG, type W5Implementation } from './_server'

const main = async (): Promise<void> => {
  const [file, redisUrl] = process.argv.slice(2)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const impl = (require(file) as { default: W5Implementation }).default
  const served = await impl.serve(redisUrl, (e) => {
    console.error('W5 peer:', e)
    process.exit(1)
  })
  const server = await listen(served.listener, BACKLOG)
  process.once('disconnect', () => {
    Promise.all([close(server), served.close()]).finally(() => process.exit(0))
  })
  process.send?.({ port: (server.address() as AddressInfo).port })
}

main().catch((e: unknown) => {
  process.send?.({ error: e instanceof Error ? e.message : String(e) })
  process.exit(1)
})
