import { createElement, type ReactElement } from 'react';
import { LANGS } from '../i18n/index.ts';
import type { ErrorPageRenderer } from '../platform/http/server.ts';
import { ErrorPage } from './Layout.tsx';
import { StaffErrorPage } from './StaffErrorPage.tsx';

const STAFF_PATH = new RegExp(`^/(${LANGS.join('|')})(/staff(?:[/?].*)?)$`);

/**
 * The error page in the frame the user is in (issue 10, finding 18): a signed-in worker on a
 * staff path gets the staff frame; everyone else the public one, with their name in the header
 * when they are signed in.
 */
export function errorPage({
  lang,
  status,
  code,
  message,
  reference,
  request,
  reply,
}: Parameters<ErrorPageRenderer>[0]): ReactElement {
  // before the session and CSRF hooks have run (a broken URL), nobody is known
  const actor = request.actor ?? undefined;
  const csrf = () => (typeof reply.generateCsrf === 'function' ? reply.generateCsrf() : undefined);
  const staffPath = STAFF_PATH.exec(request.url);
  if (actor?.kind === 'staff' && staffPath && !code.startsWith('auth.')) {
    const token = csrf();
    if (token) {
      return createElement(StaffErrorPage, {
        lang,
        status,
        message,
        reference,
        actor,
        path: (staffPath[2] ?? '/staff').split('?')[0] ?? '/staff',
        csrf: token,
      });
    }
  }
  const signedIn = actor && actor.kind !== 'anonymous' && !code.startsWith('auth.');
  return createElement(ErrorPage, {
    lang,
    status,
    code,
    message,
    reference,
    ...(signedIn ? { actor, csrfToken: csrf() } : {}),
  });
}
