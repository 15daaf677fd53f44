import { format, type Lang, translations } from '../i18n/index.ts';
import type { StaffActor } from '../platform/auth/actor.ts';
import { StaffLayout, sectionLabel, sectionsFor } from './StaffLayout.tsx';

/**
 * An error on a staff page, in the staff frame (issue 10, finding 18): a worker who opens what
 * they may not see (another unit's handoff) stays in the workspace, with its navigation, and is
 * offered the section they were in and the workspace home — not the public site's "Sign in".
 * What they may not see is still "not found": the page does not say that it exists.
 */
export function StaffErrorPage({
  lang,
  status,
  message,
  reference,
  actor,
  path,
  csrf,
}: {
  lang: Lang;
  status: number;
  message: string;
  reference: string;
  actor: StaffActor;
  /** the path after the language, e.g. "/staff/handoffs/…" */
  path: string;
  csrf: string;
}) {
  const t = translations(lang).errorPage;
  const kind = status >= 500 ? 'error' : status === 404 ? 'notFound' : 'badRequest';
  const title = { error: t.errorTitle, notFound: t.notFoundTitle, badRequest: t.actionFailedTitle }[kind];
  const text = kind === 'error' ? t.errorText : kind === 'notFound' ? t.staffNotFoundText : message;
  // the section of the workspace the page belongs to, when the user has that section
  const section = sectionsFor(actor)
    .filter((s) => s.key !== 'home' && (path === s.href || path.startsWith(`${s.href}/`)))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return (
    <StaffLayout lang={lang} title={title} path={path} actor={actor} csrf={csrf} current={section?.key}>
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        {section ? (
          <>
            <a className="button" href={`/${lang}${section.href}`} data-qa="error-go-section">
              {sectionLabel(lang, section.key)}
            </a>{' '}
          </>
        ) : null}
        <a className="button secondary" href={`/${lang}/staff`} data-qa="error-go-staff">
          {t.goStaffHome}
        </a>
      </p>
      {status >= 500 ? <p className="meta">{format(t.reference, { id: reference })}</p> : null}
    </StaffLayout>
  );
}
