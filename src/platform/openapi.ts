/**
 * The OpenAPI description of /api/v1. A test checks that every API route is described here and
 * that nothing described is missing from the app.
 */

export interface OpenApiOperation {
  summary: string
  description?: string
  parameters?: readonly { name: string; in: string; required?: boolean; description?: string }[]
}

const errorResponse = {
  description: 'Error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
}
const standardErrors = {
  '400': { ...errorResponse, description: 'Invalid parameters' },
  '401': { ...errorResponse, description: 'No valid token' },
  '403': { ...errorResponse, description: 'The token holder’s roles do not allow this' },
}

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Keepsafe API',
    version: '1.0.0',
    description:
      'The Keepsafe API for safeguarding children partnerships. Authenticate with a personal API token (Your account > Personal API tokens) sent as `Authorization: Bearer <token>`. A token acts with its holder’s roles in one partnership; every call is subject to the same permissions and audit as the web pages.',
  },
  servers: [{ url: '/' }],
  security: [{ bearerAuth: [] }],
  components: {
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: { type: 'string' },
          message: { type: 'string' },
          requestId: { type: 'string' },
        },
        required: ['error', 'message'],
      },
      Me: {
        type: 'object',
        properties: {
          userId: { type: 'string', format: 'uuid' },
          email: { type: 'string' },
          displayName: { type: 'string' },
          partnershipId: { type: 'string', format: 'uuid' },
          partnershipName: { type: 'string' },
          roles: { type: 'array', items: { type: 'string' } },
        },
      },
      Agency: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          name: { type: 'string' },
          sector: { type: 'string' },
          isActive: { type: 'boolean' },
        },
      },
      Holiday: {
        type: 'object',
        properties: {
          date: { type: 'string', format: 'date' },
          name: { type: 'string' },
          isBuiltIn: { type: 'boolean' },
        },
      },
      DatasetSection: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          title: { type: 'string' },
          help: { type: 'array', items: { type: 'string' } },
          figures: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                label: { type: 'string' },
                numerator: { type: 'integer' },
                denominator: { type: ['integer', 'null'] },
                rate: { type: ['number', 'null'] },
              },
            },
          },
        },
      },
      AuditEvent: {
        type: 'object',
        properties: {
          seq: { type: 'string' },
          occurredAt: { type: 'string', format: 'date-time' },
          userId: { type: ['string', 'null'] },
          action: { type: 'string' },
          resourceType: { type: 'string' },
          resourceId: { type: ['string', 'null'] },
          childId: { type: ['string', 'null'] },
          fields: {},
          detail: {},
        },
      },
    },
  },
  paths: {
    '/api/v1/me': {
      get: {
        summary: 'Who the token acts as',
        responses: {
          '200': {
            description: 'The token holder',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Me' } } },
          },
          ...standardErrors,
        },
      },
    },
    '/api/v1/agencies': {
      get: {
        summary: 'The partnership’s agencies',
        responses: {
          '200': {
            description: 'Agencies',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    agencies: { type: 'array', items: { $ref: '#/components/schemas/Agency' } },
                  },
                },
              },
            },
          },
          ...standardErrors,
        },
      },
    },
    '/api/v1/bank-holidays': {
      get: {
        summary: 'Bank holidays of a year: England and Wales, and the partnership’s own',
        parameters: [
          {
            name: 'year',
            in: 'query',
            required: true,
            schema: { type: 'integer', minimum: 2000, maximum: 2100 },
          },
        ],
        responses: {
          '200': {
            description: 'Holidays',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    holidays: { type: 'array', items: { $ref: '#/components/schemas/Holiday' } },
                  },
                },
              },
            },
          },
          ...standardErrors,
        },
      },
    },
    '/api/v1/working-days': {
      get: {
        summary: 'Working-day arithmetic on the partnership’s calendar',
        description:
          'With `days`: the date that many working days after `from`. With `to`: the working days after `from` up to and including `to`.',
        parameters: [
          { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
          {
            name: 'days',
            in: 'query',
            required: false,
            schema: { type: 'integer', minimum: -3650, maximum: 3650 },
          },
          { name: 'to', in: 'query', required: false, schema: { type: 'string', format: 'date' } },
        ],
        responses: {
          '200': {
            description: 'Result',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    from: { type: 'string' },
                    date: { type: 'string' },
                    workingDays: { type: 'integer' },
                  },
                },
              },
            },
          },
          ...standardErrors,
        },
      },
    },
    '/api/v1/dataset/figures': {
      get: {
        summary: 'The multi-agency dataset’s figures for a period',
        description:
          'Counts and rates computed from the records for the dates `from` to `to` (at most 5 years): each figure has a numerator, a denominator (null for a plain count) and a rate in percent (null when the denominator is 0 or null). Each section’s `help` says how its figures are computed. No child is listed. Each call is audited as an export.',
        parameters: [
          { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
          { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
        ],
        responses: {
          '200': {
            description: 'Figures by section',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    period: {
                      type: 'object',
                      properties: {
                        from: { type: 'string', format: 'date' },
                        to: { type: 'string', format: 'date' },
                        label: { type: 'string' },
                      },
                    },
                    sections: {
                      type: 'array',
                      items: { $ref: '#/components/schemas/DatasetSection' },
                    },
                  },
                },
              },
            },
          },
          ...standardErrors,
        },
      },
    },
    '/api/v1/audit-events': {
      get: {
        summary: 'Search the partnership’s audit trail (auditors)',
        parameters: [
          {
            name: 'user',
            in: 'query',
            schema: { type: 'string' },
            description: 'Email address of the person who acted',
          },
          {
            name: 'action',
            in: 'query',
            schema: { type: 'string' },
            description: 'Action, or its start (e.g. sign-in)',
          },
          { name: 'resourceType', in: 'query', schema: { type: 'string' } },
          { name: 'record', in: 'query', schema: { type: 'string' } },
          { name: 'child', in: 'query', schema: { type: 'string' } },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } },
        ],
        responses: {
          '200': {
            description: 'Events, newest first',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    events: { type: 'array', items: { $ref: '#/components/schemas/AuditEvent' } },
                  },
                },
              },
            },
          },
          ...standardErrors,
        },
      },
    },
  },
} as const
