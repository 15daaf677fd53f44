/**
 * One consultation: what was asked (anonymous, or the family and its consent), the co-work
 * meeting, the thread, and a form for each step the actor's side may take now (claim, answer
 * in writing or propose a call, accept or decline co-work with a reason, reply, close with the
 * outcome). Every form carries the version it was made from: a stale one changes nothing.
 */
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import {
  Choices,
  ErrorSummary,
  type FormModel,
  type FormProblem,
  type FormValues,
  summaryItems,
  TextArea,
  TextField,
} from '../../../ui/forms.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import { IsolatedFormat, UserText } from '../../../ui/UserText.tsx';
import { RECORDED_CHANNELS } from '../../consent/index.ts';
import { dateTime, day, label, OverdueBadge } from '../../contacts/index.ts';
import type { ConsultationView } from '../consultations.ts';
import type { StepName } from '../input.ts';
import { OUTCOMES } from '../model.ts';
import { consultationPath, MINE_PATH, QUEUE_PATH, StateBadge, WrittenText } from './ConsultationParts.tsx';

export interface StepAgain {
  step: StepName | 'consent-withdrawal';
  values: FormValues;
  problems: readonly FormProblem[];
}

export interface ConsultationPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  flash?: string;
  consultation: ConsultationView;
  again?: StepAgain;
  conflict?: string;
}

export function ConsultationPage(props: ConsultationPageProps) {
  const { lang, consultation: c, again, conflict } = props;
  const t = translations(lang).consultations;
  const td = t.detail;
  const title = format(td.title, { kind: t.kind[c.kind], date: dateTime(lang, c.createdAt) });
  const back = c.side === 'counsellor' ? QUEUE_PATH : MINE_PATH;
  return (
    <StaffLayout
      {...props}
      title={title}
      path={consultationPath(c.id)}
      current={c.side === 'counsellor' ? 'consultations' : 'my-consultations'}
    >
      <p>
        <a href={`/${lang}${back}`} data-qa="back">
          {td.back}
        </a>
      </p>
      <h1>{title}</h1>
      {conflict ? (
        <div className="error-summary" role="alert" data-qa="conflict">
          <h2>{td.conflictTitle}</h2>
          <p>{conflict}</p>
        </div>
      ) : null}
      <dl className="facts" data-qa="consultation-facts">
        <dt>{td.state}</dt>
        <dd>
          <StateBadge lang={lang} state={c.state} />
          {c.outcome ? <span data-qa="outcome"> · {t.outcome[c.outcome]}</span> : null}
        </dd>
        <dt>{td.from}</dt>
        <dd>
          <UserText>{c.requesterName}</UserText>, {label(c.requesterOrganization, lang)}
        </dd>
        <dt>{td.respondBy}</dt>
        <dd data-qa="respond-by">
          {day(c.respondBy)} {c.overdue ? <OverdueBadge lang={lang} /> : null}
        </dd>
        <dt>{td.family}</dt>
        <dd data-qa="family">{c.familyName ? <UserText>{c.familyName}</UserText> : t.anonymous}</dd>
        {c.consent ? (
          <>
            <dt>{td.consent}</dt>
            <dd data-qa="consent">
              {format(td.consentText, {
                kind: c.consent.kind === 'written' ? t.form.consentWritten : t.form.consentVerbal,
                date: day(c.consent.givenOn),
              })}
              {c.consent.reference ? (
                <>
                  {' · '}
                  <IsolatedFormat
                    template={td.consentReference}
                    params={{ reference: c.consent.reference }}
                    isolate={['reference']}
                  />
                </>
              ) : null}
              {c.consent.recorded ? (
                <> · {c.consent.withdrawn ? td.consentWithdrawn : td.consentRecorded}</>
              ) : null}
            </dd>
          </>
        ) : null}
        {c.cowork ? (
          <>
            <dt>{td.cowork}</dt>
            <dd data-qa="cowork">
              {dateTime(lang, c.cowork.at)}, <UserText>{c.cowork.place}</UserText>
            </dd>
            {c.cowork.unitName ? (
              <>
                <dt>{td.unit}</dt>
                <dd>{label(c.cowork.unitName, lang)}</dd>
              </>
            ) : null}
          </>
        ) : null}
        {c.claimedByName ? (
          <>
            <dt>{td.claimedBy}</dt>
            <dd data-qa="claimed-by">
              <UserText>{c.claimedByName}</UserText>
            </dd>
          </>
        ) : null}
        {c.callAt ? (
          <>
            <dt>{td.callAt}</dt>
            <dd data-qa="call-at">{dateTime(lang, c.callAt)}</dd>
          </>
        ) : null}
      </dl>
      <section aria-labelledby="thread" data-qa="thread">
        <h2 id="thread">{td.thread}</h2>
        <ol className="thread">
          {c.messages.map((m) => (
            <li key={m.id} data-qa={`message-${m.kind}`}>
              <p className="meta">
                <strong>{t.messageKind[m.kind as keyof typeof t.messageKind] ?? m.kind}</strong> ·{' '}
                <UserText>{m.authorName}</UserText> · {dateTime(lang, m.at)}
              </p>
              <WrittenText text={m.body} />
            </li>
          ))}
        </ol>
      </section>
      {c.side === 'requester' && c.consent?.recorded && !c.consent.withdrawn ? (
        <ConsentWithdrawalForm {...props} again={again?.step === 'consent-withdrawal' ? again : undefined} />
      ) : null}
      <section aria-labelledby="steps" data-qa="steps">
        <h2 id="steps">{td.stepsTitle}</h2>
        {c.steps.length === 0 ? <p data-qa="no-steps">{td.noSteps}</p> : null}
        {c.steps.map((step) =>
          step === 'expire' ? null : (
            <StepForm key={step} {...props} step={step} again={again?.step === step ? again : undefined} />
          ),
        )}
      </section>
    </StaffLayout>
  );
}

