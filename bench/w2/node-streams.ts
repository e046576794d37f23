import { Readable, Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

import type { Implementation } from '../types'
import type { Input } from './workload'

const implementation: Implementation<Input, number> = {
  name: 'node streams (async Transform)',
  run: async (arr) => {
    let sum = 0
    await pipeline(
      Readable.from(arr),
      new Transform({
        objectMode: true,
        transform(x: number, _enc, cb) {
          Promise.resolve(x * 2).then(
            (y) => cb(null, y),
            (e: Error) => cb(e)
          )
        }
      }),
      new Writable({
        objectMode: true,
        write(x: number, _enc, cb) {
          sum += x
          cb()
        }
      })
    )
    return sum
  }
}

export default implementation
