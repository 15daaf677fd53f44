/**
 * The region's shared queue and a counsellor's own work: one list (a table on a desktop, cards
 * on a phone) that the live script swaps for a fresh copy (?fragment=1) when the queue changes.
 * Everything works without JavaScript: filters are a GET form, actions are form posts.
 */
import { format, type Lang, translations } from '../../../i18n/index.ts';
import { permitted } from '../../../platform/access/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { isOverdue } from '../../../platform/working-days.ts';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import type { CatalogueOptions } from '../../catalogue/index.ts';
import type { QueueItem } from '../contacts.ts';
import { QUEUE_VIEW } from '../policy.ts';
import { URGENCIES } from '../schema.ts';
import {
  agesText,
  ConflictNotice,
  dateTime,
  day,
  Hidden,
  label,
  OverdueBadge,
  UrgencyBadge,
  Waiting,
} from './StaffParts.tsx';

export type QueueKind = 'queue' | 'my-work';

export interface QueueFiltersForm {
  municipality: string;
  urgency: string;
  show: string;
}

export interface QueueListProps {
  lang: Lang;
  kind: QueueKind;
  actor: StaffActor;
  csrf: string;
  items: QueueItem[];
  total: number;
  filters: QueueFiltersForm;
  options: CatalogueOptions;
  counsellors: { id: string; name: string }[];
  now: Date;
}

export interface QueuePageProps extends QueueListProps {
  organizationName: LocalizedText | null;
  flash?: string;
  /** a refused action (409, or an assignee not chosen), shown at the top */
  notice?: string;
  duty: { phone: string[]; queue: string[] };
  /** the query string of the page as it is filtered (for the language links and "Refresh") */
  search: string;
  liveScript: string;
}

export const queuePath = (kind: QueueKind) => (kind === 'queue' ? '/staff/queue' : '/staff/my-work');

