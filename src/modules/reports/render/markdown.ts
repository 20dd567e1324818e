import MarkdownIt from 'markdown-it'

/**
 * Narrative is Markdown written by people: raw HTML is off (a `<script>` or an `onerror` is shown
 * as text), and links are limited to http, https and mailto.
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: true })
const IMAGE = /^image:([0-9a-f-]{36})$/
md.validateLink = url => /^(https?:|mailto:)/i.test(url.trim()) || IMAGE.test(url.trim())

// Images are only those uploaded to the report (`image:<id>`), served by Keepsafe with their alt text.
const defaultImage = md.renderer.rules.image
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx]
  const id = IMAGE.exec(String(token?.attrGet('src') ?? ''))?.[1]
  if (!token || !id) return token ? self.renderInlineAsText(token.children ?? [], options, env) : ''
  const imageUrl = (env as { imageUrl?: (id: string) => string } | undefined)?.imageUrl
  token.attrSet('src', imageUrl ? imageUrl(id) : `/reports/images/${id}`)
  token.attrJoin('class', 'report-image')
  return defaultImage
    ? defaultImage(tokens, idx, options, env, self)
    : self.renderToken(tokens, idx, options)
}

const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options))
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]?.attrJoin('class', 'govuk-link')
  tokens[idx]?.attrSet('rel', 'noreferrer noopener')
  return defaultLinkOpen(tokens, idx, options, env, self)
}
for (const [rule, cls] of [
  ['paragraph_open', 'govuk-body'],
  ['bullet_list_open', 'govuk-list govuk-list--bullet'],
  ['ordered_list_open', 'govuk-list govuk-list--number'],
  ['blockquote_open', 'govuk-inset-text'],
] as const) {
  md.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
    tokens[idx]?.attrJoin('class', cls)
    return self.renderToken(tokens, idx, options)
  }
}
md.renderer.rules.heading_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]
  // Headings inside a section sit below the section's own h2.
  if (token) {
    const level = Math.min(6, Math.max(3, Number(token.tag.slice(1)) + 1))
    token.tag = `h${level}`
    token.attrJoin('class', level <= 3 ? 'govuk-heading-m' : 'govuk-heading-s')
  }
  return self.renderToken(tokens, idx, options)
}

/** `imageUrl` gives where an uploaded image is served to this reader (the report's readers by default). */
export function markdownToHtml(text: string, imageUrl?: (id: string) => string): string {
  return md.render(text, imageUrl ? { imageUrl } : {})
}

/** A plain block of text, for the PDF and the Word document. */
export interface TextBlock {
  kind: 'heading' | 'paragraph' | 'bullet' | 'quote'
  text: string
}

/** The narrative as plain blocks: headings, paragraphs, list items and quotes; links as "text (url)". */
export function markdownToBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = []
  let kind: TextBlock['kind'] = 'paragraph'
  let inQuote = false
  for (const token of md.parse(text, {})) {
    if (token.type === 'heading_open') kind = 'heading'
    else if (token.type === 'list_item_open') kind = 'bullet'
    else if (token.type === 'blockquote_open') inQuote = true
    else if (token.type === 'blockquote_close') inQuote = false
    else if (token.type === 'inline') {
      let line = ''
      let href = ''
      for (const child of token.children ?? []) {
        if (child.type === 'link_open') href = String(child.attrGet('href') ?? '')
        else if (child.type === 'link_close' && href) line += ` (${href})`
        else if (child.type === 'softbreak' || child.type === 'hardbreak') line += ' '
        else if (child.type === 'image') line += `[Image: ${child.content}]`
        else line += child.content
      }
      if (line.trim()) blocks.push({ kind: inQuote ? 'quote' : kind, text: line })
      kind = 'paragraph'
    }
  }
  return blocks
}
