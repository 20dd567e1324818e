import * as repo from '../repo.js'
import { AttendanceStatusField, MeetingForm, MembershipForm } from '../schema.js'
import { type AttendanceEntry, writeAttendance } from '../service/attendance.js'
import { formatDay } from '../service/shared.js'
import { insertMembership, membersOn } from '../service/structures.js'
import {
  type Importer,
  lookups,
  refusedRow,
  unknownAgency,
  unknownBody,
  zodErrors,
} from './shared.js'

// Memberships, meetings and attendance

export const importMemberships: Importer = async (trx, ctx, rows, errors) => {
  const find = lookups(trx, ctx)
  let count = 0
  for (const [index, cells] of rows.entries()) {
    const row = index + 2
    const body = await find.body(cells.body ?? '')
    if (!body) {
      errors.push(unknownBody(row, cells.body ?? ''))
      continue
    }
    const agencyId = await find.agencyId(cells.agency ?? '')
    if (agencyId === undefined) {
      errors.push(unknownAgency(row, cells.agency ?? ''))
      continue
    }
    const form = MembershipForm.safeParse({
      memberName: cells.member,
      role: cells.role || 'member',
      startsOn: cells.starts_on,
      endsOn: cells.ends_on,
      deputyName: cells.deputy,
    })
    if (!form.success) {
      errors.push(...zodErrors(row, form.error))
      continue
    }
    const outcome = await insertMembership(trx, ctx, body, { ...form.data, agencyId })
    if (outcome.kind === 'invalid') errors.push(refusedRow(row, outcome))
    else count += 1
  }
  return count
}

export const importMeetings: Importer = async (trx, ctx, rows, errors) => {
  const find = lookups(trx, ctx)
  let count = 0
  for (const [index, cells] of rows.entries()) {
    const row = index + 2
    const body = await find.body(cells.body ?? '')
    if (!body) {
      errors.push(unknownBody(row, cells.body ?? ''))
      continue
    }
    const form = MeetingForm.safeParse({
      heldOn: cells.held_on,
      title: cells.title,
      status: cells.status || 'held',
    })
    if (!form.success) {
      errors.push(...zodErrors(row, form.error))
      continue
    }
    const existing = await repo.listMeetings(trx, body.id)
    if (existing.some(m => m.heldOn === form.data.heldOn && m.title === form.data.title)) {
      errors.push({
        row,
        column: 'held_on',
        message: `${body.name} already has a meeting called ${form.data.title} on ${formatDay(form.data.heldOn)}`,
      })
      continue
    }
    await repo.insertMeeting(trx, {
      ...form.data,
      bodyId: body.id,
      partnershipId: ctx.actor.partnershipId,
    })
    count += 1
  }
  return count
}

export const importAttendance: Importer = async (trx, ctx, rows, errors) => {
  const find = lookups(trx, ctx)
  const byMeeting = new Map<string, AttendanceEntry[]>()
  const seen = new Set<string>()
  for (const [index, cells] of rows.entries()) {
    const row = index + 2
    const body = await find.body(cells.body ?? '')
    if (!body) {
      errors.push(unknownBody(row, cells.body ?? ''))
      continue
    }
    const heldOn = cells.held_on ?? ''
    const meetings = (await repo.listMeetings(trx, body.id)).filter(m => m.heldOn === heldOn)
    const meeting = meetings[0]
    if (!meeting || meetings.length > 1) {
      errors.push({
        row,
        column: 'held_on',
        message: meeting
          ? `${body.name} has more than one meeting on ${formatDay(heldOn)}: record this attendance on the meeting’s page`
          : `${body.name} has no meeting on ${heldOn ? formatDay(heldOn) || heldOn : 'that date'}: import the meetings first`,
      })
      continue
    }
    const status = AttendanceStatusField.safeParse(cells.status)
    if (!status.success) {
      errors.push({
        row,
        column: 'status',
        message: 'Enter present, apologies-deputy, apologies or absent',
      })
      continue
    }
    const name = (cells.member ?? '').toLowerCase()
    const memberships = await repo.listMemberships(trx, body.id)
    const membership = membersOn(memberships, heldOn).find(m => m.memberName.toLowerCase() === name)
    if (!membership) {
      errors.push({
        row,
        column: 'member',
        message: `${cells.member || 'This person'} was not a member of ${body.name} on ${formatDay(heldOn)}`,
      })
      continue
    }
    if (seen.has(`${meeting.id}|${membership.id}`)) {
      errors.push({
        row,
        column: 'member',
        message: `${membership.memberName} appears twice for this meeting`,
      })
      continue
    }
    seen.add(`${meeting.id}|${membership.id}`)
    const entries = byMeeting.get(meeting.id) ?? []
    entries.push({
      membershipId: membership.id,
      status: status.data,
      deputyName: cells.deputy || null,
    })
    byMeeting.set(meeting.id, entries)
  }
  let count = 0
  if (!errors.length) {
    for (const [meetingId, entries] of byMeeting) {
      await writeAttendance(trx, ctx, meetingId, entries)
      count += entries.length
    }
  }
  return count
}
