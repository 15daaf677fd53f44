/**
 * The managers' page of the region's feedback comments ("Palaute"): each comment with only the
 * month its contact closed and the got-help answer — no municipality, no link, no time — newest
 * month first, 50 to a page. The comment is the family's own text, isolated (<bdi>) and in its
 * own language.
 */
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { DataTable } from '../../../ui/DataTable.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import type { CommentsPage } from '../feedback.ts';
import { monthName } from '../model.ts';
import type { CommentRow } from '../queries.ts';

export const COMMENTS_PATH = '/staff/feedback';

export function FeedbackCommentsPage({
  lang,
  actor,
  organizationName,
  csrf,
  result,
  search,
}: {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  result: CommentsPage;
  /** the period's query (from, to), kept in the pager's links */
  search: URLSearchParams;
}) {
  const t = translations(lang).feedback.comments;
  const { page, pages } = result;
  const pageHref = (n: number) => {
    const query = new URLSearchParams(search);
    query.set('page', String(n));
    return `/${lang}${COMMENTS_PATH}?${query.toString()}`;
  };
  return (
    <StaffLayout
      lang={lang}
      title={t.title}
      path={COMMENTS_PATH}
      actor={actor}
      organizationName={organizationName}
      current="feedback"
      csrf={csrf}
    >
      <h1>{t.title}</h1>
      <p className="lead-small">{t.lead}</p>
      {result.comments.length === 0 ? (
        <p className="notice" data-qa="feedback-none">
          {t.none}
        </p>
      ) : (
        <DataTable
          qa="feedback-comments"
          caption={t.caption}
          rows={result.comments}
          rowKey={(_row, i) => String(i)}
          columns={[
            { header: t.month, rowHeader: true, cell: (r: CommentRow) => monthName(r.month, lang) },
            { header: t.gotHelp, cell: (r: CommentRow) => t.gotHelpValues[r.got_help] },
            {
              header: t.comment,
              cell: (r: CommentRow) => (
                <p lang={r.language} dir="auto" className="message-text" data-qa="feedback-comment">
                  <bdi>{r.comment}</bdi>
                </p>
              ),
            },
          ]}
        />
      )}
      {pages > 1 ? (
        <nav aria-label={t.pagination} className="pager" data-qa="feedback-pager">
          <ul>
            {page > 1 ? (
              <li>
                <a href={pageHref(page - 1)}>{t.previous}</a>
              </li>
            ) : null}
            <li>
              <span aria-current="page">{format(t.pages, { page, pages })}</span>
            </li>
            {page < pages ? (
              <li>
                <a href={pageHref(page + 1)}>{t.next}</a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </StaffLayout>
  );
}
