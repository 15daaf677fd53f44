import type { ReactNode } from 'react';
import { type Lang, translations } from '../i18n/index.ts';
import { hasRole, type StaffActor, type StaffRole } from '../platform/auth/actor.ts';
import type { LocalizedText } from '../platform/db/types.ts';
import { SITE_CSS } from './assets.ts';
import { IconLinks, LanguageLinks, NoticeLinks, Text } from './Layout.tsx';

/** A workspace section, who sees it in the navigation, and where it lives (after /:lang). */
interface StaffSection {
  key: 'home' | 'queue' | 'my-work' | 'roster' | 'handoffs' | 'network' | 'catalogue' | 'access-log';
  href: string;
  roles: StaffRole[] | 'all';
}

/** The workspace's sections by role; later capabilities add their rows here. */
export const STAFF_SECTIONS: StaffSection[] = [
  { key: 'home', href: '/staff', roles: 'all' },
  { key: 'queue', href: '/staff/queue', roles: ['counsellor', 'manager'] },
  { key: 'my-work', href: '/staff/my-work', roles: ['counsellor'] },
  { key: 'roster', href: '/staff/roster', roles: ['counsellor', 'manager'] },
  { key: 'handoffs', href: '/staff/handoffs', roles: ['counsellor', 'receiving_worker', 'manager'] },
  {
    key: 'network',
    href: '/staff/network',
    roles: ['administrator', 'manager', 'counsellor', 'receiving_worker'],
  },
  { key: 'catalogue', href: '/staff/catalogue', roles: ['catalogue_editor', 'administrator'] },
  { key: 'access-log', href: '/staff/access-log', roles: ['dpo'] },
];

export function sectionsFor(actor: StaffActor): StaffSection[] {
  return STAFF_SECTIONS.filter((s) => s.roles === 'all' || s.roles.some((r) => hasRole(actor, r)));
}

export function sectionLabel(lang: Lang, key: StaffSection['key']): string {
  const t = translations(lang);
  const labels: Record<StaffSection['key'], string> = {
    home: t.admin.nav.home,
    queue: t.contactStaff.nav.queue,
    'my-work': t.contactStaff.nav.myWork,
    roster: t.contactStaff.nav.roster,
    handoffs: t.handoffs.nav.handoffs,
    network: t.network.nav.network,
    catalogue: t.admin.nav.catalogue,
    'access-log': t.admin.nav.accessLog,
  };
  return labels[key];
}

/** One line on what a section is for (the workspace home lists the sections with it). */
export function sectionText(lang: Lang, key: StaffSection['key']): string {
  const t = translations(lang);
  const texts: Record<StaffSection['key'], string> = {
    home: '',
    queue: t.contactStaff.home.queueText,
    'my-work': t.contactStaff.home.myWorkText,
    roster: t.contactStaff.home.rosterText,
    handoffs: t.handoffs.home.handoffsText,
    network: t.network.home.networkText,
    catalogue: t.admin.home.catalogueText,
    'access-log': t.admin.home.accessLogText,
  };
  return texts[key];
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

/** The staff workspace frame: navigation by role, who is signed in, sign-out, languages. */
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
