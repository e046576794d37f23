/**
 * effect 4 is ESM-only and exposes itself only through package.json `exports`, which the
 * project's `moduleResolution: node` cannot see. So the types come from the file, and the value
 * is loaded by Node itself (`require` of an ES module works from Node 20.19 on).
 */
import { createRequire } from 'node:module'

import type * as EffectModule from 'effect/dist/index'

export const { Effect, Stream } = createRequire(__filename)('effect') as typeof EffectModule
