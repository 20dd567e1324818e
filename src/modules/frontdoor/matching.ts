/**
 * One child, one record: how likely a child record is to be the referred child, and why. Pure
 * functions, so that the rules can be tested on their own; the candidates come from
 * children/service.ts.
 */

export interface ReferredChild {
  givenName: string
  familyName: string | null
  birthDate: string | null
  approximateAge: number | null
  address?: string | null
  postcode?: string | null
}

export interface CandidateRecord {
  id: string
  laChildId: string
  upn: string | null
  formerUpn: string | null
  givenName: string | null
  familyName: string | null
  birthDate: string | null
  address?: string | null
  postcode?: string | null
}

export interface LikelyMatch<T extends CandidateRecord = CandidateRecord> {
  record: T
  score: number
  reasons: string[]
}

/** A score below this is not shown: a shared initial alone is not a likely match. */
export const MATCH_THRESHOLD = 40
export const MAX_MATCHES = 5

function normalise(name: string | null | undefined): string {
  return (name ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '')
}

/** Jaro-Winkler similarity from 0 (nothing alike) to 1 (the same). */
export function nameSimilarity(a: string, b: string): number {
  const s = normalise(a)
  const t = normalise(b)
  if (!s || !t) return 0
  if (s === t) return 1
  const window = Math.max(0, Math.floor(Math.max(s.length, t.length) / 2) - 1)
  const sMatched = new Array<boolean>(s.length).fill(false)
  const tMatched = new Array<boolean>(t.length).fill(false)
  let matches = 0
  for (let i = 0; i < s.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(t.length, i + window + 1); j++) {
      if (tMatched[j] || s[i] !== t[j]) continue
      sMatched[i] = true
      tMatched[j] = true
      matches++
      break
    }
  }
  if (matches === 0) return 0
  let transpositions = 0
  let k = 0
  for (let i = 0; i < s.length; i++) {
    if (!sMatched[i]) continue
    while (!tMatched[k]) k++
    if (s[i] !== t[k]) transpositions++
    k++
  }
  const jaro =
    (matches / s.length + matches / t.length + (matches - transpositions / 2) / matches) / 3
  let prefix = 0
  while (prefix < 4 && s[prefix] === t[prefix]) prefix++
  return jaro + prefix * 0.1 * (1 - jaro)
}

const SIMILAR_NAME = 0.85

function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4))
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years
}

/**
 * A UK postcode as Royal Mail writes it: capitals, one space before the inward code (the last
 * three characters), "nb12ab" and "NB1  2AB" both "NB1 2AB". Null when there is nothing like one.
 */
export function normalisePostcode(postcode: string | null | undefined): string | null {
  const compact = (postcode ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '')
  if (compact.length < 5 || compact.length > 7) return null
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`
}

/** The house number and street of an address line: "Flat 2, 12a Mill Lane, Northbridge". */
export function houseAndStreet(
  address: string | null | undefined,
): { number: string; street: string } | null {
  for (const part of (address ?? '').split(',')) {
    const found = /(?:^|\s)(\d+[a-z]?)\s+([a-z][a-z' .-]*)$/i.exec(part.trim())
    if (found?.[1] && found[2]) {
      return { number: found[1].toLowerCase(), street: found[2].trim() }
    }
  }
  return null
}

/** Postcode and house-and-street: weaker than a name or date of birth, as siblings share them. */
function addressScore(
  child: ReferredChild,
  record: CandidateRecord,
): { score: number; reason: string } | null {
  const postcode = normalisePostcode(child.postcode)
  const samePostcode = postcode !== null && postcode === normalisePostcode(record.postcode)
  const referred = houseAndStreet(child.address)
  const held = houseAndStreet(record.address)
  const sameHouse =
    referred !== null &&
    held !== null &&
    referred.number === held.number &&
    nameSimilarity(referred.street, held.street) >= SIMILAR_NAME
  if (sameHouse && samePostcode) return { score: 35, reason: `Same address (${postcode})` }
  if (sameHouse) {
    return { score: 25, reason: `Same house number and street (${held.number} ${held.street})` }
  }
  if (samePostcode) return { score: 20, reason: `Same postcode (${postcode})` }
  return null
}

/** The score and reasons for one candidate; the identifier is one the practitioner typed. */
export function scoreMatch(
  child: ReferredChild,
  record: CandidateRecord,
  options: { today: string; identifier?: string | null },
): { score: number; reasons: string[] } {
  let score = 0
  const reasons: string[] = []
  const identifier = options.identifier?.trim().toUpperCase()
  if (identifier) {
    if (record.upn?.toUpperCase() === identifier) {
      score += 100
      reasons.push('Same UPN')
    } else if (record.formerUpn?.toUpperCase() === identifier) {
      score += 90
      reasons.push('Same former UPN')
    } else if (record.laChildId.toUpperCase() === identifier) {
      score += 100
      reasons.push('Same LA child ID')
    }
  }
  if (child.birthDate && record.birthDate) {
    if (child.birthDate === record.birthDate) {
      score += 45
      reasons.push('Same date of birth')
    } else if (
      child.birthDate.slice(0, 4) === record.birthDate.slice(0, 4) &&
      child.birthDate.slice(5, 7) === record.birthDate.slice(8) &&
      child.birthDate.slice(8) === record.birthDate.slice(5, 7)
    ) {
      score += 30
      reasons.push('Date of birth with day and month swapped')
    }
  } else if (child.approximateAge !== null && record.birthDate) {
    const age = ageOn(record.birthDate, options.today)
    if (Math.abs(age - child.approximateAge) <= 1) {
      score += 10
      reasons.push(`Age fits (${String(age)})`)
    }
  }
  if (child.familyName && record.familyName) {
    const similarity = nameSimilarity(child.familyName, record.familyName)
    if (similarity === 1) {
      score += 30
      reasons.push('Same family name')
    } else if (similarity >= SIMILAR_NAME) {
      score += 20
      reasons.push(`Similar family name (${record.familyName})`)
    }
  }
  if (record.givenName) {
    const similarity = nameSimilarity(child.givenName, record.givenName)
    if (similarity === 1) {
      score += 25
      reasons.push('Same first name')
    } else if (similarity >= SIMILAR_NAME) {
      score += 15
      reasons.push(`Similar first name (${record.givenName})`)
    }
  } else if (!record.familyName && score > 0) {
    reasons.push('Imported from the census: no name held')
  }
  const address = addressScore(child, record)
  if (address) {
    score += address.score
    reasons.push(address.reason)
  }
  return { score, reasons }
}

/** The likely matches, best first. */
export function likelyMatches<T extends CandidateRecord>(
  child: ReferredChild,
  records: readonly T[],
  options: { today: string; identifier?: string | null },
): LikelyMatch<T>[] {
  return records
    .map(record => ({ record, ...scoreMatch(child, record, options) }))
    .filter(match => match.score >= MATCH_THRESHOLD)
    .sort((a, b) => b.score - a.score || a.record.laChildId.localeCompare(b.record.laChildId))
    .slice(0, MAX_MATCHES)
}
