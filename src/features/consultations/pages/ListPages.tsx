/**
 * The counsellors' queue of consultations ("Konsultaatiot") and the requester's own list
 * ("Omat konsultaatiot", with the link to a new request).
 */
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import type { ConsultationListItem } from '../consultations.ts';
import { ConsultationTable, MINE_PATH, NEW_PATH, QUEUE_PATH } from './ConsultationParts.tsx';

export interface ListPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  flash?: string;
  items: ConsultationListItem[];
}

export function QueuePage(props: ListPageProps) {
  const { lang, items } = props;
  const tq = translations(lang).consultations.queue;
  return (
    <StaffLayout {...props} title={tq.title} path={QUEUE_PATH} current="consultations">
      <h1>{tq.title}</h1>
      <p className="lead-small">{tq.lead}</p>
      {items.length === 0 ? (
        <p className="notice" data-qa="queue-empty">
          {tq.empty}
        </p>
      ) : (
        <ConsultationTable
          lang={lang}
          items={items}
          list="queue"
          caption={format(tq.caption, { count: items.length })}
        />
      )}
    </StaffLayout>
  );
}

export function MinePage(props: ListPageProps) {
  const { lang, items } = props;
  const tm = translations(lang).consultations.mine;
  return (
    <StaffLayout {...props} title={tm.title} path={MINE_PATH} current="my-consultations">
      <h1>{tm.title}</h1>
      <p className="lead-small">{tm.lead}</p>
      <p>
        <a className="button" href={`/${lang}${NEW_PATH}`} data-qa="new-consultation">
          {tm.newLink}
        </a>
      </p>
      {items.length === 0 ? (
        <p className="notice" data-qa="mine-empty">
          {tm.empty}
        </p>
      ) : (
        <ConsultationTable
          lang={lang}
          items={items}
          list="mine"
          caption={format(tm.caption, { count: items.length })}
        />
      )}
    </StaffLayout>
  );
}
