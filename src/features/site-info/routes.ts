/**
 * What the site says about itself: the privacy notice, the accessibility statement and the
 * cookie note of the site's region (docs/decisions/0008-notice-paths.md), and the favicon.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { createElement, type FunctionComponent } from 'react';
import { LANGS, type Lang } from '../../i18n/index.ts';
import { LOGIN_COOKIE, LOGIN_MINUTES } from '../../platform/auth/oidc.ts';
import { SESSION_COOKIE } from '../../platform/auth/session.ts';
import type { DB } from '../../platform/db/types.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { defineAsset } from '../../ui/assets.ts';
import { NOTICE_PATHS, type NoticeKind, type PageAccount, renderPage } from '../../ui/Layout.tsx';
import { type NoticeFacts, readRegionNotices, STATEMENT_WRITTEN_ON } from './notices.ts';
import {
  AccessibilityPage,
  type CookieFacts,
  CookiesPage,
  type NoticePageProps,
  PrivacyPage,
} from './pages/NoticePages.tsx';

// the site's icons, at the addresses browsers ask for (served with every asset by ui/assets.ts)
defineAsset('/favicon.svg', new URL('./favicon.svg', import.meta.url));
defineAsset('/favicon.ico', new URL('./favicon.ico', import.meta.url));
/** the notice pages' stylesheet */
export const NOTICES_CSS = defineAsset('/assets/notices.css', new URL('./notices.css', import.meta.url)).url;

/** @fastify/csrf-protection's cookie (platform/http/csrf.ts keeps the plugin's default name). */
const CSRF_COOKIE = '_csrf';

const COOKIES: CookieFacts = {
  session: SESSION_COOKIE,
  login: LOGIN_COOKIE,
  csrf: CSRF_COOKIE,
  loginMinutes: LOGIN_MINUTES,
};

const PAGES: Record<NoticeKind, FunctionComponent<NoticePageProps>> = {
  privacy: PrivacyPage,
  accessibility: AccessibilityPage,
  cookies: CookiesPage,
};

export interface SiteInfoOptions {
  db: Kysely<DB>;
  /** the settings the privacy notice and the cookie note quote */
  settings: NoticeFacts['settings'];
}

export async function siteInfoRoutes(app: FastifyInstance, { db, settings }: SiteInfoOptions) {
  const hidden = { schema: { hide: true } };

  /** The signed-in user for the header, or nothing: signed-out visitors get no form cookie here. */
  const accountOf = (request: FastifyRequest, reply: FastifyReply): PageAccount | undefined =>
    request.actor.kind === 'anonymous' ? undefined : { actor: request.actor, csrfToken: csrfToken(reply) };

  for (const kind of Object.keys(PAGES) as NoticeKind[]) {
    for (const lang of LANGS) {
      app.get(NOTICE_PATHS[kind][lang], hidden, async (request, reply) => {
        const region = request.siteRegion;
        const notices = await readRegionNotices(db, region.id);
        const facts: NoticeFacts = {
          controller: region.name,
          notices: {
            ...notices,
            accessibilityReviewedOn: notices.accessibilityReviewedOn ?? STATEMENT_WRITTEN_ON,
          },
          settings,
        };
        const props: NoticePageProps = {
          lang: lang as Lang,
          stylesheet: NOTICES_CSS,
          facts,
          cookies: COOKIES,
          account: accountOf(request, reply),
        };
        return reply.type('text/html; charset=utf-8').send(renderPage(createElement(PAGES[kind], props)));
      });
    }
  }
}
