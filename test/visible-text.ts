// What a person reads of a page, and the codes in it that nobody translated (issue 10, finding 16).
import type { Lang } from '../src/i18n/index.ts';

/** What a person sees of a page: no tags, no scripts, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<head>[\s\S]*?<\/head>/i, ' ')
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const ENGLISH_CODE_WORDS =
  /\b(status link|public form|public|search|no filters|anonymous|family|handoff|contact_?\w*|refused|expired|guided_onward)\b/gi;

/** The code-like tokens in a page's visible text. */
export function untranslatedCodes(text: string, lang: Lang): string[] {
  const found = [
    ...(text.match(/\b[a-z]+(?:_[a-z]+)+\b/g) ?? []),
    ...(text.match(/\b[A-ZÅÄÖ]{2,}(?:_[A-ZÅÄÖ0-9]+)+\b/g) ?? []),
    ...(text.match(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi) ?? []),
    ...(text.match(/\(no filters\)/g) ?? []),
  ];
  if (lang !== 'en') found.push(...(text.match(ENGLISH_CODE_WORDS) ?? []));
  return [...new Set(found)];
}
