/**
 * An audit action as words, with its code in brackets for those who search by it (issue 19 point
 * 5): 'child.viewed' reads "Child viewed (child.viewed)". Codes are written as a record type then
 * what happened, in lower case with hyphens, so the words follow from the code.
 */
const SHORT_FORMS: Readonly<Record<string, string>> = {
  api: 'API',
  cdop: 'CDOP',
  cin: 'CIN',
  cp: 'CP',
  csv: 'CSV',
  dsl: 'DSL',
  fgm: 'FGM',
  ics: 'ICS',
  lado: 'LADO',
  lait: 'LAIT',
  mash: 'MASH',
  mfa: 'MFA',
  pdf: 'PDF',
  sso: 'SSO',
  totp: 'TOTP',
  xlsx: 'XLSX',
}

export function auditActionInWords(action: string): string {
  const words = action
    .split(/[.\-_]/)
    .filter(Boolean)
    .map(word => SHORT_FORMS[word] ?? word)
    .join(' ')
  const sentence = words.slice(0, 1).toUpperCase() + words.slice(1)
  return sentence ? `${sentence} (${action})` : action
}
