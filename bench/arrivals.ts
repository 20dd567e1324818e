/**
 * Open-loop load: requests arrive at random moments at a given average rate (a Poisson process,
 * as from many people acting independently), whether or not earlier ones have been answered. Each
 * latency runs from the moment the request was due to arrive, so a slow server cannot hide its
 * queue by slowing the load down (no coordinated omission).
 *
 * Why not autocannon's `overallRate`: it gives each connection a quota per second and refills
 * every connection's quota on the same timer, so 50 connections at 50 a second send 50 requests
 * in the same millisecond, once a second. Fifty people using a page do not act in step; that
 * load measures a burst, which the flat-out runs already measure.
 */
import { Agent, request as httpRequest } from 'node:http'
import { SeededRandom } from '../src/platform/random.js'

export interface ArrivingRequest {
  method: 'GET' | 'POST'
  path: string
  headers: Record<string, string>
  body?: string
}

export interface ArrivalsOptions {
  base: string
  ratePerSecond: number
  /** At most this many requests in flight; later arrivals wait for a free connection. */
  connections: number
  /** As many arrivals as the rate makes in `seconds`, or `count`, whichever is fewer. */
  seconds?: number
  count?: number
  expectedStatus: number
  /** The request for arrival number `index` (from 0). */
  requestFor(index: number): ArrivingRequest
  seed?: number
}

export interface ArrivalsResult {
  requests: number
  seconds: number
  failures: number
  latencies: Float64Array
}

const TIMEOUT_MS = 60_000

export async function runArrivals(options: ArrivalsOptions): Promise<ArrivalsResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections })
  const random = new SeededRandom(options.seed ?? 17)
  const count = Math.min(
    options.count ?? Infinity,
    Math.round((options.seconds ?? Infinity) * options.ratePerSecond),
  )
  const gaps = arrivalGaps(random, count, options.ratePerSecond)
  const latencies: number[] = []
  const answers: Promise<void>[] = []
  let failures = 0
  const started = performance.now()
  let dueAt = started
  for (let index = 0; index < count; index += 1) {
    dueAt += gaps[index] ?? 0
    const wait = dueAt - performance.now()
    if (wait > 1) await new Promise(resolve => setTimeout(resolve, wait))
    const arrival = dueAt
    answers.push(
      send(agent, options.base, options.requestFor(index)).then(status => {
        if (status === options.expectedStatus) latencies.push(performance.now() - arrival)
        else failures += 1
      }),
    )
  }
  await Promise.all(answers)
  agent.destroy()
  return {
    requests: latencies.length + failures,
    seconds: (performance.now() - started) / 1000,
    failures,
    latencies: Float64Array.from(latencies),
  }
}

/**
 * Milliseconds between arrivals: exponential, as in a Poisson process, then scaled so that the
 * run's average rate is exactly the one asked for (a short run's sample would otherwise be off by
 * a few per cent either way).
 */
function arrivalGaps(random: SeededRandom, count: number, ratePerSecond: number): number[] {
  const gaps = Array.from({ length: count }, () => -Math.log(1 - random.next()))
  const sum = gaps.reduce((total, gap) => total + gap, 0)
  const scale = sum > 0 ? ((count / ratePerSecond) * 1000) / sum : 0
  return gaps.map(gap => gap * scale)
}

/** The response's status once its body has been read, or 0 for an error or a timeout. */
function send(agent: Agent, base: string, arriving: ArrivingRequest): Promise<number> {
  return new Promise(resolve => {
    const outgoing = httpRequest(
      new URL(arriving.path, base),
      { method: arriving.method, headers: arriving.headers, agent, timeout: TIMEOUT_MS },
      response => {
        response.resume()
        response.once('end', () => {
          resolve(response.statusCode ?? 0)
        })
        response.once('error', () => {
          resolve(0)
        })
      },
    )
    outgoing.once('timeout', () => outgoing.destroy())
    outgoing.once('error', () => {
      resolve(0)
    })
    outgoing.end(arriving.body)
  })
}
