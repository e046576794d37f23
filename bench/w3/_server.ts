/**
 * W3's implementations differ only in their request listener: this builds an `Implementation` from one. Its `setup`
 * starts an HTTP server on 127.0.0.1 (port 0), `run` has the client fetch one whole response and returns the number
 * of messages counted, and `teardown` closes the server and every connection within a bounded time.
 */
import type { RequestListener, Server, ServerResponse } from 'node:http'
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

/** Resolves true on 'drain', false when the response closes first (the client went away). */
export const drained = (res: ServerResponse): Promise<boolean> =>
  new Promise((resolve) => {
    const done = (ok: boolean): void => {
      res.removeListener('drain', onDrain)
      res.removeListener('close', onClose)
      resolve(ok)
    }
    const onDrain = (): void => done(true)
    const onClose = (): void => done(false)
    res.on('drain', onDrain)
    res.on('close', onClose)
  })

/** What a raw loop writes: its content type, an optional first chunk, and each message's chunk. */
export interface RawOptions {
  readonly name: string
  readonly pattern: string
  readonly contentType: string
  readonly preamble?: string
  readonly render: (message: string) => string
}

/** A raw server: the head, then a plain `res.write` loop over the messages that waits for 'drain' when it must. */
export const rawLoop = ({ name, pattern, contentType, preamble, render }: RawOptions): Implementation<Input, number> =>
  implementation({
    name,
    pattern,
    listener: (input) => {
      const messages = input.messages
      return (_req, res) => {
        const send = async (): Promise<void> => {
          res.writeHead(200, {
            'Content-Type': contentType,
            'Cache-Control': 'no-cache, no-transform',
            'X-Accel-Buffering': 'no'
          })
          if (preamble !== undefined && !res.write(preamble) && !(await drained(res))) return
          for (let i = 0; i < messages.length; i++) {
            if (!res.write(render(messages[i])) && !(await drained(res))) return
          }
          res.end()
        }
        send().catch(() => res.destroy())
      }
    }
  })
