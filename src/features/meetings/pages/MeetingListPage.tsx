/**
 * The "Yhdessä aika" section of the staff workspace: the families' requests waiting for an
 * organiser (each with a "take it" button), my meetings with their state and next step, and
 * the other meetings of the counsellor's registries.
 */
import { type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { DataTable } from '../../../ui/DataTable.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import type { MeetingListItem } from '../views.ts';
import { MEETINGS_PATH, meetingPath, StateBadge, when } from './MeetingParts.tsx';

export interface MeetingListPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  flash?: string;
  requests: MeetingListItem[];
  mine: MeetingListItem[];
  others: MeetingListItem[];
}

export function MeetingListPage(props: MeetingListPageProps) {
  const { lang, csrf } = props;
  const t = translations(lang).meetings;
  const link = (m: MeetingListItem) => (
    <a href={`/${lang}${meetingPath(m.id)}`} data-qa="meeting-link">
      {m.contactReference}
    </a>
  );
  const table = (items: MeetingListItem[], qa: string, caption: string) => (
    <DataTable
      qa={qa}
      caption={caption}
      rows={items}
      rowKey={(m) => m.id}
      rowQa={() => 'meeting-row'}
      columns={[
        { header: t.list.contact, cell: link, rowHeader: true },
        { header: t.list.state, cell: (m) => <StateBadge lang={lang} state={m.state} /> },
        { header: t.list.next, cell: (m) => t.nextStep[m.state] },
        { header: t.list.when, cell: (m) => (m.startsAt ? when(lang, m.startsAt) : t.page.notYet) },
        { header: t.list.organizer, cell: (m) => m.organizerName ?? '–' },
      ]}
    />
  );
  return (
    <StaffLayout {...props} title={t.list.title} path={MEETINGS_PATH} current="meetings">
      <h1>{t.list.title}</h1>
      <p className="meta">{t.list.newHint}</p>
      <section aria-labelledby="requests" data-qa="list-requests">
        <h2 id="requests">
          {t.list.requests} ({props.requests.length})
        </h2>
        {props.requests.length === 0 ? (
          <p className="notice" data-qa="empty-requests">
            {t.list.noRequests}
          </p>
        ) : (
          <DataTable
            qa="requests"
            caption={t.list.requests}
            rows={props.requests}
            rowKey={(m) => m.id}
            rowQa={() => 'request-row'}
            columns={[
              { header: t.list.contact, cell: link, rowHeader: true },
              { header: t.list.requestedAt, cell: (m) => when(lang, m.createdAt) },
              {
                header: t.list.take,
                labelHidden: true,
                cell: (m) => (
                  <form method="post" action={`/${lang}${meetingPath(m.id)}/organise`}>
                    <input type="hidden" name="_csrf" value={csrf} />
                    <input type="hidden" name="version" value={String(m.version)} />
                    <button type="submit" className="button" data-qa="take-request">
                      {t.list.take}
                    </button>
                  </form>
                ),
              },
            ]}
          />
        )}
      </section>
      <section aria-labelledby="mine" data-qa="list-mine">
        <h2 id="mine">
          {t.list.mine} ({props.mine.length})
        </h2>
        {props.mine.length === 0 ? (
          <p className="notice" data-qa="empty-mine">
            {t.list.noMine}
          </p>
        ) : (
          table(props.mine, 'mine', t.list.mine)
        )}
      </section>
      <section aria-labelledby="others" data-qa="list-others">
        <h2 id="others">
          {t.list.others} ({props.others.length})
        </h2>
        {props.others.length === 0 ? (
          <p className="notice" data-qa="empty-others">
            {t.list.noOthers}
          </p>
        ) : (
          table(props.others, 'others', t.list.others)
        )}
      </section>
    </StaffLayout>
  );
}
