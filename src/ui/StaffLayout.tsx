import type { ReactNode } from 'react';
import { type Lang, translations } from '../i18n/index.ts';
import type { StaffActor } from '../platform/auth/actor.ts';
import type { LocalizedText } from '../platform/db/types.ts';
import { navigationFor, staffNavigation, textOf } from '../platform/feature.ts';
import { SITE_CSS } from './assets.ts';
import { IconLinks, LanguageLinks, NoticeLinks, Text } from './Layout.tsx';

/** A workspace section the user sees, and where it lives (after /:lang). */
export interface StaffSection {
  /** 'home', 'queue', 'my-work', 'roster', 'handoffs', 'network', 'catalogue', 'access-log'… */
  key: string;
  href: string;
}

/**
 * The sections the actor sees: the features' navigation entries (src/platform/feature.ts, wired
 * by app.ts) whose question the door permits. No role is checked here.
 */
export function sectionsFor(actor: StaffActor): StaffSection[] {
  return navigationFor(actor).map((item) => ({ key: item.section, href: item.path }));
}

export function sectionLabel(lang: Lang, key: string): string {
  const item = staffNavigation().find((i) => i.section === key);
  return item ? textOf(lang, item.labelKey) : '';
}

/** One line on what a section is for (the workspace home lists the sections with it). */
export function sectionText(lang: Lang, key: string): string {
  const item = staffNavigation().find((i) => i.section === key);
  return item?.textKey ? textOf(lang, item.textKey) : '';
}

export interface StaffLayoutProps {
  lang: Lang;
  title: string;
  /** the path after the language, e.g. "/staff/catalogue" */
  path: string;
  search?: string;
  actor: StaffActor;
  /** the name of the user's organisation, when the route has it */
  organizationName?: LocalizedText | null;
  /** the section to mark as the current page: 'home', 'queue', 'catalogue', 'access-log'… */
  current?: string;
  /** same-origin scripts the page enhances itself with (loaded with defer; it works without them) */
  scripts?: string[];
  /** same-origin stylesheets of the page's own tools, after site.css (kept out of the public pages' budget) */
  stylesheets?: string[];
  /** the CSRF token for the sign-out form */
  csrf: string;
  /** a message after a successful change (POST-redirect-GET) */
  flash?: string;
  children: ReactNode;
}

/** The staff workspace frame: the navigation the door permits, who is signed in, sign-out, languages. */
export function StaffLayout({
  lang,
  title,
  path,
  search = '',
  actor,
  organizationName,
  current,
  csrf,
  flash,
  scripts = [],
  stylesheets = [],
  children,
}: StaffLayoutProps) {
  const t = translations(lang);
  const ta = t.admin;
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${title} – ${ta.frame.workspace} – ${t.site.name}`}</title>
        <link rel="stylesheet" href={SITE_CSS.url} />
        <IconLinks />
        {stylesheets.map((href) => (
          <link key={href} rel="stylesheet" href={href} />
        ))}
        {scripts.map((src) => (
          <script key={src} src={src} defer />
        ))}
      </head>
      <body className="staff">
        <a className="skip" href="#main">
          {t.site.skipToContent}
        </a>
        <header className="site staff">
          <div className="wrap">
            <a className="logo" href={`/${lang}/staff`}>
              {t.site.name}
              <small>{ta.frame.workspace}</small>
            </a>
            <LanguageLinks lang={lang} path={path} search={search} />
            <div className="who" data-qa="staff-user">
              <span className="visually-hidden">{ta.frame.signedInAs} </span>
              <span>
                <strong>{actor.name}</strong>
                {organizationName ? (
                  <>
                    {', '}
                    <Text text={organizationName} lang={lang} />
                  </>
                ) : null}
              </span>
              <form method="post" action="/auth/sign-out" className="sign-out">
                <input type="hidden" name="_csrf" value={csrf} />
                <button type="submit" className="link" data-qa="sign-out">
                  {ta.frame.signOut}
                </button>
              </form>
            </div>
          </div>
          <nav aria-label={ta.frame.nav} className="staff-nav">
            <div className="wrap">
              <ul>
                {sectionsFor(actor).map((s) => (
                  <li key={s.key}>
                    <a
                      href={`/${lang}${s.href}`}
                      aria-current={current === s.key ? 'page' : undefined}
                      data-qa={`nav-${s.key}`}
                    >
                      {sectionLabel(lang, s.key)}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          </nav>
        </header>
        <main id="main" tabIndex={-1}>
          <div className="wrap">
            {flash ? (
              <div className="notice success" role="status" data-qa="flash">
                <p>{flash}</p>
              </div>
            ) : null}
            {children}
          </div>
        </main>
        <footer className="site">
          <div className="wrap">
            <p>
              <a href={`/${lang}`}>{ta.frame.publicSite}</a>
            </p>
            <NoticeLinks lang={lang} />
          </div>
        </footer>
      </body>
    </html>
  );
}
