// The family's private status page: the reference, the state in words, the promised date, the
// messages with the counsellor and a form to write more. Opened with the unguessable token only.
// After a warm handoff with a first appointment, the page leads with where the family is now:
// the appointment (when, where, with whom), the unit's contact details, the calendar file and a
// form to ask for a new time or cancel; the contact's earlier steps come after (issue 10, 15).
import { Fragment, type ReactNode } from 'react';
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { formatFinnishDate, helsinkiDate } from '../../../platform/working-days.ts';
import { Choices, TextArea } from '../../../ui/forms.tsx';
import type { PageAccount } from '../../../ui/Layout.tsx';
import { ASK_PATHS, EMERGENCY_PATHS, Layout, pick } from '../../../ui/Layout.tsx';
import { mailtoHref } from '../../../ui/links.ts';
import { appointmentWhen } from '../appointment-text.ts';
import type { StatusView } from '../contacts.ts';
import {
  dateTimeText,
  dayText,
  EmergencyBox,
  ErrorSummary,
  type PageProblem,
  publicForm,
  QuickExit,
  telHref,
  UrgencyPromise,
  type UrgencyPromiseView,
} from './PublicParts.tsx';

/** The status page is a secret: no referrer leaves it and no search engine keeps it. */
export const PRIVATE_HEAD = (
  <>
    <meta name="referrer" content="no-referrer" />
    <meta name="robots" content="noindex, nofollow" />
  </>
);

export interface StatusPageProps {
  lang: Lang;
  view: StatusView;
  /** this page in each language */
  paths: Record<Lang, string>;
  /** the whole address of the page, to keep */
  privateUrl: string;
  /** just sent (?sent=1), and the urgency the answers signalled */
  sent: boolean;
  urgency: 'urgent' | 'emergency' | null;
  messageSent: boolean;
  csrf: string;
  messageId: string;
  text: string;
  problems: PageProblem[];
  socialPhone: string | null;
  account?: PageAccount;
  /** an open urgent or emergency contact's promise in words (issue 10, finding 1) */
  promise?: UrgencyPromiseView | null;
  /** where the family's handoffs to other services stand */
  handoffs: FamilyHandoffView[];
  /** the request form (move or cancel the appointment) as posted, with its problems */
  request?: AppointmentRequestForm;
  /** just sent a request (?request=1) */
  requestSent?: boolean;
  /** the consent requests and consents of the family (the consent feature's panel, wired by app.ts) */
  consent?: ReactNode;
  /** a closed contact's feedback form or thanks (the feedback feature's panel, wired by app.ts) */
  feedback?: ReactNode;
}

/** A handoff as the family sees it (from the handoff feature, through the app's wiring). */
export interface FamilyHandoffView {
  id: string;
  state: string;
  serviceName: LocalizedText;
  organizationName: LocalizedText;
  unitName: LocalizedText | null;
  appointmentAt: Date | null;
  appointmentPlace: string | null;
  appointmentWith: string | null;
  contact: {
    phones: { number: string; description: LocalizedText | null }[];
    email: string | null;
    address: { street: string; postalCode: string; city: LocalizedText } | null;
  };
  requests: { kind: 'change' | 'cancel'; text: string; at: Date }[];
}

export interface AppointmentRequestForm {
  requestId: string;
  kind: string;
  text: string;
  problems: PageProblem[];
}

/** The handoff the family is at now: the latest with a first appointment set (or just held). */
export function currentAppointment(handoffs: FamilyHandoffView[]): FamilyHandoffView | null {
  const withTime = handoffs.filter(
    (h) => h.appointmentAt !== null && (h.state === 'appointment_set' || h.state === 'first_visit_held'),
  );
  return withTime[withTime.length - 1] ?? null;
}

/** The status page's own addresses under its token: the calendar file and the request form. */
export const calendarPath = (statusPath: string) => `${statusPath}/calendar.ics`;
export const requestPath = (statusPath: string) => `${statusPath}/appointment`;