/** The filters as a query string ('' when none), in a fixed order. */
export function filterQuery(
  kind: QueueKind,
  f: QueueFiltersForm,
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams();
  if (f.municipality) params.set('municipality', f.municipality);
  if (f.urgency) params.set('urgency', f.urgency);
  if (kind === 'queue' && f.show && f.show !== 'all') params.set('show', f.show);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Whether the actor works contacts themself (has contacts of their own, claims): the contacts' policy says. */
const worksContacts = (actor: StaffActor) =>
  permitted(actor, 'read', { type: QUEUE_VIEW, id: null, view: 'mine' });

export function StaffQueuePage(props: QueuePageProps) {
  const { lang, kind, actor, filters } = props;
  const t = translations(lang);
  const ts = t.contactStaff;
  const tq = ts.queue;
  const path = queuePath(kind);
  const title = kind === 'queue' ? tq.title : tq.myWorkTitle;
  const municipalities = props.options.municipalities
    .filter((m) => m.regionId === actor.regionId)
    .map((m) => ({ code: m.code, name: label(m.name, lang) }))
    .sort((a, b) => a.name.localeCompare(b.name, lang));
  const isCounsellor = worksContacts(actor);
  const shows = [
    { value: 'all', label: tq.showAll },
    { value: 'unassigned', label: tq.showUnassigned },
    ...(isCounsellor ? [{ value: 'mine', label: tq.showMine }] : []),
  ];
  return (
    <StaffLayout
      lang={lang}
      title={title}
      path={path}
      search={props.search}
      actor={actor}
      organizationName={props.organizationName}
      current={kind}
      csrf={props.csrf}
      flash={props.flash}
      scripts={[props.liveScript]}
    >
      {props.notice ? (
        <ConflictNotice lang={lang} message={props.notice} reload={`/${lang}${path}${props.search}`} />
      ) : null}
      <div className="queue-head wide">
        <h1>{title}</h1>
        {isCounsellor ? (
          <a className="button" href={`/${lang}/staff/contacts/new`} data-qa="log-contact">
            {tq.logContact}
          </a>
        ) : null}
      </div>
      <p className="lead-small">{kind === 'queue' ? tq.lead : tq.myWorkLead}</p>
      <DutyLine lang={lang} duty={props.duty} />
      <search className="wide">
        <form method="get" action={`/${lang}${path}`} className="queue-filters" data-qa="queue-filters">
          <h2 className="visually-hidden">{tq.filters}</h2>
          <div className="field">
            <label htmlFor="filter-municipality">{tq.municipality}</label>
            <select id="filter-municipality" name="municipality" defaultValue={filters.municipality}>
              <option value="">{tq.allMunicipalities}</option>
              {municipalities.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-urgency">{tq.urgency}</label>
            <select id="filter-urgency" name="urgency" defaultValue={filters.urgency}>
              <option value="">{tq.allUrgencies}</option>
              {URGENCIES.map((u) => (
                <option key={u} value={u}>
                  {t.contacts.urgency[u]}
                </option>
              ))}
            </select>
          </div>
          {kind === 'queue' ? (
            <fieldset className="show">
              <legend>{tq.show}</legend>
              <div className="options">
                {shows.map((s) => (
                  <label key={s.value} className="check">
                    <input
                      type="radio"
                      name="show"
                      value={s.value}
                      defaultChecked={(filters.show || 'all') === s.value}
                    />
                    <span>{s.label}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <button type="submit" data-qa="apply-filters">
            {tq.apply}
          </button>
        </form>
      </search>
      <div className="queue-live wide">
        <p
          id="queue-live"
          className="live-note"
          aria-live="polite"
          data-msg-new={tq.liveNew}
          data-msg-updated={tq.liveUpdated}
          data-qa="queue-live"
        />
        <p className="meta">
          {tq.liveHint}{' '}
          <a href={`/${lang}${path}${props.search}`} data-qa="refresh">
            {tq.refresh}
          </a>
        </p>
      </div>
      <QueueList {...props} />
    </StaffLayout>
  );
}

/** Who answers the phone and who works the queue today, from the duty roster. */
export function DutyLine({ lang, duty }: { lang: Lang; duty: { phone: string[]; queue: string[] } }) {
  const td = translations(lang).contactStaff.duty;
  const names = (list: string[]) => (list.length > 0 ? list.join(', ') : td.nobody);
  return (
    <section className="duty wide" aria-label={td.label} data-qa="duty">
      <p>
        <span className="duty-item">
          <span aria-hidden="true" className="duty-icon">
            ☎
          </span>{' '}
          {td.phone}: <strong data-qa="duty-phone">{names(duty.phone)}</strong>
        </span>
        <span className="duty-item">
          {td.queue}: <strong>{names(duty.queue)}</strong>
        </span>
        <a href={`/${lang}/staff/roster`}>{td.rosterLink}</a>
      </p>
    </section>
  );
}

/** The list itself: what ?fragment=1 answers, and what the live script replaces. */
export function QueueList(props: QueueListProps) {
  const { lang, kind, items, total, actor, csrf, filters, options, counsellors, now } = props;
  const t = translations(lang);
  const tq = t.contactStaff.queue;
  const tc = t.contactStaff.common;
  const isCounsellor = worksContacts(actor);
  const municipalityName = new Map(options.municipalities.map((m) => [m.code, label(m.name, lang)]));
  const topicName = new Map(options.topics.map((x) => [x.code, label(x.name, lang)]));
  // the family's words come only to those the access policy lets read them (not to a manager)
  const withText = items.some((item) => item.firstLine !== null);
  const back = (
    <>
      <Hidden name="_csrf" value={csrf} />
      <Hidden name="back" value={kind} />
      {filters.municipality ? <Hidden name="municipality" value={filters.municipality} /> : null}
      {filters.urgency ? <Hidden name="urgency" value={filters.urgency} /> : null}
      {kind === 'queue' && filters.show ? <Hidden name="show" value={filters.show} /> : null}
    </>
  );
  const cell = (text: string) => (
    <span className="cell-label" aria-hidden="true">
      {text}
    </span>
  );
  return (
    <div id="queue-list" className="queue-list wide" data-qa="queue-list">
      <p className="queue-count" data-qa="queue-count">
        <strong>{total === 1 ? tq.countOne : format(tq.count, { count: total })}</strong>
        {items.length < total ? ` ${format(tq.limited, { shown: items.length })}` : null}
      </p>
      {items.length === 0 ? (
        <p className="notice" data-qa="queue-empty">
          {kind === 'my-work' ? tq.emptyMine : tq.empty}
        </p>
      ) : (
        <table className="queue-table">
          <caption className="visually-hidden">{tq.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{tq.colContact}</th>
              <th scope="col">{withText ? tq.colMessage : tq.colLanguage}</th>
              <th scope="col">{tq.colWho}</th>
              <th scope="col">{tq.colTopics}</th>
              <th scope="col">{tq.colUrgency}</th>
              <th scope="col">{tq.colWaiting}</th>
              <th scope="col">{tq.colRespondBy}</th>
              <th scope="col">{tq.colAssignee}</th>
              <th scope="col">{tq.colActions}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const overdue = !item.firstResponseAt && isOverdue(item.respondBy, now);
              const topics = item.topics.map((code) => topicName.get(code) ?? code);
              return (
                <tr
                  key={item.id}
                  id={`contact-${item.id}`}
                  className={`urgency-${item.urgency}${overdue ? ' is-overdue' : ''}`}
                  data-qa="queue-row"
                  data-reference={item.reference}
                >
                  <th scope="row" className="ref">
                    {isCounsellor ? (
                      <a href={`/${lang}/staff/contacts/${item.id}`} data-qa="open-contact">
                        {item.reference}
                      </a>
                    ) : (
                      <span>{item.reference}</span>
                    )}
                    <span className="meta">
                      {t.contacts.channel[item.channel as keyof typeof t.contacts.channel] ?? item.channel}
                      {' · '}
                      {t.contacts.contacter[item.contacter as keyof typeof t.contacts.contacter] ??
                        item.contacter}
                    </span>
                    <span className="meta">
                      {format(tq.received, { when: dateTime(lang, item.receivedAt) })}
                    </span>
                  </th>
                  {/* one column for both keeps the table within a 1280 px screen */}
                  <td className="first-line">
                    {cell(withText ? tq.colMessage : tq.colLanguage)}
                    {item.firstLine !== null ? (
                      <span data-qa="first-line" lang={item.language}>
                        <bdi>{item.firstLine}</bdi>
                      </span>
                    ) : null}
                    <span className={withText ? 'meta' : undefined} data-qa="reply-language">
                      {withText
                        ? format(tq.replyLanguage, { language: t.contactStaff.languages[item.language] })
                        : t.contactStaff.languages[item.language]}
                    </span>
                  </td>
                  <td>
                    {cell(tq.colWho)}
                    <span>
                      {item.municipalityCode
                        ? (municipalityName.get(item.municipalityCode) ?? item.municipalityCode)
                        : tq.noMunicipality}
                    </span>
                    <span className="meta">
                      {item.childAges.length > 0 ? agesText(lang, item.childAges) : tq.noChildren}
                    </span>
                  </td>
                  <td>
                    {cell(tq.colTopics)}
                    {topics.length > 0 ? topics.join(', ') : <span className="meta">{tq.noTopics}</span>}
                  </td>
                  <td>
                    {cell(tq.colUrgency)}
                    <UrgencyBadge lang={lang} urgency={item.urgency} />
                  </td>
                  <td>
                    {cell(tq.colWaiting)}
                    <Waiting lang={lang} urgency={item.urgency} receivedAt={item.receivedAt} now={now} />
                  </td>
                  <td>
                    {cell(tq.colRespondBy)}
                    <span>{day(item.respondBy)}</span> {overdue ? <OverdueBadge lang={lang} /> : null}
                    {item.firstResponseAt ? (
                      <span className="meta">
                        {format(tc.answered, { when: dateTime(lang, item.firstResponseAt) })}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {cell(tq.colAssignee)}
                    <span>{item.assignedName ?? tq.unassigned}</span>
                    <span className="meta">{t.contacts.state[item.state]}</span>
                  </td>
                  <td className="actions">
                    {isCounsellor && item.state === 'new' ? (
                      <form method="post" action={`/${lang}/staff/contacts/${item.id}/claim`}>
                        {back}
                        <button type="submit" data-qa="claim">
                          {tq.claim}
                          <span className="visually-hidden"> {item.reference}</span>
                        </button>
                      </form>
                    ) : null}
                    <form
                      method="post"
                      action={`/${lang}/staff/contacts/${item.id}/assign`}
                      className="assign-form"
                    >
                      {back}
                      <Hidden name="version" value={item.version} />
                      <label htmlFor={`assign-${item.id}`} className="visually-hidden">
                        {format(tq.assignLabel, { reference: item.reference })}
                      </label>
                      <select
                        id={`assign-${item.id}`}
                        name="staffUserId"
                        defaultValue=""
                        data-qa="assign-select"
                      >
                        <option value="">{tc.chooseCounsellor}</option>
                        {counsellors.map((c) => (
                          <option key={c.id} value={c.id}>
                            {c.name}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="secondary" data-qa="assign">
                        {tq.assign}
                        <span className="visually-hidden"> {item.reference}</span>
                      </button>
                    </form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
