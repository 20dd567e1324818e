import cluster from 'node:cluster'
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import {
  AggregatorRegistry,
  Counter,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type RegistryContentType,
} from 'prom-client'

const ASK = 'keepsafe:cluster-metrics'
const ANSWER = 'keepsafe:cluster-metrics-answer'
/** How long a worker waits for the supervisor's sum before answering with its own figures. */
const CLUSTER_ANSWER_MS = 3000

interface MetricsMessage {
  type?: string
  id?: string
  text?: string
}

/** Prometheus metrics, labelled by route pattern (never by URL, which could carry identifiers). */
export class Metrics {
  readonly registry = new Registry()
  private readonly requests: Counter
  private readonly durations: Histogram

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'keepsafe_' })
    this.requests = new Counter({
      name: 'keepsafe_http_requests_total',
      help: 'HTTP requests by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    })
    this.durations = new Histogram({
      name: 'keepsafe_http_request_duration_seconds',
      help: 'HTTP request duration by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    })
    if (cluster.isWorker) answerSupervisor(this.registry)
  }

  observe(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched'
      this.requests.inc({ method: request.method, route, status: String(reply.statusCode) })
      this.durations.observe({ method: request.method, route }, reply.elapsedTime / 1000)
    })
  }

  /** This process's figures, or in a cluster every server process's, summed by the supervisor. */
  render(): Promise<string> {
    return cluster.isWorker && process.send ? askSupervisor(this.registry) : this.registry.metrics()
  }
}

let workerAggregator: AggregatorRegistry<RegistryContentType> | null = null

/**
 * In a worker: the supervisor asks every worker for this registry (prom-client's protocol, whose
 * worker side listens once an AggregatorRegistry has been made in the process).
 */
function answerSupervisor(registry: Registry): void {
  workerAggregator ??= new AggregatorRegistry()
  AggregatorRegistry.setRegistries([registry])
}

function askSupervisor(own: Registry): Promise<string> {
  const id = randomUUID()
  return new Promise(resolve => {
    const done = (text: string | Promise<string>) => {
      clearTimeout(timer)
      process.off('message', listen)
      resolve(text)
    }
    const listen = (message: MetricsMessage) => {
      if (message.type === ANSWER && message.id === id) done(message.text ?? '')
    }
    const timer = setTimeout(() => done(own.metrics()), CLUSTER_ANSWER_MS)
    process.on('message', listen)
    process.send?.({ type: ASK, id })
  })
}

/** In the cluster's supervisor: answers a worker's request for every worker's metrics, summed. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry()
  cluster.on('message', (worker, message: MetricsMessage) => {
    if (message.type !== ASK) return
    aggregator.clusterMetrics().then(
      text => worker.send({ type: ANSWER, id: message.id, text }),
      () => undefined, // the worker answers with its own figures after its wait
    )
  })
}
