import type { FastifyInstance } from 'fastify'
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

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
  }

  observe(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched'
      this.requests.inc({ method: request.method, route, status: String(reply.statusCode) })
      this.durations.observe({ method: request.method, route }, reply.elapsedTime / 1000)
    })
  }

  render(): Promise<string> {
    return this.registry.metrics()
  }
}
