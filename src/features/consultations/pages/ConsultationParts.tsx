/**
 * What the consultation pages share: the addresses, the state in words, a text someone wrote
 * (isolated, its lines kept), and the list of consultations with its clock (the first-response
 * day and an OVERDUE mark in words, never colour alone).
 */
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { ConsultationState } from '../../../platform/db/types.ts';
import { DataTable } from '../../../ui/DataTable.tsx';
import { dateTime, day, label, OverdueBadge } from '../../contacts/index.ts';
import type { ConsultationListItem } from '../consultations.ts';

export const QUEUE_PATH = '/staff/consultations';
export const MINE_PATH = '/staff/my-consultations';
export const NEW_PATH = `${MINE_PATH}/new`;
export const consultationPath = (id: string) => `${QUEUE_PATH}/${id}`;

export function StateBadge({ lang, state }: { lang: Lang; state: ConsultationState }) {
  return (
    <span className={`consultation-state state-${state}`} data-qa="consultation-state">
      {translations(lang).consultations.state[state]}
    </span>
  );
}

/** A text a person wrote: each line kept, isolated from the page's own direction. */
export function WrittenText({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n{2,}/).map((paragraph, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the paragraphs of one text never move
        <p key={i} dir="auto">
          {paragraph.split('\n').map((line, j) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one paragraph never move
            <span key={j}>
              {j > 0 ? <br /> : null}
              {line}
            </span>
          ))}
        </p>
      ))}
    </>
  );
}

/** The list of consultations: the queue (with who asked) or the requester's own (with news marked). */
export function ConsultationTable({
  lang,
  items,
  caption,
  list,
}: {
  lang: Lang;
  items: ConsultationListItem[];
  caption: string;
  list: 'queue' | 'mine';
}) {
  const tc = translations(lang).consultations;
  return (
    <DataTable
      qa={`consultations-${list}`}
      caption={caption}
      rows={items}
      rowKey={(c) => c.id}
      rowQa={() => 'consultation-row'}
      columns={[
        {
          header: tc.queue.colKind,
          rowHeader: true,
          cell: (c) => (
            <>
              <a href={`/${lang}${consultationPath(c.id)}`} data-qa="consultation-link">
                {tc.kind[c.kind]}
              </a>{' '}
              <span className="meta">({c.identified ? tc.identified : tc.anonymous})</span>
              {list === 'mine' && c.unread ? (
                <>
                  {' '}
                  <strong className="badge" data-qa="new-answer">
                    {tc.mine.newAnswer}
                  </strong>
                </>
              ) : null}
            </>
          ),
        },
        ...(list === 'queue'
          ? [
              {
                header: tc.queue.colFrom,
                cell: (c: ConsultationListItem) => label(c.requesterOrganization, lang),
              },
            ]
          : []),
        {
          header: tc.queue.colState,
          cell: (c) => (
            <>
              <StateBadge lang={lang} state={c.state} />
              {c.claimedByName ? (
                <span className="meta"> · {format(tc.queue.claimedBy, { name: c.claimedByName })}</span>
              ) : null}
            </>
          ),
        },
        {
          header: tc.queue.colRespondBy,
          cell: (c) => (
            <span data-qa="respond-by">
              {day(c.respondBy)} {c.overdue ? <OverdueBadge lang={lang} /> : null}
            </span>
          ),
        },
        { header: tc.queue.colReceived, cell: (c) => dateTime(lang, c.createdAt) },
      ]}
    />
  );
}
