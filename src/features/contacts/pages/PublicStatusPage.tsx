// The family's private status page: the reference, the state in words, the promised date, the
// messages with the counsellor and a form to write more. Opened with the unguessable token only.
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { formatFinnishDate, helsinkiDate } from '../../../platform/working-days.ts';
import type { PageAccount } from '../../../ui/Layout.tsx';
import { ASK_PATHS, EMERGENCY_PATHS, Layout, pick } from '../../../ui/Layout.tsx';
import type { StatusView } from '../contacts.ts';
import {
  dateTimeText,
  dayText,
  EmergencyBox,
  ErrorSummary,
  errorId,
  FieldProblem,
  type PageProblem,
  QuickExit,
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
}

/** A handoff as the family sees it (from the handoff feature, through the app's wiring). */
export interface FamilyHandoffView {
  state: string;
  serviceName: LocalizedText;
  organizationName: LocalizedText;
  appointmentAt: Date | null;
  appointmentPlace: string | null;
}

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
  const invalid = problems.some((p) => p.field === 'text');
  const title = problems.length ? `${t.contactPublic.errorSummary}: ${ts.title}` : ts.title;
  return (
    <Layout lang={lang} title={title} path="" paths={props.paths} head={PRIVATE_HEAD} {...props.account}>
      <QuickExit lang={lang} />
      <h1>{ts.title}</h1>
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
      <ErrorSummary lang={lang} problems={problems} />

      <div className="card reference-card">
        <p className="reference-label">{ts.reference}</p>
        <p className="reference" data-qa="reference">
          {view.reference}
        </p>
        <p className="meta">{ts.referenceHint}</p>
      </div>

      <dl className="facts" data-qa="status-facts">
        <dt>{ts.state}</dt>
        <dd data-qa="state">
          <strong>{ts.states[view.state]}</strong>
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

      {closed ? (
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

      {props.handoffs.length > 0 ? (
        <section aria-labelledby="handoffs-title" data-qa="handoffs">
          <h2 id="handoffs-title">{ts.handoffsTitle}</h2>
          <p>{ts.handoffsIntro}</p>
          <ul className="handoffs">
            {props.handoffs.map((h) => (
              <li key={`${pick(h.serviceName, lang).value}-${h.state}`} className="card">
                <p>
                  <strong>{pick(h.serviceName, lang).value}</strong> — {pick(h.organizationName, lang).value}
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
          <p data-qa="closed-no-messages">{ts.closedNoMessages}</p>
        ) : (
          <form method="post" action={props.paths[lang]} noValidate data-qa="message-form">
            <input type="hidden" name="_csrf" value={props.csrf} />
            <input type="hidden" name="messageId" value={props.messageId} />
            <div className="field">
              <label htmlFor="text">{ts.write}</label>
              <span className="hint" id="text-hint">
                {ts.writeHint}
              </span>
              <FieldProblem problems={problems} field="text" />
              <textarea
                id="text"
                name="text"
                rows={4}
                required
                defaultValue={props.text}
                aria-describedby={invalid ? `text-hint ${errorId('text')}` : 'text-hint'}
                aria-invalid={invalid || undefined}
                data-qa="field-text"
              />
            </div>
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
    </Layout>
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
