/**
 * The OpenAPI description of /api/v1, generated from the routes themselves. An API route says
 * what it is in its route config, beside its access rule:
 *
 *   app.get('/api/v1/things', {
 *     config: {
 *       access: permission('thing', 'read'),
 *       api: { summary: 'The things', query: ThingsQuery, response: ThingsResponse },
 *     },
 *   }, handler)
 *
 * `query` is the Zod schema the handler reads the query string with and `response` a Zod schema
 * of the JSON it answers; the document is built from them with zod-openapi. A test checks that
 * every /api/v1 route is described, with its parameters and responses.
 */
import type { FastifyInstance, RouteOptions } from 'fastify'
import { z } from 'zod'
import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi'

export interface ApiDescription {
  summary: string
  description?: string
  /** The schema the handler parses the query string with (a `queryObject` or a plain object). */
  query?: z.ZodType
  /** The JSON the route answers with (200). */
  response: z.ZodType
  /** What the 200 answer holds, in a few words. */
  responseDescription?: string
}

export interface ApiRoute {
  method: string
  url: string
  api?: ApiDescription
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's OpenAPI description: required on every /api/v1 route. */
    api?: ApiDescription
  }
  interface FastifyInstance {
    /** The /api/v1 routes of the app, as registered, for the OpenAPI document. */
    apiRoutes: ApiRoute[]
  }
}

const API_PREFIX = '/api/v1/'
const DOCUMENT_URL = '/api/v1/openapi.json'

/** Keeps the app's /api/v1 routes, with their descriptions, as they are registered. */
export function collectApiRoutes(app: FastifyInstance): void {
  const routes: ApiRoute[] = []
  app.decorate('apiRoutes', routes)
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith(API_PREFIX) || route.url === DOCUMENT_URL) return
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, api: route.config?.api })
    }
  })
}

const ErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  requestId: z.string().optional(),
})

const INFO = {
  title: 'Keepsafe API',
  version: '1.0.0',
  description:
    'The Keepsafe API for safeguarding children partnerships. Authenticate with a personal API token (Your account > Personal API tokens) sent as `Authorization: Bearer <token>`. A token acts with its holder’s roles in one partnership; every call is subject to the same permissions and audit as the web pages.',
}

/** The OpenAPI 3.1 document of the described routes. */
export function openApiDocument(routes: readonly ApiRoute[]) {
  const paths: ZodOpenApiPathsObject = {}
  for (const { method, url, api } of routes) {
    if (!api) continue
    paths[url] = {
      ...paths[url],
      [method.toLowerCase()]: {
        summary: api.summary,
        ...(api.description ? { description: api.description } : {}),
        ...(api.query ? { requestParams: { query: queryShape(api.query) } } : {}),
        responses: {
          '200': {
            description: api.responseDescription ?? 'The answer',
            content: { 'application/json': { schema: api.response } },
          },
          '400': errorResponse('Invalid parameters'),
          '401': errorResponse('No valid token'),
          '403': errorResponse('The token holder’s roles do not allow this'),
        },
      },
    }
  }
  return createDocument({
    openapi: '3.1.0',
    info: INFO,
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: ErrorBody },
    },
    paths,
  })
}

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: ErrorBody } } }
}

/**
 * The object a query schema reads: `queryObject` wraps it in a pipe (first refusing repeated
 * and unknown parameters), so its parameters are those of the pipe's output.
 */
function queryShape(schema: z.ZodType): z.ZodObject {
  if (schema instanceof z.ZodObject) return schema
  if (schema instanceof z.ZodPipe) return queryShape(schema.out as z.ZodType)
  throw new Error('An API route’s query schema must be an object or a queryObject')
}

export interface DocumentedOperation {
  method: string
  path: string
  summary: string
  description: string
  parameters: { name: string; in: string; required: boolean; description: string }[]
}

/** The operations of the document, for the readable page at /api/docs. */
export function documentedOperations(
  document: ReturnType<typeof openApiDocument>,
): DocumentedOperation[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    (['get', 'post', 'put', 'patch', 'delete'] as const).flatMap(method => {
      const operation = item[method]
      if (!operation) return []
      return [
        {
          method: method.toUpperCase(),
          path,
          summary: operation.summary ?? '',
          description: operation.description ?? '',
          parameters: (operation.parameters ?? []).flatMap(parameter =>
            'name' in parameter
              ? [
                  {
                    name: parameter.name,
                    in: parameter.in,
                    required: parameter.required ?? false,
                    description: parameter.description ?? '',
                  },
                ]
              : [],
          ),
        },
      ]
    }),
  )
}
