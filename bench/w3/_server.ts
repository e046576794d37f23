/**
 * W3's implementations differ only in their request listener: this builds an `Implementation` from one. Its `setup`
 * starts an HTTP server on 127.0.0.1 (port 0), `run` has the client fetch one whole response and returns the number
 * of messages counted, and `teardown` closes the server and every connection within a bounded time.
 */
import type { RequestListener, Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import { close, listen } from '../lib/server'
import type { Implementation } from '../types'
import type { Input } from './workload'

export interface Options {
  /** The row label (written `name: '…'` in the file, so that the harness finds it even when the file fails). */
  readonly name: string
  /** What the client counts, one per message. */
  readonly pattern: string
  /** The request listener, made once per process from the input. */
  readonly listener: (input: Input) => RequestListener
}

export const implementation = ({ name, pattern, listener }: Options): Implementation<Input, number> => {
  let server: Server | undefined
  return {
    name,
    setup: async (input) => {
      server = await listen(listener(input))
    },
    run: async (input) => {
      if (server === undefined) throw new Error('no server: setup did not run')
      const r = await input.client.fetch((server.address() as AddressInfo).port, '/', pattern)
      if (!/^HTTP\/1\.1 200 /.test(r.status)) throw new Error(`W3: got ${JSON.stringify(r.status)}`)
      if (!r.chunked) throw new Error('W3: the response is not chunked')
      if (!r.complete) throw new Error(`W3: the response was cut (${r.count} messages, ${r.bytes} bytes)`)
      return r.count
    },
    teardown: async () => {
      const s = server
      server = undefined
      if (s !== undefined) await close(s)
    }
  }
}
