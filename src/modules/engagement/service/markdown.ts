import MarkdownIt from 'markdown-it'

/**
 * Markdown for the bulletin's sections. `html: false` turns any HTML typed into a section into
 * text, and markdown-it refuses javascript: and data: links, so the output is safe to show as
 * HTML: it is the one place the bulletin's templates use `| safe`.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false })

export function renderMarkdown(source: string): string {
  return markdown.render(source)
}

/** The section as plain text for an email: markdown is readable as it is. */
export function plainText(source: string): string {
  return source.trim()
}

/** A line of markdown made from a record's text, with markdown's own characters escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!<>|~])/g, '\\$1')
}
