import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ZodError } from 'zod'
import { firstProblem } from '../query.js'
import { Refused } from '../refusal.js'
import { isApiRequest } from './access.js'
import { render } from './web.js'

interface ErrorPage {
  status: number
  title: string
  message: string
}

/** What a person sees for each kind of failure: plain words, nothing from inside the server. */
function describe(error: FastifyError): ErrorPage {
  // Errors we throw ourselves (AccessDenied) or from libraries may carry no code.
  const code = (error as Partial<FastifyError>).code ?? ''
  const status = error.statusCode ?? 500
  if (code.startsWith('FST_CSRF')) {
    return {
      status: 403,
      title: 'Your form has expired',
      message:
        'For your security, the form could not be sent. Go back, reload the page and try again. Nothing was saved.',
    }
  }
  if (status === 413 || code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      status: 413,
      title: 'What you sent is too large',
      message: 'Nothing was saved. Send less data and try again.',
    }
  }
  if (status === 415) {
    return {
      status: 415,
      title: 'This kind of content is not accepted',
      message: 'Send a form or JSON. Nothing was saved.',
    }
  }
  if (status === 429) {
    return {
      status: 429,
      title: 'Too many attempts',
      message: 'Wait a minute before you try again.',
    }
  }
  if (status === 403) {
    return {
      status: 403,
      title: 'You do not have permission to see this page',
      message:
        'Your roles in this partnership do not allow it. If you need access, ask your partnership administrator.',
    }
  }
  if (error instanceof Refused) {
    // A refusal nobody turned into a form error: its message is written for people.
    return {
      status: 400,
      title: 'There is a problem',
      message: `${error.message}. Nothing was saved.`,
    }
  }
  if (error instanceof ZodError) {
    // A query string or form a schema refused and the route did not answer itself.
    return {
      status: 400,
      title: 'There is a problem with the web address',
      message: firstProblem(error),
    }
  }
  if (status >= 400 && status < 500) {
    return {
      status: 400,
      title: 'There is a problem with what was sent',
      message:
        'The request could not be understood (for example, malformed JSON or form values). Nothing was saved.',
    }
  }
  return {
    status: 500,
    title: 'Sorry, there is a problem with the service',
    message: 'Try again later. What you entered has not been saved.',
  }
}

export function registerErrorPages(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const page = describe(error)
    if (page.status >= 500) {
      request.log.error({ err: error, reqId: request.id }, 'request failed')
    } else {
      request.log.info(
        { reqId: request.id, status: page.status, code: error.code },
        'request refused',
      )
    }
    return sendError(request, reply, page)
  })

  app.setNotFoundHandler(async (request, reply) =>
    sendError(request, reply, {
      status: 404,
      title: 'Page not found',
      message:
        'If you typed the web address, check it is correct. If you pasted it, check you copied the entire address.',
    }),
  )
}

async function sendError(request: FastifyRequest, reply: FastifyReply, page: ErrorPage) {
  if (
    isApiRequest(request) ||
    (!request.headers.accept?.includes('html') && request.headers['content-type']?.includes('json'))
  ) {
    return reply
      .code(page.status)
      .send({ error: page.title, message: page.message, requestId: request.id })
  }
  return render(request, reply, 'errors/error.njk', { page, requestId: request.id }, page.status)
}
