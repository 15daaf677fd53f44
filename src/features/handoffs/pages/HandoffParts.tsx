/**
 * What the handoff pages share: the state in words, a refusal's message with the state named,
 * and the list of handoffs (a table on a wide screen, a card per handoff on a phone), each with
 * its clock: the answer-by day and an OVERDUE mark in words, never colour alone.
 */
import { type ErrorCode, errorMessage, format, type Lang, translations } from '../../../i18n/index.ts';
import type { HandoffState } from '../../../platform/db/types.ts';
import { defineAsset } from '../../../ui/assets.ts';
import { agesText, dateTime, day, label, OverdueBadge } from '../../contacts/index.ts';
import type { HandoffListItem } from '../handoffs.ts';

/** The handoff pages' own stylesheet, and its address changing with its content (cached for good). */
export const HANDOFFS_STYLES = defineAsset(
  '/assets/handoffs.css',
  new URL('./handoffs.css', import.meta.url),
);
export const HANDOFFS_CSS_URL = HANDOFFS_STYLES.url;

export const HANDOFFS_PATH = '/staff/handoffs';
export const handoffPath = (id: string) => `${HANDOFFS_PATH}/${id}`;
export const suggestionsPath = (contactId: string) => `/staff/contacts/${contactId}/suggestions`;

const CLOSED: readonly HandoffState[] = ['completed', 'declined', 'cancelled', 'expired'];

export function StateBadge({ lang, state }: { lang: Lang; state: HandoffState }) {
  const text = translations(lang).handoffs.state[state];
  return (
    <span
      className={`handoff-state state-${state}${CLOSED.includes(state) ? ' closed' : ''}`}
      data-qa="state"
    >
      {text}
    </span>
  );
}

/** The message of a refusal (409 or 404), with a handoff's state in words. */
export function handoffConflict(lang: Lang, code: ErrorCode, params: Record<string, string | number>) {
  const states = translations(lang).handoffs.state as Record<string, string>;
  const state = typeof params.state === 'string' ? (states[params.state] ?? params.state) : undefined;
  return errorMessage(lang, code, state ? { ...params, state } : params);
}

/** The unit before the organisation ("unit · "), unless it is named as its service is. */
function unitText(lang: Lang, h: HandoffListItem): string {
  if (!h.targetUnitName) return `${translations(lang).handoffs.list.noUnit} · `;
  const unit = label(h.targetUnitName, lang);
  return unit === label(h.targetServiceName, lang) ? '' : `${unit} · `;
}

export function HandoffTable({
  lang,
  items,
  caption,
  topicName,
  showSender,
}: {
  lang: Lang;
  items: HandoffListItem[];
  caption: string;
  topicName: Map<string, string>;
  showSender: boolean;
}) {
  const t = translations(lang);
  const tl = t.handoffs.list;
  const cell = (text: string) => (
    <span className="cell-label" aria-hidden="true">
      {text}
    </span>
  );
  return (
    <table className="queue-table handoff-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{tl.colHandoff}</th>
          <th scope="col">{tl.colService}</th>
          <th scope="col">{tl.colFamily}</th>
          <th scope="col">{tl.colState}</th>
          <th scope="col">{tl.colRespondBy}</th>
          <th scope="col">{tl.colAppointment}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((h) => {
          const topics = h.topics.map((code) => topicName.get(code) ?? code);
          return (
            <tr
              key={h.id}
              className={`urgency-${h.urgency}${h.overdue ? ' is-overdue' : ''}`}
              data-qa="handoff-row"
              data-reference={h.contactReference}
              data-id={h.id}
            >
              <th scope="row" className="ref">
                <a href={`/${lang}${handoffPath(h.id)}`} data-qa="open-handoff">
                  {h.contactReference}
                </a>
                <span className="meta">{format(tl.created, { when: dateTime(lang, h.createdAt) })}</span>
                {showSender ? (
                  <span className="meta">{format(tl.sender, { name: h.senderName })}</span>
                ) : null}
              </th>
              <td>
                {cell(tl.colService)}
                <span>{label(h.targetServiceName, lang)}</span>
                <span className="meta">
                  {unitText(lang, h)}
                  {label(h.targetOrganizationName, lang)}
                </span>
              </td>
              <td>
                {cell(tl.colFamily)}
                <span>{h.childAges.length > 0 ? agesText(lang, h.childAges) : tl.noChildren}</span>
                <span className="meta">{topics.length > 0 ? topics.join(', ') : tl.noTopics}</span>
              </td>
              <td>
                {cell(tl.colState)}
                <StateBadge lang={lang} state={h.state} />
                {h.familyRequest ? (
                  <span className="family-request-badge" data-qa="family-request">
                    {h.familyRequest === 'change'
                      ? t.familyAppointment.staff.change
                      : t.familyAppointment.staff.cancel}
                  </span>
                ) : null}
              </td>
              <td>
                {cell(tl.colRespondBy)}
                <span>{day(h.respondBy)}</span> {h.overdue ? <OverdueBadge lang={lang} /> : null}
              </td>
              <td>
                {cell(tl.colAppointment)}
                {h.appointmentAt ? (
                  <span data-qa="appointment">{dateTime(lang, h.appointmentAt)}</span>
                ) : (
                  <span className="meta">{tl.noAppointment}</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
