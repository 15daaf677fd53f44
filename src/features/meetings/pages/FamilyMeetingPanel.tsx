/**
 * The Yhdessä aika part of the family's status page (rendered there through a port that app.ts
 * wires, so the contact point does not import meetings): each meeting of the contact — the
 * request waiting for an organiser, the poll link, the time and place agreed with a calendar
 * file, and after the meeting the agenda, the agreements and the follow-up — and the link to
 * ask for a meeting when none is open. Never the other participants or their addresses.
 */
import { format, type Lang, translations } from '../../../i18n/index.ts';
import { formatFinnishDate, helsinkiDate } from '../../../platform/working-days.ts';
import { DataTable } from '../../../ui/DataTable.tsx';
import { UserText } from '../../../ui/UserText.tsx';
import { appointmentWhen } from '../../contacts/index.ts';
import type { FamilyMeeting } from '../family.ts';

export interface FamilyMeetingPanelProps {
  lang: Lang;
  meetings: FamilyMeeting[];
  /** the family's request form, when it may ask for one now */
  requestHref: string | null;
  /** a meeting's calendar file */
  calendarHref: (meetingId: string) => string;
  /** the family's poll page */
  pollHref: (pollToken: string) => string;
  /** the notice after a request */
  requested: boolean;
}

export function FamilyMeetingPanel(props: FamilyMeetingPanelProps) {
  const { lang, meetings } = props;
  const t = translations(lang).meetingsFamily.panel;
  if (meetings.length === 0 && !props.requestHref) return null;
  return (
    <section aria-labelledby="meetings-title" id="meetings" data-qa="status-meetings">
      <h2 id="meetings-title" tabIndex={-1}>
        {t.title}
      </h2>
      {props.requested ? (
        <p className="notice success" role="status" data-qa="meeting-requested">
          {t.requestSent}
        </p>
      ) : null}
      {meetings.length === 0 ? <p>{t.intro}</p> : null}
      {meetings.length > 0 ? (
        <ul className="results status-meetings">
          {meetings.map((m) => (
            <MeetingItem key={m.id} {...props} meeting={m} />
          ))}
        </ul>
      ) : null}
      {props.requestHref ? (
        <p>
          <a className="button secondary" href={props.requestHref} data-qa="meeting-request-link">
            {t.requestLink}
          </a>
        </p>
      ) : null}
    </section>
  );
}

function MeetingItem({
  lang,
  meeting: m,
  calendarHref,
  pollHref,
}: FamilyMeetingPanelProps & { meeting: FamilyMeeting }) {
  const t = translations(lang).meetingsFamily.panel;
  const organization = m.organizer?.organization;
  const day = (d: string) => formatFinnishDate(d);
  return (
    <li className="card" data-qa="status-meeting" data-state={m.state}>
      <h3>
        {t.title}: <span data-qa="meeting-state">{t.state[m.state]}</span>
      </h3>
      {m.state === 'requested' ? <p>{t.requestedText}</p> : null}
      {m.state === 'cancelled' ? <p>{t.cancelledText}</p> : null}
      <dl className="facts">
        {m.requestText && (m.state === 'requested' || m.state === 'proposed') ? (
          <>
            <dt>{t.yourWish}</dt>
            <dd className="entry-text">
              <UserText>{m.requestText}</UserText>
            </dd>
          </>
        ) : null}
        {m.organizer ? (
          <>
            <dt>{t.organizer}</dt>
            <dd data-qa="meeting-organizer">
              <UserText>{m.organizer.name}</UserText>
              {organization ? `, ${organization[lang] || organization.fi}` : ''}
            </dd>
          </>
        ) : null}
        {m.startsAt && m.state !== 'cancelled' ? (
          <>
            <dt>{t.when}</dt>
            <dd data-qa="meeting-when">{appointmentWhen(lang, m.startsAt)}</dd>
          </>
        ) : null}
        {m.place && m.state !== 'cancelled' ? (
          <>
            <dt>{t.where}</dt>
            <dd data-qa="meeting-where">
              {m.place.kind === 'address' ? (
                <UserText>{m.place.address}</UserText>
              ) : (
                <>
                  {t.remote}:{' '}
                  <a href={m.place.url} rel="noreferrer noopener" data-qa="meeting-remote-link">
                    {t.remoteLink}
                  </a>
                </>
              )}
            </dd>
          </>
        ) : null}
      </dl>
      {m.pollToken ? (
        <p>
          {m.state === 'invited' ? t.replyText : t.pollText}{' '}
          <a href={pollHref(m.pollToken)} data-qa="meeting-poll-link">
            {m.state === 'invited' ? t.replyLink : t.pollLink}
          </a>
        </p>
      ) : null}
      {m.calendar ? (
        <p>
          <a href={calendarHref(m.id)} data-qa="meeting-calendar" download>
            {t.calendar}
          </a>
        </p>
      ) : null}
      {m.notes ? (
        <div data-qa="meeting-notes">
          {m.notes.agenda ? (
            <>
              <h4>{t.agenda}</h4>
              <div className="entry-text" data-qa="meeting-agenda">
                <p>
                  <UserText>{m.notes.agenda}</UserText>
                </p>
              </div>
            </>
          ) : null}
          {m.notes.agreements.length > 0 ? (
            <>
              <h4>{t.agreements}</h4>
              <DataTable
                qa="meeting-agreements"
                caption={t.agreements}
                rows={m.notes.agreements}
                rowKey={(_, i) => String(i)}
                rowQa={() => 'meeting-agreement'}
                columns={[
                  {
                    header: t.who,
                    cell: (a) => (a.family ? t.familyWho : <UserText>{a.who}</UserText>),
                    rowHeader: true,
                  },
                  { header: t.what, cell: (a) => <UserText>{a.what}</UserText> },
                  { header: t.by, cell: (a) => (a.by ? day(a.by) : '') },
                ]}
              />
            </>
          ) : null}
        </div>
      ) : null}
      {m.followedUpAt ? (
        <p data-qa="meeting-followed-up">
          {format(t.followedUp, { date: day(helsinkiDate(m.followedUpAt)) })}
        </p>
      ) : m.followUpOn && m.state === 'held' ? (
        <p data-qa="meeting-follow-up">
          <strong>{t.followUp}:</strong> {format(t.followUpText, { date: day(m.followUpOn) })}
        </p>
      ) : null}
    </li>
  );
}
