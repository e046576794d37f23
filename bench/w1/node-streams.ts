import { Readable, Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

import type { Implementation } from '../types'
import type { Input } from './workload'

const implementation: Implementation<Input, number> = {
  name: 'node streams (object mode)',
  run: async (arr) => {
    let sum = 0
    await pipeline(
      Readable.from(arr),
      new Transform({
        objectMode: true,
        transform(x: number, _enc, cb) {
          cb(null, x * 2)
        }
      }),
      new Transform({
        objectMode: true,
        transform(x: number, _enc, cb) {
          if (x % 3 === 0) cb(null, x)
          else cb()
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