function StepForm({
  lang,
  csrf,
  consultation: c,
  step,
  again,
}: ConsultationPageProps & { step: StepName; again?: StepAgain }) {
  const t = translations(lang).consultations;
  const td = t.detail;
  const form: FormModel = { lang, id: step, values: again?.values ?? {}, problems: again?.problems ?? [] };
  const action = `/${lang}${consultationPath(c.id)}/${step}`;
  const common = (
    <>
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="version" value={c.version} />
    </>
  );
  const submit = (text: string) => (
    <button type="submit" className="button" data-qa={`submit-${step}`}>
      {text}
    </button>
  );
  if (step === 'claim')
    return (
      <form method="post" action={action} data-qa="form-claim">
        {common}
        {submit(td.claim)}
      </form>
    );
  const titles: Record<Exclude<StepName, 'claim'>, string> = {
    answer: td.answerTitle,
    accept: td.acceptTitle,
    decline: td.declineTitle,
    reply: td.replyTitle,
    close: td.closeTitle,
  };
  const buttons: Record<Exclude<StepName, 'claim'>, string> = {
    answer: td.answer,
    accept: td.accept,
    decline: td.decline,
    reply: td.reply,
    close: td.close,
  };
  return (
    <form
      method="post"
      action={action}
      noValidate
      className="card step"
      data-qa={`form-${step}`}
      aria-labelledby={`${step}-title`}
    >
      <h3 id={`${step}-title`}>{titles[step]}</h3>
      <ErrorSummary
        title={t.form.errorTitle}
        items={summaryItems(form)}
        id={`${step}-errors`}
        heading="h3"
        focus={form.problems.length > 0}
        qa={`error-summary-${step}`}
      />
      {common}
      {step === 'answer' ? (
        <>
          <Choices
            form={form}
            name="answerKind"
            legend={td.answerKind}
            options={[
              { value: 'written', label: td.answerWritten },
              { value: 'call', label: td.answerCall },
            ]}
          />
          <TextField
            form={form}
            name="callAt"
            label={td.callAtLabel}
            type="datetime-local"
            className="narrow"
          />
        </>
      ) : null}
      {step === 'close' ? (
        <Choices
          form={form}
          name="outcome"
          legend={td.outcome}
          required
          layout="list"
          options={OUTCOMES.map((o) => ({ value: o, label: t.outcome[o] }))}
        />
      ) : null}
      <TextArea
        form={form}
        name="body"
        label={step === 'decline' ? td.declineBody : step === 'close' ? td.closeBody : td.body}
        required={step !== 'close'}
        rows={5}
      />
      {submit(buttons[step])}
    </form>
  );
}

/**
 * The family withdraws the consent the consultation carries, through its requester (they told
 * the professional): how, and why if they said. The counsellors no longer see it afterwards.
 */
function ConsentWithdrawalForm({
  lang,
  csrf,
  consultation: c,
  again,
}: ConsultationPageProps & { again?: StepAgain }) {
  const t = translations(lang).consultations;
  const td = t.detail;
  const form: FormModel = {
    lang,
    id: 'withdraw',
    values: again?.values ?? {},
    problems: again?.problems ?? [],
  };
  return (
    <form
      method="post"
      action={`/${lang}${consultationPath(c.id)}/consent-withdrawal`}
      noValidate
      className="card step"
      data-qa="form-consent-withdrawal"
      aria-labelledby="withdraw-title"
    >
      <h2 id="withdraw-title">{td.withdrawTitle}</h2>
      <p>{td.withdrawLead}</p>
      <ErrorSummary
        title={t.form.errorTitle}
        items={summaryItems(form)}
        id="withdraw-errors"
        heading="h3"
        focus={form.problems.length > 0}
        qa="error-summary-consent-withdrawal"
      />
      <input type="hidden" name="_csrf" value={csrf} />
      <Choices
        form={form}
        name="channel"
        legend={td.withdrawChannel}
        required
        options={RECORDED_CHANNELS.map((value) => ({ value, label: td.withdrawChannels[value] }))}
      />
      <TextField form={form} name="reason" label={td.withdrawReason} />
      <button type="submit" className="button" data-qa="submit-consent-withdrawal">
        {td.withdraw}
      </button>
    </form>
  );
}
