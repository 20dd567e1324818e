/** XML's five predefined entities and numeric character references: the only ones a census may use. */
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/** `&lt;` and the rest of the five, `&#60;` and `&#x3C;`; any other reference is an error. */
export function resolveReferences(text: string, malformed: (message: string) => never): string {
  if (!text.includes('&')) return text
  let out = ''
  let from = 0
  for (let amp = text.indexOf('&'); amp !== -1; amp = text.indexOf('&', from)) {
    const semicolon = text.indexOf(';', amp)
    if (semicolon === -1 || semicolon - amp > 10) malformed('"&" that starts no reference')
    out += text.slice(from, amp) + resolveReference(text.slice(amp + 1, semicolon), malformed)
    from = semicolon + 1
  }
  return out + text.slice(from)
}

function resolveReference(entity: string, malformed: (message: string) => never): string {
  const predefined = PREDEFINED[entity]
  if (predefined !== undefined) return predefined
  if (!entity.startsWith('#')) return malformed(`undefined entity "&${entity};"`)
  const hex = entity.charAt(1) === 'x'
  const digits = entity.slice(hex ? 2 : 1)
  const valid = hex ? /^[0-9A-Fa-f]+$/.test(digits) : /^\d+$/.test(digits)
  const code = valid ? Number.parseInt(digits, hex ? 16 : 10) : Number.NaN
  if (!isXmlCharacter(code)) return malformed(`malformed character reference "&${entity};"`)
  return String.fromCodePoint(code)
}

function isXmlCharacter(code: number): boolean {
  if (code === 9 || code === 10 || code === 13) return true
  return code >= 32 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
}
