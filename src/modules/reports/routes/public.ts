import type { FastifyInstance } from 'fastify'
import { findPublicPartnership } from '../../../platform/front-page.js'
import { render } from '../../../platform/http/web.js'
import { PUBLIC } from '../../../platform/permissions.js'
import { yearLabel } from '../blocks.js'
import { reportBodyHtml } from '../render/html.js'
import { PublicParams, SlugParams, startYearOf } from '../schema.js'
import { publishedArchive, publishedContent, publishedImage } from '../service.js'
import { sendReport } from './downloads.js'
import { sendImage } from './images.js'
import { idOf, view, type Deps } from './shared.js'

/**
 * The partnership's published reports, for anyone: `/p/<slug>/reports` (the archive of every
 * year) and `/p/<slug>/reports/<2016-17>` with its PDF. Only frozen, published versions are shown.
 */
export function registerPublicRoutes(app: FastifyInstance, { db }: Deps): void {
  const open = { config: { access: PUBLIC } }

  app.get('/p/:slug/reports', open, async (request, reply) => {
    const params = SlugParams.safeParse(request.params)
    const partnership = params.success
      ? await findPublicPartnership(db, { slug: params.data.slug })
      : undefined
    if (!partnership) return reply.callNotFound()
    const rows = await publishedArchive(db, partnership.id)
    const seen = new Set<string>()
    const reports = rows
      .filter(r => !seen.has(`${r.startYear}${r.kind}`) && seen.add(`${r.startYear}${r.kind}`))
      .map(r => ({
        ...r,
        year: yearLabel(r.startYear),
        path: `${yearLabel(r.startYear).replace('/', '-')}${r.kind === 'full' ? '' : '/young-people'}`,
      }))
    return render(request, reply, view('public-archive'), {
      title: `Annual reports – ${partnership.name}`,
      partnership,
      reports,
    })
  })

  app.get('/p/:slug/report-images/:id', open, async (request, reply) => {
    const params = SlugParams.safeParse({ slug: (request.params as { slug?: unknown }).slug })
    const partnership = params.success
      ? await findPublicPartnership(db, { slug: params.data.slug })
      : undefined
    const id = idOf(request)
    if (!partnership || !id) return reply.callNotFound()
    return sendImage(reply, await publishedImage(db, partnership.id, id))
  })

  async function load(params: unknown, kind: 'full' | 'young-people') {
    const parsed = PublicParams.safeParse(params)
    if (!parsed.success) return null
    const startYear = startYearOf(parsed.data.year)
    const partnership = await findPublicPartnership(db, { slug: parsed.data.slug })
    if (!partnership || startYear === null) return null
    const content = await publishedContent(db, partnership.id, startYear, kind)
    return content ? { partnership, content, year: parsed.data.year } : null
  }

  for (const [kind, suffix] of [
    ['full', ''],
    ['young-people', '/young-people'],
  ] as const) {
    app.get(`/p/:slug/reports/:year${suffix}`, open, async (request, reply) => {
      const found = await load(request.params, kind)
      if (!found) return reply.callNotFound()
      const { partnership, content, year } = found
      return render(request, reply, view('public-report'), {
        title: `${content.title} – ${partnership.name}`,
        partnership,
        content,
        bodyHtml: reportBodyHtml(content, id => `/p/${partnership.slug}/report-images/${id}`),
        pdfLink: `/p/${partnership.slug}/reports/${year}${suffix}/pdf`,
        archiveLink: `/p/${partnership.slug}/reports`,
      })
    })

    app.get(`/p/:slug/reports/:year${suffix}/pdf`, open, async (request, reply) => {
      const found = await load(request.params, kind)
      if (!found) return reply.callNotFound()
      return sendReport(
        reply,
        found.content,
        'pdf',
        `annual-report-${found.year}${suffix ? '-young-people' : ''}`,
      )
    })
  }
}
