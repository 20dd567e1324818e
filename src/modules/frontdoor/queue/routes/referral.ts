import type { ContactChannel } from '../../table.js'
import { CHANNEL_NAMES, concernTypeNames } from '../../schema/contact.js'
import { duplicatesModel } from '../duplicates-model.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { inPartnership, type Db } from '../../../../db/database.js'
import { recordAudit } from '../../../../platform/audit.js'
import type { GovukErrors } from '../../../../platform/forms.js'
import { actorOf } from '../../../../platform/http/access.js'
import { londonToday } from '../../../../platform/calendar.js'
import { render } from '../../../../platform/http/web.js'
import { can, permission, scopeFor } from '../../../../platform/permissions.js'
import { frontDoorSettings, matchReferralChildren } from '../../decisions.js'
import {
  findReferral,
  listActiveAgencies,
  listChecksOfReferral,
  listReferralChildren,
} from '../../repo.js'
import { DECISION_NAMES, RAG_NAMES, ReferralParams } from '../../schema.js'
import { SOURCE_NAMES, STATUS_NAMES, type FrontdoorDeps } from '../../routes/shared.js'
import {
  checksModel,
  defaultReferralSource,
  matchingModel,
  outcomeRows,
  primaryNeedItems,
  referralSections,
  concernSummary,
  referralSourceItems,
} from '../referral-page.js'

export interface ReferralPageState {
  errors?: GovukErrors
  form?: Record<string, unknown>
  statusCode?: number
}

/** The referral page: what was referred, and for the front door its triage and decision. */
export function referralPage(db: Db) {
  return async function showReferral(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: ReferralPageState = {},
  ) {
    const actor = actorOf(request)
    const ownOnly = scopeFor(actor.roles, 'referral', 'read') !== 'partnership'
    const canTriage = can(actor.roles, 'referral', 'update')
    const canRequestChecks = can(actor.roles, 'referral-check', 'create')
    const query = request.query as Record<string, unknown>
    const identifiers: Record<string, string> = {}
    for (const [key, value] of Object.entries(query)) {
      if (key.startsWith('identifier-') && typeof value === 'string') {
        identifiers[key.slice('identifier-'.length)] = value
      }
    }
    const found = await inPartnership(db, actor, async trx => {
      const referral = await findReferral(
        trx,
        actor.partnershipId,
        id,
        ownOnly ? actor.userId : undefined,
      )
      if (!referral) return undefined
      const children = await listReferralChildren(trx, actor.partnershipId, referral.id)
      const matching = canTriage
        ? await matchReferralChildren(trx, actor.partnershipId, children, identifiers)
        : []
      const linked = children.flatMap(child => (child.childId ? [child.childId] : []))
      // Every view of a referral is recorded, with the child records it shows.
      await recordAudit(trx, {
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        action: 'referral.viewed',
        resourceType: 'referral',
        resourceId: referral.id,
        childId: null,
        ...(canTriage && linked.length ? { detail: { childIds: linked } } : {}),
        requestId: request.id,
      })
      const checks = canRequestChecks
        ? {
            list: await listChecksOfReferral(trx, actor.partnershipId, referral.id),
            agencies: await listActiveAgencies(trx, actor.partnershipId),
          }
        : undefined
      const duplicates = canTriage
        ? await duplicatesModel(trx, actor.partnershipId, referral, londonToday())
        : undefined
      return { referral, children, matching, checks, duplicates }
    })
    if (!found) return reply.callNotFound()
    const { referral } = found
    const settings = canTriage ? await frontDoorSettings(db, actor) : undefined
    return render(
      request,
      reply,
      'frontdoor/views/referral.njk',
      {
        title: `Referral ${referral.reference}`,
        referral,
        sourceNames: SOURCE_NAMES,
        statusNames: STATUS_NAMES,
        decisionNames: DECISION_NAMES,
        ragNames: RAG_NAMES,
        concern: concernSummary(found.referral, found.children, londonToday()),
        sections: referralSections(found.referral, found.children),
        outcome: outcomeRows(referral, !canTriage),
        triage: canTriage
          ? {
              settings,
              canAuthorise: can(actor.roles, 'referral-authorisation', 'create'),
              decisionItems: Object.entries(DECISION_NAMES).map(([value, text]) => ({
                value,
                text,
                checked: state.form?.decision === value,
              })),
              referralSourceItems: referralSourceItems(
                typeof state.form?.referralSource === 'string'
                  ? state.form.referralSource
                  : defaultReferralSource(referral),
              ),
              primaryNeedItems: primaryNeedItems(
                typeof state.form?.primaryNeed === 'string' ? state.form.primaryNeed : '',
              ),
              allLinked: found.children.every(child => child.childId !== null),
              children: found.matching.map(matchingModel),
            }
          : undefined,
        checks: found.checks && checksModel(found.checks, state.form ?? {}),
        form: state.form ?? {},
        errors: state.errors ?? { summary: [], fields: {} },
        backHref: ownOnly ? '/referrals' : '/front-door',
        backText: ownOnly ? 'your referrals' : 'the front door queue',
        contactAbout: contactAboutRows(referral),
        duplicates: found.duplicates,
      },
      state.statusCode ?? 200,
    )
  }
}

export function registerReferralRoutes(app: FastifyInstance, { db }: FrontdoorDeps) {
  const showReferral = referralPage(db)

  app.get(
    '/referrals/:id',
    { config: { access: permission('referral', 'read') } },
    async (request, reply) => {
      const params = ReferralParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      return showReferral(request, reply, params.data.id)
    },
  )
}

/** How the contact came in, what it is about and the level of need, as summary rows. */
function contactAboutRows(referral: {
  contactChannel: ContactChannel | null
  concernTypes: string[]
  needLevel: string | null
}) {
  const rows: [string, string][] = []
  if (referral.contactChannel) rows.push(['How it came in', CHANNEL_NAMES[referral.contactChannel]])
  if (referral.concernTypes.length) {
    rows.push(['What the concern is about', concernTypeNames(referral.concernTypes).join(', ')])
  }
  if (referral.needLevel) rows.push(['Level of need', referral.needLevel])
  return rows.map(([key, value]) => ({ key: { text: key }, value: { text: value } }))
}
