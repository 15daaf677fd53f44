import type { ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { type ErrorCode, format, LANGS, type Lang, translations } from '../i18n/index.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { LocalizedText } from '../platform/db/types.ts';
import type { SiteRegion } from '../platform/http/site-region.ts';
import { SITE_CSS } from './assets.ts';

/** The text in the page's language, or the Finnish text marked lang="fi" when there is none. */
export function pick(text: LocalizedText | null | undefined, lang: Lang): { value: string; lang: Lang } {
  if (!text) return { value: '', lang };
  const value = text[lang];
  return value ? { value, lang } : { value: text.fi, lang: 'fi' };
}

/** Inline localized text that says when it falls back to another language (for screen readers). */
export function Text({ text, lang }: { text: LocalizedText | null | undefined; lang: Lang }) {
  const t = pick(text, lang);
  return t.lang === lang ? t.value : <span lang={t.lang}>{t.value}</span>;
}

/** Localized paragraphs: blank lines separate them. */
export function Paragraphs({ text, lang }: { text: LocalizedText | null | undefined; lang: Lang }) {
  const t = pick(text, lang);
  return (
    <>
      {t.value
        .split(/\n\s*\n/)
        .filter(Boolean)
        .map((p) => (
          // dir="auto" isolates the paragraph: a bidi override in it turns nothing around it
          <p key={p.slice(0, 40)} lang={t.lang === lang ? undefined : t.lang} dir="auto">
            {p}
          </p>
        ))}
    </>
  );
}

/** The pages of the one contact point have their own path in each language. */
export const ASK_PATHS = { fi: '/fi/pyyda-neuvoa', sv: '/sv/be-om-rad', en: '/en/ask-for-advice' } as const;
export const EMERGENCY_PATHS = {
  fi: '/fi/hatatilanne',
  sv: '/sv/nodsituation',
  en: '/en/emergency',
} as const;

/** The privacy notice, accessibility statement and cookie note of the site (features/notices). */
export const NOTICE_PATHS = {
  privacy: { fi: '/fi/tietosuoja', sv: '/sv/dataskydd', en: '/en/privacy' },
  accessibility: { fi: '/fi/saavutettavuus', sv: '/sv/tillganglighet', en: '/en/accessibility' },
  cookies: { fi: '/fi/evasteet', sv: '/sv/kakor', en: '/en/cookies' },
} as const;
export type NoticeKind = keyof typeof NOTICE_PATHS;

/**
 * Where the frame names the site's region: filled as the page leaves, with the request's region
 * (fillSiteRegion, installed by app.ts), so that no route has to pass it.
 */
const SITE_REGION_MARK =
  /<small class="site-region" data-qa="site-region"><!--site-region:(fi|sv|en)--><\/small>/;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page with its region named in the header (in the page's language, or said in which). */
export function fillSiteRegion(html: string, region: SiteRegion): string {
  return html.replace(SITE_REGION_MARK, (_mark, lang: Lang) => {
    const name = pick(region.name, lang);
    const text = escapeHtml(name.value);
    const inner = name.lang === lang ? text : `<span lang="${name.lang}">${text}</span>`;
    return `<small class="site-region" data-qa="site-region">${inner}</small>`;
  });
}

/** The head links every page has: the favicon (an SVG, with the ICO for old browsers). */
export function IconLinks() {
  return (
    <>
      <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      <link rel="icon" href="/favicon.ico" sizes="32x32" />
    </>
  );
}

/** The footer's links to the notices, on every public and staff page. */
export function NoticeLinks({ lang }: { lang: Lang }) {
  const t = translations(lang).notices.links;
  return (
    <nav aria-label={t.label} className="notice-links" data-qa="notice-links">
      <ul>
        {(Object.keys(NOTICE_PATHS) as NoticeKind[]).map((kind) => (
          <li key={kind}>
            <a href={NOTICE_PATHS[kind][lang]} data-qa={`notice-link-${kind}`}>
              {t[kind]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Where a form that asks for sensitive details says how they are handled (the privacy notice). */
export function PrivacyNote({ lang }: { lang: Lang }) {
  const t = translations(lang).notices;
  return (
    <p className="privacy-note" data-qa="privacy-note">
      {t.askNote} <a href={NOTICE_PATHS.privacy[lang]}>{t.askNoteLink}</a>
    </p>
  );
}

export interface LayoutProps {
  lang: Lang;
  title: string;
  /** the path after the language, e.g. "/services/123", and the query string to keep */
  path: string;
  search?: string;
  /**
   * The whole path of this page in each language, for pages whose path differs by language
   * (/fi/pyyda-neuvoa, /sv/be-om-rad): used instead of `/{lang}{path}{search}`.
   */
  paths?: Record<Lang, string>;
  /** more elements for the head, e.g. <meta name="referrer" content="no-referrer" /> */
  head?: ReactNode;
  current?: 'home' | 'services' | 'ask';
  /** who is signed in; pages that leave it out show "Sign in" */
  actor?: Actor;
  /** the form token for the sign-out form (csrfToken(reply)) */
  csrfToken?: string;
  children: ReactNode;
}

/** Links to the same page (path and query kept) in the other two languages. */
export function LanguageLinks({
  lang,
  path,
  search,
  paths,
}: {
  lang: Lang;
  path: string;
  search: string;
  paths?: Record<Lang, string>;
}) {
  const t = translations(lang);
  return (
    <nav aria-label={t.langSwitch.label} className="langs">
      <ul>
        {LANGS.filter((l) => l !== lang).map((l) => (
          <li key={l}>
            <a href={paths?.[l] ?? `/${l}${path}${search}`} lang={l} hrefLang={l} data-qa={`lang-${l}`}>
              {t.langSwitch[l]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Who is signed in, for the header's name and sign-out form (optional on public pages). */
export type PageAccount = Pick<LayoutProps, 'actor' | 'csrfToken'>;

export function Layout({
  lang,
  title,
  path,
  search = '',
  paths,
  head,
  current,
  actor,
  csrfToken,
  children,
}: LayoutProps) {
  const t = translations(lang);
  const tc = t.contactPublic.site;
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${t.site.name}`}</title>
        <link rel="stylesheet" href={SITE_CSS.url} />
        <IconLinks />
        {LANGS.filter((l) => l !== lang).map((l) => (
          <link key={l} rel="alternate" hrefLang={l} href={paths?.[l] ?? `/${l}${path}${search}`} />
        ))}
        {head}
      </head>
      <body>
        <a className="skip" href="#main">
          {t.site.skipToContent}
        </a>
        <header className="site">
          <div className="emergency-strip">
            <div className="wrap">
              <a href={EMERGENCY_PATHS[lang]} data-qa="emergency-link">
                <strong>{tc.emergency}</strong> <span>{tc.emergencyMore}</span>
              </a>
            </div>
          </div>
          <div className="wrap">
            <a className="logo" href={`/${lang}`}>
              {t.site.name}
              <small>{t.site.tagline}</small>
              <small
                className="site-region"
                data-qa="site-region"
                // biome-ignore lint/security/noDangerouslySetInnerHtml: a fixed marker, replaced by fillSiteRegion
                dangerouslySetInnerHTML={{ __html: `<!--site-region:${lang}-->` }}
              />
            </a>
            <nav aria-label={t.site.nav}>
              <ul>
                <li>
                  <a href={`/${lang}`} aria-current={current === 'home' ? 'page' : undefined}>
                    {t.site.home}
                  </a>
                </li>
                <li>
                  <a href={`/${lang}/services`} aria-current={current === 'services' ? 'page' : undefined}>
                    {t.site.services}
                  </a>
                </li>
                <li>
                  <a
                    href={ASK_PATHS[lang]}
                    aria-current={current === 'ask' ? 'page' : undefined}
                    data-qa="nav-ask"
                  >
                    {tc.ask}
                  </a>
                </li>
              </ul>
            </nav>
            <Account lang={lang} actor={actor} csrfToken={csrfToken} />
            <LanguageLinks lang={lang} path={path} search={search} paths={paths} />
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <div className="wrap">{children}</div>
        </main>
        <footer className="site">
          <div className="wrap">
            <p>{t.site.footer}</p>
            <p>{t.site.demoNotice}</p>
            <p>
              <a href={EMERGENCY_PATHS[lang]}>{tc.footerEmergency}</a>
            </p>
            <p>
              <a href="/api/hsds/">{t.site.api}</a>
            </p>
            <NoticeLinks lang={lang} />
          </div>
        </footer>
      </body>
    </html>
  );
}

/** "Sign in", or the signed-in user's name and a sign-out form (a post: it changes state). */
function Account({ lang, actor, csrfToken }: { lang: Lang; actor?: Actor; csrfToken?: string }) {
  const t = translations(lang).auth;
  if (!actor || actor.kind === 'anonymous' || !csrfToken) {
    return (
      <a className="account" href={`/${lang}/sign-in`} data-qa="sign-in">
        {t.signIn}
      </a>
    );
  }
  return (
    <form className="account" method="post" action="/auth/sign-out" data-qa="account">
      <span data-qa="account-name">{format(t.signedInAs, { name: actor.name })}</span>{' '}
      {actor.kind === 'client' ? (
        // the way back to the client's own page from every public page (issue 10, finding 19)
        <>
          <a href={`/${lang}/my`} data-qa="my-page-link">
            {t.myPageLink}
          </a>{' '}
        </>
      ) : null}
      <input type="hidden" name="_csrf" value={csrfToken} />
      <input type="hidden" name="lang" value={lang} />
      <button type="submit" className="link" data-qa="sign-out">
        {t.signOut}
      </button>
    </form>
  );
}

/** The page as HTML (the region in its header is filled as it leaves: fillSiteRegion). */
export function renderPage(element: ReactNode): string {
  return `<!doctype html>${renderToString(element)}`;
}

export function ErrorPage({
  lang,
  status,
  code,
  message,
  reference,
  actor,
  csrfToken,
}: {
  lang: Lang;
  status: number;
  code: ErrorCode;
  message: string;
  reference: string;
} & PageAccount) {
  const t = translations(lang).errorPage;
  // a failed sign-in or an expired form is not "your search": say what failed, offer the way on
  const action = code.startsWith('auth.') || code === 'http.csrf' || code === 'http.rate_limited';
  const kind = status >= 500 ? 'error' : action ? 'action' : status === 404 ? 'notFound' : 'badRequest';
  const title = {
    error: t.errorTitle,
    action: t.actionFailedTitle,
    notFound: t.notFoundTitle,
    badRequest: t.badRequestTitle,
  }[kind];
  const text = kind === 'error' ? t.errorText : kind === 'notFound' ? t.notFoundText : message;
  return (
    <Layout lang={lang} title={title} path="" actor={actor} csrfToken={csrfToken}>
      <h1>{title}</h1>
      <p>{text}</p>
      {kind === 'error' || kind === 'notFound' ? <p className="meta">{message}</p> : null}
      <p>
        {code.startsWith('auth.') ? (
          <a className="button" href={`/${lang}/sign-in`} data-qa="error-sign-in">
            {t.signInAgain}
          </a>
        ) : (
          <a className="button" href={`/${lang}/services`} data-qa="error-go-search">
            {t.goSearch}
          </a>
        )}{' '}
        <a className="button secondary" href={`/${lang}`} data-qa="error-go-home">
          {t.goHome}
        </a>
      </p>
      {status >= 500 ? <p className="meta">{format(t.reference, { id: reference })}</p> : null}
    </Layout>
  );
}
