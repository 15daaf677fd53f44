/**
 * The quick exit of the public contact pages (issue 10, finding 1): where it goes, its small
 * script, and the pages' own stylesheet. A young person reporting violence at home may be
 * watched; the button takes them to a neutral, everyday site at once. Yle (the Finnish public
 * broadcaster) is chosen: a site anyone in Finland opens daily, in Finnish, Swedish and English,
 * without sign-in, and not a search engine whose page would show earlier searches. No referrer
 * leaves (helmet's Referrer-Policy is no-referrer, and the link says rel="noreferrer" too).
 */
import type { Lang } from '../../i18n/index.ts';
import { defineAsset } from '../../ui/assets.ts';

export const QUICK_EXIT_URLS: Record<Lang, string> = {
  fi: 'https://yle.fi/',
  sv: 'https://svenska.yle.fi/',
  en: 'https://yle.fi/news',
};

export const QUICK_EXIT_SCRIPT = defineAsset(
  '/assets/quick-exit.js',
  new URL('../../ui/quick-exit.js', import.meta.url),
);
/** The script's address changes with its content, so it can be cached for good (as the queue's). */
export const QUICK_EXIT_SCRIPT_URL = QUICK_EXIT_SCRIPT.url;

/** The quick exit's and the promise's rules: only on the pages that show them. */
export const CONTACT_PUBLIC_STYLES = defineAsset(
  '/assets/contact-public.css',
  new URL('./pages/contact-public.css', import.meta.url),
);
export const CONTACT_PUBLIC_CSS_URL = CONTACT_PUBLIC_STYLES.url;
