/**
 * The participant's private poll page (no sign-in): the meeting's neutral details — "Yhteinen
 * tapaaminen (Yhdessä aika)", the organiser's name and organisation, the place or the video
 * link, the duration — and, while the poll is open, a fieldset per proposed time with yes /
 * if need be / no; after the invitations the chosen time and buttons to accept, tentatively
 * accept or decline. Only this participant's own answers: nothing of the family or of the
 * other participants. Not indexed, no referrer.
 */
import { format, type Lang, translations } from '../../../i18n/index.ts';
import {
  Choices,
  ErrorSummary,
  type FormModel,
  type FormProblem,
  type FormValues,
  summaryItems,
} from '../../../ui/forms.tsx';
import { Layout } from '../../../ui/Layout.tsx';
import type { PollView } from '../poll.ts';
import { when } from './MeetingParts.tsx';

export interface PollPageProps {
  lang: Lang;
  /** this page in each language (the token in each) */
  paths: Record<Lang, string>;
  csrf: string;
  poll: PollView;
  notice?: string;
  /** a refusal (409) in words */
  conflict?: string;
  again?: { values: FormValues; problems: FormProblem[] };
}

const PRIVATE_HEAD = (
  <>
    <meta name="referrer" content="no-referrer" />
    <meta name="robots" content="noindex, nofollow" />
  </>
);

export function PollPage(props: PollPageProps) {
  const { lang, poll, csrf } = props;
  const t = translations(lang).meetings;
  const tp = t.poll;
  const self = props.paths[lang];
  const values: FormValues =
    props.again?.values ??
    Object.fromEntries(poll.slots.map((s) => [`slot-${s.id}`, poll.answers[s.id] ?? '']));
  const form: FormModel = { lang, values, problems: props.again?.problems ?? [] };
  return (
    <Layout lang={lang} title={tp.title} path="" paths={props.paths} head={PRIVATE_HEAD}>
      <h1>{tp.title}</h1>
      <p className="lead">{poll.pollOpen || !poll.startsAt ? tp.lead : tp.leadChosen}</p>
      {props.notice ? (
        <p className="notice success" role="status" data-qa="poll-notice">
          {props.notice}
        </p>
      ) : null}
      {props.conflict ? (
        <p className="notice error" role="alert" data-qa="conflict">
          {props.conflict}
        </p>
      ) : null}
      <dl className="facts meeting-facts" data-qa="poll-facts">
        {poll.organizer ? (
          <>
            <dt>{tp.organizer}</dt>
            <dd data-qa="poll-organizer">
              {`${poll.organizer.name}, ${poll.organizer.organization[lang] || poll.organizer.organization.fi}`}
            </dd>
          </>
        ) : null}
        <dt>{tp.place}</dt>
        <dd data-qa="poll-place">
          {poll.placeKind === 'address' ? (
            poll.address
          ) : poll.placeKind === 'remote' && poll.remoteUrl ? (
            <a href={poll.remoteUrl} rel="noreferrer noopener">
              {tp.remoteLink}
            </a>
          ) : (
            tp.notDecided
          )}
        </dd>
        <dt>{tp.duration}</dt>
        <dd>{format(tp.minutes, { n: poll.durationMinutes })}</dd>
        <dt>{tp.chosen}</dt>
        <dd data-qa="poll-chosen">{poll.startsAt ? when(lang, poll.startsAt) : tp.notYetChosen}</dd>
      </dl>

      {poll.pollOpen ? (
        <form method="post" action={`${self}/answers`} data-qa="poll-form" noValidate>
          <h2>{tp.times}</h2>
          <ErrorSummary title={tp.errorsTitle} items={summaryItems(form)} focus />
          <input type="hidden" name="_csrf" value={csrf} />
          {poll.slots.map((s) => (
            <Choices
              key={s.id}
              form={form}
              name={`slot-${s.id}`}
              legend={format(tp.answerLegend, { time: when(lang, s.startsAt) })}
              required
              className="inline"
              layout="list"
              qa={(value) => `answer-${value}`}
              options={[
                { value: 'yes', label: t.answer.yes },
                { value: 'if_need_be', label: t.answer.if_need_be },
                { value: 'no', label: t.answer.no },
              ]}
            />
          ))}
          <button type="submit" className="button" data-qa="save-answers">
            {tp.save}
          </button>
        </form>
      ) : null}

      {poll.replyOpen ? (
        <section aria-labelledby="invitation" data-qa="invitation">
          <h2 id="invitation">{tp.invitation}</h2>
          <p data-qa="your-answer">{format(tp.yourAnswer, { answer: t.partstat[poll.partstat] })}</p>
          <form method="post" action={`${self}/reply`} className="reply-buttons">
            <input type="hidden" name="_csrf" value={csrf} />
            <button type="submit" name="partstat" value="ACCEPTED" className="button" data-qa="reply-accept">
              {tp.accept}
            </button>{' '}
            <button
              type="submit"
              name="partstat"
              value="TENTATIVE"
              className="button secondary"
              data-qa="reply-tentative"
            >
              {tp.tentative}
            </button>{' '}
            <button
              type="submit"
              name="partstat"
              value="DECLINED"
              className="button secondary"
              data-qa="reply-decline"
            >
              {tp.decline}
            </button>
          </form>
        </section>
      ) : null}
      <p className="meta poll-privacy">{tp.privacy}</p>
    </Layout>
  );
}

/** 410: the link is past its time (cancelled, or 30 days after the meeting). */
export function PollGonePage({
  lang,
  paths,
  cancelled,
}: {
  lang: Lang;
  paths: Record<Lang, string>;
  cancelled: boolean;
}) {
  const tp = translations(lang).meetings.poll;
  const title = cancelled ? tp.cancelledTitle : tp.goneTitle;
  return (
    <Layout lang={lang} title={title} path="" paths={paths} head={PRIVATE_HEAD}>
      <h1 data-qa="poll-gone">{title}</h1>
      <p>{tp.goneText}</p>
    </Layout>
  );
}

/** 404: an altered or unknown link, or a participant no longer in the meeting. */
export function PollNotFoundPage({ lang, paths }: { lang: Lang; paths: Record<Lang, string> }) {
  const t = translations(lang);
  return (
    <Layout lang={lang} title={t.errorPage.notFoundTitle} path="" paths={paths} head={PRIVATE_HEAD}>
      <h1 data-qa="poll-not-found">{t.errorPage.notFoundTitle}</h1>
      <p>{t.errors['meeting.not_found']}</p>
    </Layout>
  );
}
