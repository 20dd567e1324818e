import { formatDate } from '../../../platform/http/web.js'
import { CONSENT_OPTIONS } from '../schema.js'
import type { OpenDraft } from '../service.js'
import { childSummary, row } from '../routes/shared.js'

/** The check-your-answers page: every answer, with a link back to change it. */
export function answerSections(open: OpenDraft) {
  const a = open.draft.answers
  const consent = a.consent
  const sections = [
    {
      heading: 'Children',
      rows: (a.children ?? []).map((child, index) =>
        row(`Child ${String(index + 1)}`, childSummary(child), `child/${String(index + 1)}`),
      ),
    },
    {
      heading: 'Family',
      rows: [
        row('Who lives with the child', a.family?.household, 'family'),
        row('Parents or carers', a.family?.parentsCarers, 'family'),
      ],
    },
    {
      heading: 'The concern',
      rows: [
        row('What you are worried about', a.concern?.concern, 'concern'),
        row('When it happened or started', formatDate(a.concern?.startedOn), 'concern'),
        row('What the child has said', a.voice?.childSays, 'child-voice'),
        row('How the child seems to feel', a.voice?.childFeels, 'child-voice'),
        row(
          'Parents’ or carers’ agreement',
          consent && CONSENT_OPTIONS[consent.consent],
          'consent',
        ),
        ...(consent && consent.consent !== 'given'
          ? [row('Reason', consent.reason, 'consent')]
          : []),
      ],
    },
  ]
  if (open.draft.source === 'professional') {
    const p = a.professional
    const agency = open.ctx.agencies.find(candidate => candidate.id === p?.agencyId)
    sections.push({
      heading: 'You',
      rows: [
        row('Name', p?.name, 'your-details'),
        row('Agency', agency?.name, 'your-details'),
        row('Job title or role', p?.jobTitle, 'your-details'),
        row('Relationship to the child', p?.relationship, 'your-details'),
        row('Email', p?.email, 'your-details'),
        row('Telephone', p?.phone, 'your-details'),
        row('What has been done so far', a.actions?.actionsTaken, 'action-taken'),
      ],
    })
  } else {
    const r = a.reporter
    sections.push({
      heading: 'You',
      rows: r?.anonymous
        ? [row('Your details', 'You want to stay anonymous', 'about-you')]
        : [
            row('Name', r?.name, 'about-you'),
            row('How you know the child', r?.relationship, 'about-you'),
            row('Email', r?.email, 'about-you'),
            row('Telephone', r?.phone, 'about-you'),
          ],
    })
  }
  return sections
}
