/**
 * Test helper: a real `redis-server` (Debian's package), started for the tests on 127.0.0.1 with a free port,
 * without persistence (`--save '' --appendonly no`: a restart loses the data, as a crash of a cache would), and
 * stopped by its PID. `bench/w5` uses it too.
 *
 * `describeWithRedis(name, (redis) => { … })` starts one server for the suite and stops it afterwards. When the binary
 * is missing the suite is skipped with a message, except in CI (`process.env.CI` set), where it fails: a missing
 * server must not silently test nothing.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import * as net from 'node:net'
import { tmpdir } from 'node:os'
import * as path from 'node:path'

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server']

/** The redis-server binary, or undefined. */
export const redisServerPath = (): string | undefined => {
  for (const p of CANDIDATES) if (existsSync(p)) return p
  try {
    const found = execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim()
    return found === '' ? undefined : found
  } catch {
    return undefined
  }
}

export interface RedisServer {
  readonly port: number
  /** `redis://127.0.0.1:PORT` */
  readonly url: string
  /** The server process's id, while it runs. */
  readonly pid: () => number | undefined
  /** Kills the server (SIGKILL: a crash, no goodbye to clients) and waits until it has exited. */
  readonly kill: () => Promise<void>
  /** Starts it again on the same port (empty: nothing was saved). */
  readonly restart: () => Promise<void>
  /** Stops it for good and removes its directory. */
  readonly stop: () => Promise<void>
}

/** A port nothing listens on now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })

const READY = /Ready to accept connections/

/** Starts redis-server on `port` in `dir`; resolves once it accepts connections. */
const launch = (binary: string, port: number, dir: string): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--daemonize',
        'no',
        '--loglevel',
        'notice'
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let log = ''
    const timer = setTimeout(() => fail(new Error(`redis-server did not start within 10 s:\n${log}`)), 10_000)
    const onData = (b: Buffer): void => {
      log += b.toString('utf8')
      if (READY.test(log)) {
        cleanup()
        // keep draining its output, or it could block on a full pipe
        child.stdout?.resume()
        child.stderr?.resume()
        resolve(child)
      }
    }
    const onExit = (code: number | null): void => fail(new Error(`redis-server exited (code ${code}):\n${log}`))
    const cleanup = (): void => {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.stderr?.off('data', onData)
      child.off('exit', onExit)
      child.off('error', fail)
    }
    const fail = (e: Error): void => {
      cleanup()
      child.kill('SIGKILL')
      reject(e)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', onExit)
    child.once('error', fail)
  })

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()))

/** Starts a redis-server on a free port of 127.0.0.1. */
export const startRedis = async (): Promise<RedisServer> => {
  const binary = redisServerPath()
  if (binary === undefined) throw new Error('redis-server not found (apt-get install -y redis-server)')
  const dir = mkdtempSync(path.join(tmpdir(), 'play-iteratees-ts-redis-'))
  const port = await freePort()
  let child: ChildProcess | undefined = await launch(binary, port, dir)
  // a test that dies must not leave its server behind
  const killOnExit = (): void => {
    child?.kill('SIGKILL')
  }
  process.once('exit', killOnExit)
  const kill = async (): Promise<void> => {
    const c = child
    child = undefined
    if (c === undefined) return
    c.kill('SIGKILL')
    await exited(c)
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: () => child?.pid,
    kill,
    restart: async () => {
      await kill()
      child = await launch(binary, port, dir)
    },
    stop: async () => {
      process.removeListener('exit', killOnExit)
      await kill()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

const inCI = (): boolean => Boolean(process.env.CI)

/**
 * A `describe` whose tests get a running redis-server through `redis()`. Skipped with the reason when the binary is
 * missing outside CI; in CI a missing binary fails the suite.
 */
export const describeWithRedis = (name: string, body: (redis: () => RedisServer) => void): void => {
  const missing =
    redisServerPath() === undefined ? 'redis-server not found (apt-get install -y redis-server)' : undefined
  if (missing !== undefined && !inCI()) {
    console.warn(`Skipping Redis tests "${name}": ${missing}`)
    describe.skip(`${name} (skipped: ${missing})`, () =>
      body(() => {
        throw new Error(missing)
      }))
    return
  }
  describe(name, () => {
    let server: RedisServer | undefined
    beforeAll(async () => {
      if (missing !== undefined) throw new Error(`${missing}; CI is set, so Redis tests fail instead of skipping`)
      server = await startRedis()
    }, 30_000)
    afterAll(async () => {
      await server?.stop()
    })
    body(() => {
      if (server === undefined) throw new Error('redis-server is not started yet (use it inside a test or hook)')
      return server
    })
  })
}
