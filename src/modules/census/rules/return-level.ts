/** Rules over the whole return: the header, duplicates across children, and overall counts. */
import { isOutside } from './dates.js'
import { returnRule } from './types.js'

export const rule100 = returnRule({
  code: '100',
  message: 'Reference Date is incorrect',
  fields: ['ReferenceDate'],
  start({ header }) {
    return {
      observe() {},
      finish(report) {
        const expected = header.year === undefined ? undefined : `${header.year}-03-31`
        if (header.referenceDate === undefined || header.referenceDate !== expected) {
          report('', { ReferenceDate: header.referenceDate ?? header.referenceDateText })
        }
      },
    }
  },
})

export const rule8510 = returnRule({
  code: '8510',
  message: 'More than one child record with the same LA Child ID',
  fields: ['LAchildID'],
  start() {
    const counts = new Map<string, number>()
    return {
      observe({ identifiers: { laChildId } }) {
        if (laChildId !== undefined) counts.set(laChildId, (counts.get(laChildId) ?? 0) + 1)
      },
      finish(report) {
        for (const [id, count] of counts) {
          for (let i = 0; count > 1 && i < count; i++) report(id, { LAchildID: id })
        }
      },
    }
  },
})

export const rule1520 = returnRule({
  code: '1520',
  message: 'More than one record with the same UPN.',
  fields: ['UPN'],
  start() {
    const childrenByUpn = new Map<string, string[]>()
    return {
      observe({ identifiers: { upn, laChildId } }) {
        if (upn === undefined) return
        const children = childrenByUpn.get(upn)
        if (children) children.push(laChildId ?? '')
        else childrenByUpn.set(upn, [laChildId ?? ''])
      },
      finish(report) {
        for (const [upn, children] of childrenByUpn) {
          if (children.length > 1) for (const id of children) report(id, { UPN: upn })
        }
      },
    }
  },
})

export const rule2883 = returnRule({
  code: '2883',
  message: 'There are more child protection plans starting than initial conferences taking place',
  fields: ['CPPstartDate', 'DateOfInitialCPC'],
  start({ collectionStart, referenceDate }) {
    const inYear = (date: string | undefined) =>
      date !== undefined && !isOutside(date, collectionStart, referenceDate)
    let plans = 0
    let conferences = 0
    return {
      observe({ episodes }) {
        for (const episode of episodes) {
          if (inYear(episode.dateOfInitialCpc)) conferences += 1
          for (const s47 of episode.section47s) if (inYear(s47.dateOfInitialCpc)) conferences += 1
          for (const plan of episode.childProtectionPlans) if (inYear(plan.startDate)) plans += 1
        }
      },
      finish(report) {
        if (plans > conferences) {
          report('', {
            CPPstartDate: `${plans} plans`,
            DateOfInitialCPC: `${conferences} conferences`,
          })
        }
      },
    }
  },
})

// More than 2% of born children with no sex recorded is queried.
const MISSING_SEX_THRESHOLD = 0.02

function missingSexRule(message: string, field: 'Sex' | 'GenderCurrent') {
  return returnRule({
    code: '2886Q',
    message,
    fields: [field, 'ExpectedPersonBirthDate'],
    start() {
      let children = 0
      let missing = 0
      return {
        observe({ identifiers }) {
          children += 1
          const value = field === 'Sex' ? identifiers.sexElement : identifiers.genderCurrent
          const notRecorded = value === undefined || value === (field === 'Sex' ? 'U' : '0')
          if (notRecorded && identifiers.expectedPersonBirthDate === undefined) missing += 1
        },
        finish(report) {
          if (children > 0 && missing / children > MISSING_SEX_THRESHOLD) {
            report('', {
              [field]: `${missing} of ${children} children`,
              ExpectedPersonBirthDate: undefined,
            })
          }
        },
      }
    },
  })
}

export const rule2886Q = missingSexRule(
  'Please check and either amend or provide a reason: Percentage of children with no sex recorded is more than 2% (excluding unborns)',
  'Sex',
)

export const rule2886QBeforeSex = missingSexRule(
  'Please check and either amend or provide a reason: Percentage of children with no gender recorded is more than 2% (excluding unborns)',
  'GenderCurrent',
)

// A return that uses fewer than 8 of the 12 disability codes suggests they are under-recorded.
const FEWEST_DISABILITY_CODES = 8

export const rule2887Q = returnRule({
  code: '2887Q',
  message:
    'Please check and either amend or provide a reason: Less than 8 disability codes have been used in your return',
  fields: ['Disability'],
  start() {
    const used = new Set<string>()
    return {
      observe({ disabilities }) {
        for (const code of disabilities) if (code.toUpperCase() !== 'NONE') used.add(code)
      },
      finish(report) {
        if (used.size < FEWEST_DISABILITY_CODES) {
          report('', { Disability: `${used.size} codes used` })
        }
      },
    }
  },
})

export const rule2888Q = returnRule({
  code: '2888Q',
  message:
    'Please check and either amend or provide a reason: Only one disability code is recorded per child and multiple disabilities should be recorded where possible.',
  fields: ['Disability'],
  start() {
    let anyDisability = false
    let anyMultiple = false
    return {
      observe({ disabilities }) {
        const count = disabilities.filter(code => code.toUpperCase() !== 'NONE').length
        if (count > 0) anyDisability = true
        if (count > 1) anyMultiple = true
      },
      finish(report) {
        if (anyDisability && !anyMultiple) report('', { Disability: 'one code per child' })
      },
    }
  },
})