export function PublicStatusPage(props: StatusPageProps) {
  const { lang, view, problems } = props;
  const t = translations(lang);
  const ts = t.contactPublic.status;
  const closed = view.state === 'closed';
  const own = view.ownMessage
    ? [
        {
          id: 'own',
          from: 'family' as const,
          text: view.ownMessage.text,
          at: view.ownMessage.at,
          author: null,
        },
      ]
    : [];
  const messages = [...own, ...view.messages].sort((a, b) => a.at.getTime() - b.at.getTime());
  const current = currentAppointment(props.handoffs);
  const others = props.handoffs.filter((h) => h !== current);
  const requestProblems = props.request?.problems ?? [];
  const allProblems = [...requestProblems, ...problems];
  const heading =
    current?.appointmentAt != null
      ? format(t.familyAppointment.title, { when: appointmentWhen(lang, current.appointmentAt) })
      : ts.title;
  const title = allProblems.length ? `${t.contactPublic.errorSummary}: ${heading}` : heading;
  return (
    <Layout lang={lang} title={title} path="" paths={props.paths} head={PRIVATE_HEAD} {...props.account}>
      {/* .status-page: what the print stylesheet keeps (site.css, issue 10 finding 23) */}
      <div className="status-page">
        <QuickExit lang={lang} />
        <h1 data-qa="status-title">{heading}</h1>
        {props.urgency ? (
          <EmergencyBox
            lang={lang}
            kind={props.urgency === 'emergency' ? 'now' : 'violence'}
            socialPhone={props.socialPhone}
          />
        ) : null}
        {props.promise ? <UrgencyPromise lang={lang} promise={props.promise} /> : null}
        {props.sent ? (
          <div className="notice success" role="status" data-qa="sent-notice">
            <p>
              <strong>{ts.sentTitle}</strong>
            </p>
            <p>{ts.sentText}</p>
          </div>
        ) : null}
        <ErrorSummary lang={lang} problems={allProblems} />

        {current ? (
          <AppointmentSections
            lang={lang}
            handoff={current}
            statusPath={props.paths[lang]}
            csrf={props.csrf}
            request={props.request}
            requestSent={props.requestSent ?? false}
          />
        ) : null}

        <div className="card reference-card">
          <p className="reference-label">{ts.reference}</p>
          <p className="reference" data-qa="reference">
            {view.reference}
          </p>
          <p className="meta">{ts.referenceHint}</p>
        </div>

        {current ? <h2 className="history-title">{t.familyAppointment.historyTitle}</h2> : null}
        <dl className="facts" data-qa="status-facts">
          <dt>{ts.state}</dt>
          <dd data-qa="state">
            <strong>
              {current && closed
                ? view.outcome
                  ? t.contacts.outcome[view.outcome]
                  : t.familyAppointment.guidedOnward
                : ts.states[view.state]}
            </strong>
            {current && closed && view.closedAt ? ` (${dayText(lang, helsinkiDate(view.closedAt))})` : null}
          </dd>
          <dt>{ts.received}</dt>
          <dd>{dateTimeText(lang, view.receivedAt)}</dd>
          {closed ? null : (
            <>
              <dt>{ts.respondBy}</dt>
              <dd data-qa="respond-by">{dayText(lang, view.respondBy)}</dd>
            </>
          )}
          <dt>{ts.replyChannel}</dt>
          <dd>{t.contacts.replyChannel[view.replyChannel as keyof typeof t.contacts.replyChannel] ?? ''}</dd>
        </dl>

        {closed && !current ? (
          <section aria-labelledby="outcome-title" data-qa="outcome">
            <h2 id="outcome-title">{ts.outcomeTitle}</h2>
            {view.outcome ? (
              <p>
                <strong>{t.contacts.outcome[view.outcome]}</strong>
              </p>
            ) : null}
            {view.closedAt ? (
              <p>{format(ts.closedOn, { date: formatFinnishDate(helsinkiDate(view.closedAt)) })}</p>
            ) : null}
            <p>
              {ts.closedText} <a href={ASK_PATHS[lang]}>{t.contactPublic.cta.button}</a>
            </p>
          </section>
        ) : null}

        {props.feedback}

        {others.length > 0 ? (
          <section aria-labelledby="handoffs-title" data-qa="handoffs">
            <h2 id="handoffs-title">{ts.handoffsTitle}</h2>
            <p>{ts.handoffsIntro}</p>
            <ul className="status-handoffs">
              {others.map((h) => (
                <li key={h.id} className="card">
                  <p>
                    <strong>{pick(h.serviceName, lang).value}</strong> —{' '}
                    {pick(h.organizationName, lang).value}
                  </p>
                  <p data-qa="handoff-state">
                    {t.handoffs.state[h.state as keyof typeof t.handoffs.state] ?? h.state}
                  </p>
                  {h.appointmentAt ? (
                    <p data-qa="handoff-appointment">
                      <strong>{format(ts.appointment, { date: dateTimeText(lang, h.appointmentAt) })}</strong>
                      {h.appointmentPlace ? (
                        <>
                          <br />
                          {format(ts.appointmentPlace, { place: h.appointmentPlace })}
                        </>
                      ) : null}
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {props.consent}

        <section aria-labelledby="messages" data-qa="messages">
          <h2 id="messages" tabIndex={-1}>
            {ts.messagesTitle}
          </h2>
          {messages.length === 0 ? (
            <p>{format(ts.noMessages, { date: dayText(lang, view.respondBy) })}</p>
          ) : (
            <ol className="messages">
              {messages.map((m) => (
                <li key={m.id} className={`message from-${m.from}`} data-qa={`message-${m.from}`}>
                  <p className="message-meta">
                    <strong>
                      {m.from === 'family'
                        ? ts.you
                        : m.author
                          ? format(ts.counsellor, { name: m.author })
                          : ts.counsellorNoName}
                    </strong>{' '}
                    <span>{dateTimeText(lang, m.at)}</span>
                  </p>
                  <p className="message-text">{m.text}</p>
                </li>
              ))}
            </ol>
          )}
          {props.messageSent ? (
            <p className="notice success" role="status" data-qa="message-sent">
              {ts.messageSent}
            </p>
          ) : null}
          {closed ? (
            <p className="closed-hint" data-qa="closed-no-messages">
              {current?.state === 'appointment_set' ? t.familyAppointment.closedHint : ts.closedNoMessages}
            </p>
          ) : (
            <form method="post" action={props.paths[lang]} noValidate data-qa="message-form">
              <input type="hidden" name="_csrf" value={props.csrf} />
              <input type="hidden" name="messageId" value={props.messageId} />
              <TextArea
                form={publicForm(lang, { text: props.text }, problems)}
                name="text"
                label={ts.write}
                hint={ts.writeHint}
                required
                marked={false}
              />
              <button type="submit" data-qa="message-send">
                {ts.sendMessage}
              </button>
            </form>
          )}
        </section>

        <section className="card private-link" aria-labelledby="link-title">
          <h2 id="link-title">{ts.linkTitle}</h2>
          <p className="link-text" data-qa="private-link">
            {props.privateUrl}
          </p>
          <p>{ts.linkText}</p>
        </section>

        <p className="emergency-line">
          <strong>{t.contactPublic.ask.emergencyLine}</strong>{' '}
          <a href={EMERGENCY_PATHS[lang]}>{t.contactPublic.ask.emergencyLink}</a>
        </p>
      </div>
    </Layout>
  );
}

/**
 * Where the family is now: the first appointment (when, where, with whom, the service), the
 * calendar file, the unit's contact details and the request to move or cancel the time.
 */
function AppointmentSections({
  lang,
  handoff: h,
  statusPath,
  csrf,
  request,
  requestSent,
}: {
  lang: Lang;
  handoff: FamilyHandoffView;
  statusPath: string;
  csrf: string;
  request: AppointmentRequestForm | undefined;
  requestSent: boolean;
}) {
  const t = translations(lang);
  const ta = t.familyAppointment;
  const text = (value: LocalizedText) => pick(value, lang).value;
  const service = text(h.serviceName);
  const unit = h.unitName ? text(h.unitName) : service;
  const ahead = h.state === 'appointment_set';
  const form = publicForm(
    lang,
    { kind: request?.kind ?? '', requestText: request?.text ?? '' },
    request?.problems ?? [],
  );
  const { phones, email, address } = h.contact;
  return (
    <>
      <section className="card appointment" aria-label={ta.whenLabel} data-qa="appointment">
        <p className="lead-small">{format(ahead ? ta.lead : ta.leadVisited, { service })}</p>
        <dl className="facts appointment-facts">
          <dt>{ta.whenLabel}</dt>
          <dd data-qa="appointment-when">
            <strong>{h.appointmentAt ? appointmentWhen(lang, h.appointmentAt) : ''}</strong>
          </dd>
          <dt>{ta.whereLabel}</dt>
          <dd data-qa="appointment-place">{h.appointmentPlace ?? ta.placeNotGiven}</dd>
          <dt>{ta.withLabel}</dt>
          <dd data-qa="appointment-with">{h.appointmentWith ? `${h.appointmentWith}, ${unit}` : unit}</dd>
          <dt>{ta.serviceLabel}</dt>
          <dd>
            {service} — {text(h.organizationName)}
          </dd>
        </dl>
        {ahead ? (
          <p className="calendar-link">
            <a href={calendarPath(statusPath)} download="perheverkko.ics" data-qa="calendar-link">
              {ta.calendar}
            </a>{' '}
            <span className="hint">{ta.calendarHint}</span>
          </p>
        ) : null}
      </section>

      <section className="card unit-contact" aria-labelledby="unit-contact-title" data-qa="unit-contact">
        <h2 id="unit-contact-title">{format(ta.contactTitle, { unit })}</h2>
        {phones.length === 0 && !email && !address ? (
          <p>{ta.noContact}</p>
        ) : (
          <dl className="facts">
            {phones.map((p) => (
              <Fragment key={p.number}>
                <dt>{p.description ? text(p.description) : ta.phone}</dt>
                <dd>
                  <a href={telHref(p.number)} data-qa="unit-phone">
                    {p.number}
                  </a>
                </dd>
              </Fragment>
            ))}
            {email ? (
              <>
                <dt>{ta.email}</dt>
                <dd>
                  <a href={mailtoHref(email) ?? undefined} data-qa="unit-email">
                    {email}
                  </a>
                </dd>
              </>
            ) : null}
            {address ? (
              <>
                <dt>{ta.address}</dt>
                <dd data-qa="unit-address">
                  {address.street}, {address.postalCode} {text(address.city)}
                </dd>
              </>
            ) : null}
          </dl>
        )}
      </section>

      {ahead ? (
        <section
          className="card appointment-request"
          id="appointment-request"
          aria-labelledby="request-title"
          data-qa="appointment-request"
        >
          <h2 id="request-title">{ta.requestTitle}</h2>
          {requestSent ? (
            <p className="notice success" role="status" data-qa="request-sent">
              {ta.requestSent}
            </p>
          ) : null}
          {h.requests.length > 0 ? (
            <>
              <h3>{ta.requestsTitle}</h3>
              <ul className="status-requests" data-qa="own-requests">
                {h.requests.map((r) => (
                  <li key={r.at.toISOString()}>
                    {format(ta.requestItem, {
                      when: dateTimeText(lang, r.at),
                      kind: r.kind === 'change' ? ta.kindDoneChange : ta.kindDoneCancel,
                    })}
                    {r.text ? <span className="message-text block">{r.text}</span> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p>{format(ta.requestText, { unit })}</p>
          <form
            method="post"
            action={`${requestPath(statusPath)}#appointment-request`}
            noValidate
            data-qa="request-form"
          >
            <input type="hidden" name="_csrf" value={csrf} />
            <input type="hidden" name="requestId" value={request?.requestId ?? ''} />
            <input type="hidden" name="handoff" value={h.id} />
            <Choices
              form={form}
              layout="list"
              name="kind"
              className="choices"
              legend={ta.requestKind}
              options={[
                { value: 'change', label: ta.kindChange },
                { value: 'cancel', label: ta.kindCancel },
              ]}
              qa={(kind) => `request-${kind}`}
            />
            <TextArea
              form={form}
              name="requestText"
              postAs="text"
              label={ta.requestMessage}
              hint={ta.requestHint}
              rows={3}
              qa="request-text"
            />
            <button type="submit" data-qa="request-send">
              {ta.requestSend}
            </button>
          </form>
        </section>
      ) : null}
    </>
  );
}

/** A wrong or mistyped token: a friendly page in the page's language, the way on. */
export function PublicStatusNotFoundPage({
  lang,
  paths,
  account,
}: {
  lang: Lang;
  paths?: Record<Lang, string>;
  account?: PageAccount;
}) {
  const t = translations(lang);
  const ts = t.contactPublic.status;
  return (
    <Layout lang={lang} title={ts.notFoundTitle} path="" paths={paths} head={PRIVATE_HEAD} {...account}>
      <h1>{ts.notFoundTitle}</h1>
      <p>{ts.notFoundText}</p>
      <p>{ts.notFoundAgain}</p>
      <p>
        <a className="button" href={ASK_PATHS[lang]} data-qa="not-found-ask">
          {t.contactPublic.cta.button}
        </a>
      </p>
      <p className="emergency-line">
        <strong>{t.contactPublic.ask.emergencyLine}</strong>{' '}
        <a href={EMERGENCY_PATHS[lang]}>{t.contactPublic.ask.emergencyLink}</a>
      </p>
    </Layout>
  );
}
