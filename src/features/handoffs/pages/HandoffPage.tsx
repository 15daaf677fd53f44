/**
 * One handoff: where it stands, the summary, how to reach the family (the receiving side books
 * the first appointment), why the service was suggested, every step with who, when and why, and
 * the forms the actor's side may use from the current state (the domain's TRANSITIONS). Each
 * form carries the handoff's version, so a page left open while someone else answered is
 * refused (409) instead of overwriting.
 */
import type { ReactNode } from 'react';
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import { EmailLink, PhoneLink } from '../../../ui/ContactLinks.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import { UserText } from '../../../ui/UserText.tsx';
import {
  agesText,
  ConflictNotice,
  dateTime,
  day,
  ErrorSummary,
  type FormCtx,
  type FormValues,
  Hidden,
  label,
  OverdueBadge,
  SelectField,
  TextArea,
  TextField,
  UrgencyBadge,
} from '../../contacts/index.ts';
import { canTransition, type HandoffDetail, type HandoffTransition, TRANSITIONS } from '../handoffs.ts';
import { DECLINE_REASONS } from '../schema.ts';
import { helsinkiWallClock, type Step } from './HandoffForms.tsx';
import {
  HANDOFFS_CSS_URL,
  HANDOFFS_PATH,
  handoffPath,
  StateBadge,
  suggestionsPath,
} from './HandoffParts.tsx';

export interface StepAgain {
  step: Step;
  values: FormValues;
  problems: FieldProblem[];
}

export interface HandoffPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  flash?: string;
  handoff: HandoffDetail;
  topicName: Map<string, string>;
  municipalityName: Map<string, string>;
  again?: StepAgain;
  conflict?: string;
}

const STEP_OF: Record<Step, HandoffTransition> = {
  accept: 'accept',
  appointment: 'set_appointment',
  'first-visit': 'first_visit_held',
  complete: 'complete',
  decline: 'decline',
  cancel: 'cancel',
};

/** The steps the actor's side may take from the handoff's state, in the order of the loop. */
export function stepsFor(h: Pick<HandoffDetail, 'side' | 'state'>): Step[] {
  return (Object.keys(STEP_OF) as Step[]).filter((step) => {
    const transition = STEP_OF[step];
    return TRANSITIONS[transition].side === h.side && canTransition(h.state, transition);
  });
}

export function HandoffPage(props: HandoffPageProps) {
  const { lang, handoff: h, again } = props;
  const t = translations(lang);
  const th = t.handoffs;
  const tp = th.page;
  const path = handoffPath(h.id);
  const title = format(tp.title, { reference: h.contactReference });
  const steps = stepsFor(h);
  const ctxOf = (step: Step, initial: FormValues = {}): FormCtx =>
    again?.step === step
      ? { lang, id: step, values: again.values, problems: again.problems }
      : { lang, id: step, values: initial, problems: [] };
  const receiver = h.side === 'receiver';
  const topics = h.topics.map((code) => props.topicName.get(code) ?? code);
  const notGiven = <span className="meta">{tp.notGiven}</span>;

  return (
    <StaffLayout
      lang={lang}
      title={title}
      path={path}
      actor={props.actor}
      organizationName={props.organizationName}
      current="handoffs"
      stylesheets={[HANDOFFS_CSS_URL]}
      csrf={props.csrf}
      flash={props.flash}
    >
      {props.conflict ? (
        <ConflictNotice lang={lang} message={props.conflict} reload={`/${lang}${path}`} />
      ) : null}
      <p className="back">
        <a href={`/${lang}${HANDOFFS_PATH}`}>{tp.back}</a>
      </p>
      <h1 data-qa="handoff-title">
        {tp.title.split('{reference}')[0]}
        <span className="contact-ref">{h.contactReference}</span>
        {tp.title.split('{reference}')[1]}
      </h1>
      <p className="contact-status" data-qa="handoff-state">
        <UrgencyBadge lang={lang} urgency={h.urgency as 'normal' | 'urgent' | 'emergency'} />
        <StateBadge lang={lang} state={h.state} />
        {h.overdue ? <OverdueBadge lang={lang} /> : null}
      </p>
      {(h.state === 'declined' || h.state === 'expired') && h.side === 'sender' ? (
        <div className="notice conflict" data-qa={h.state}>
          <h2>{h.state === 'declined' ? tp.declined : tp.expired}</h2>
          {h.state === 'declined' ? (
            <p>
              <strong>
                {h.declineReason ? th.declineReason[h.declineReason] : ''}
                {h.declineText ? ': ' : ''}
                <UserText>{h.declineText}</UserText>
              </strong>
            </p>
          ) : null}
          <p>
            <a className="button" href={`/${lang}${suggestionsPath(h.contactId)}`} data-qa="find-new">
              {tp.findNew}
            </a>
          </p>
        </div>
      ) : null}

      {h.familyRequests.length > 0 ? <FamilyRequests lang={lang} requests={h.familyRequests} /> : null}

      <div className="contact-layout wide">
        <div className="contact-main">
          <section aria-labelledby="details" className="card">
            <h2 id="details">{tp.details}</h2>
            <dl className="facts" data-qa="handoff-details">
              <dt>{tp.state}</dt>
              <dd>{th.state[h.state]}</dd>
              <dt>{tp.service}</dt>
              <dd data-qa="handoff-service">{label(h.targetServiceName, lang)}</dd>
              <dt>{tp.organisation}</dt>
              <dd>{label(h.targetOrganizationName, lang)}</dd>
              <dt>{tp.unit}</dt>
              <dd data-qa="handoff-unit">
                {h.targetUnitName ? label(h.targetUnitName, lang) : th.list.noUnit}
              </dd>
              <dt>{tp.contact}</dt>
              <dd>
                {h.side === 'sender' ? (
                  <a href={`/${lang}/staff/contacts/${h.contactId}`}>{h.contactReference}</a>
                ) : (
                  h.contactReference
                )}
                <span className="meta block">
                  {h.municipalityCode
                    ? (props.municipalityName.get(h.municipalityCode) ?? h.municipalityCode)
                    : ''}
                  {h.municipalityCode && h.childAges.length > 0 ? ' · ' : ''}
                  {h.childAges.length > 0 ? agesText(lang, h.childAges) : ''}
                </span>
                {topics.length > 0 ? <span className="meta block">{topics.join(', ')}</span> : null}
              </dd>
              <dt>{tp.sender}</dt>
              <dd>{h.senderName}</dd>
              <dt>{tp.created}</dt>
              <dd>{dateTime(lang, h.createdAt)}</dd>
              <dt>{tp.respondBy}</dt>
              <dd data-qa="respond-by">
                {day(h.respondBy)} {h.overdue ? <OverdueBadge lang={lang} /> : null}
              </dd>
              <dt>{tp.agreement}</dt>
              <dd>{th.agreement[h.familyAgreement]}</dd>
              <dt>{tp.appointment}</dt>
              <dd data-qa="handoff-appointment">
                {h.appointmentAt ? dateTime(lang, h.appointmentAt) : th.list.noAppointment}
              </dd>
              {h.appointmentPlace ? (
                <>
                  <dt>{tp.place}</dt>
                  <dd>
                    <UserText>{h.appointmentPlace}</UserText>
                  </dd>
                </>
              ) : null}
              {h.appointmentWith ? (
                <>
                  <dt>{t.familyAppointment.withLabel}</dt>
                  <dd data-qa="handoff-appointment-with">
                    <UserText>{h.appointmentWith}</UserText>
                  </dd>
                </>
              ) : null}
              {h.state === 'declined' ? (
                <>
                  <dt>{tp.declineReason}</dt>
                  <dd data-qa="decline-reason">
                    {h.declineReason ? th.declineReason[h.declineReason] : ''}
                    {h.declineText ? ': ' : ''}
                    <UserText>{h.declineText}</UserText>
                  </dd>
                </>
              ) : null}
            </dl>
          </section>
          {h.summary !== null ? (
            <section aria-labelledby="summary" className="card family-words">
              <h2 id="summary">{tp.summary}</h2>
              <blockquote data-qa="handoff-summary">
                <p dir="auto">{h.summary}</p>
              </blockquote>
            </section>
          ) : null}
          {receiver && h.family ? (
            <section aria-labelledby="family" className="card" data-qa="family">
              <h2 id="family">{tp.family}</h2>
              <p className="meta">{tp.familyLead}</p>
              <dl className="facts">
                <dt>{tp.name}</dt>
                <dd>{h.family.name ? <UserText>{h.family.name}</UserText> : tp.anonymous}</dd>
                <dt>{tp.phone}</dt>
                <dd>{h.family.phone ? <PhoneLink number={h.family.phone} /> : notGiven}</dd>
                <dt>{tp.email}</dt>
                <dd>{h.family.email ? <EmailLink address={h.family.email} /> : notGiven}</dd>
                <dt>{tp.reachTime}</dt>
                <dd>
                  {t.contacts.reachTime[h.family.reachTime as keyof typeof t.contacts.reachTime] ??
                    h.family.reachTime}
                </dd>
                <dt>{tp.replyChannel}</dt>
                <dd>
                  {t.contacts.replyChannel[h.family.replyChannel as keyof typeof t.contacts.replyChannel] ??
                    h.family.replyChannel}
                </dd>
                <dt>{tp.language}</dt>
                <dd>
                  {(th.suggestions.languages as Record<string, string>)[h.family.language] ??
                    h.family.language}
                </dd>
              </dl>
            </section>
          ) : null}
          <section aria-labelledby="reasons" className="card">
            <h2 id="reasons">{tp.reasons}</h2>
            {h.matchReasons && h.matchReasons.length > 0 ? (
              <ul className="reasons" data-qa="match-reasons">
                {h.matchReasons.map((r) => (
                  <li key={r.code + r.text}>
                    <UserText>{r.text}</UserText>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="meta">{tp.noReasons}</p>
            )}
          </section>
        </div>

        <div className="contact-work">
          <h2 id="actions">{tp.actions}</h2>
          {h.side === 'sender' ? (
            <p className="notice" data-qa="responsibility">
              {h.state === 'requested' || h.state === 'accepted' ? (
                tp.senderWaiting
              ) : h.state === 'appointment_set' ||
                h.state === 'first_visit_held' ||
                h.state === 'completed' ? (
                tp.senderPassed
              ) : h.state === 'declined' || h.state === 'expired' ? (
                <a href={`/${lang}${suggestionsPath(h.contactId)}`}>{tp.findNew}</a>
              ) : (
                tp.noActions
              )}
            </p>
          ) : steps.length === 0 ? (
            <p className="notice">{tp.noActions}</p>
          ) : null}
          {steps.map((step) => (
            <StepForm key={step} {...props} step={step} ctx={ctxOf(step, initialValues(step, h))} />
          ))}
        </div>
      </div>

      <section aria-labelledby="history" className="wide">
        <h2 id="history">{tp.history}</h2>
        <table className="history-table handoff-history" data-qa="handoff-history">
          <thead>
            <tr>
              <th scope="col">{tp.historyWhen}</th>
              <th scope="col">{tp.historyWhat}</th>
              <th scope="col">{tp.historyWho}</th>
              <th scope="col">{tp.historyWhy}</th>
            </tr>
          </thead>
          <tbody>
            {h.events.map((e, i) => (
              // events are only ever appended: their order is their identity
              // biome-ignore lint/suspicious/noArrayIndexKey: the list is only ever appended to
              <tr key={i}>
                <td>{dateTime(lang, e.at)}</td>
                <td>
                  <span className="cell-label" aria-hidden="true">
                    {tp.historyWhat}
                  </span>
                  {e.from === null ? tp.created : th.state[e.to]}
                </td>
                <td>
                  <span className="cell-label" aria-hidden="true">
                    {tp.historyWho}
                  </span>
                  {e.actorName === 'system' ? tp.system : e.actorName}
                </td>
                <td>
                  {e.reason ? (
                    <>
                      <span className="cell-label" aria-hidden="true">
                        {tp.historyWhy}
                      </span>
                      <UserText>{e.reason}</UserText>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </StaffLayout>
  );
}

/** What the family asked from their status page (newest first): to move or cancel the time. */
function FamilyRequests({ lang, requests }: { lang: Lang; requests: HandoffDetail['familyRequests'] }) {
  const tf = translations(lang).familyAppointment.staff;
  const open = requests.some((r) => !r.handled);
  return (
    <section
      aria-labelledby="family-requests"
      className={`card family-requests${open ? ' notice conflict' : ''}`}
      data-qa="family-requests"
    >
      <h2 id="family-requests">{tf.requestsTitle}</h2>
      {open ? <p>{tf.requestsLead}</p> : null}
      <ul>
        {requests.map((r) => (
          <li key={r.at.toISOString()} data-qa={`family-request-${r.kind}`}>
            <p>
              <strong>{r.kind === 'change' ? tf.change : tf.cancel}</strong> · {dateTime(lang, r.at)} ·{' '}
              <span data-qa="family-request-status">{r.handled ? tf.handled : tf.open}</span>
            </p>
            {r.appointmentAt ? (
              <p className="meta">{format(tf.requestAbout, { when: dateTime(lang, r.appointmentAt) })}</p>
            ) : null}
            {r.text ? (
              <blockquote>
                <p dir="auto">{r.text}</p>
              </blockquote>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What a step's form starts with: moving an appointment starts from the one set. */
function initialValues(step: Step, h: HandoffDetail): FormValues {
  if (step !== 'appointment' || !h.appointmentAt) return {};
  const { date, time } = helsinkiWallClock(h.appointmentAt);
  return { date, time, place: h.appointmentPlace ?? '', with: h.appointmentWith ?? '' };
}

function StepForm(props: HandoffPageProps & { step: Step; ctx: FormCtx }) {
  const { lang, step, ctx, handoff: h } = props;
  const t = translations(lang);
  const tp = t.handoffs.page;
  const action = `/${lang}${handoffPath(h.id)}/${step}`;
  const form = (title: string, text: string, submit: string, fields: ReactNode, danger = false) => (
    <section className={`card step step-${step}`} aria-labelledby={`${step}-title`}>
      <h3 id={`${step}-title`}>{title}</h3>
      <p className="meta">{text}</p>
      <form method="post" action={action} noValidate data-qa={`form-${step}`}>
        <ErrorSummary ctx={ctx} />
        <Hidden name="_csrf" value={props.csrf} />
        <Hidden name="version" value={h.version} />
        {fields}
        <button type="submit" className={danger ? 'secondary' : undefined} data-qa={`submit-${step}`}>
          {submit}
        </button>
      </form>
    </section>
  );
  switch (step) {
    case 'accept':
      return form(tp.accept.title, tp.accept.text, tp.accept.submit, null);
    case 'appointment': {
      const ta = tp.setAppointment;
      return form(
        h.state === 'appointment_set' ? ta.moveTitle : ta.title,
        ta.text,
        ta.submit,
        <>
          <fieldset className="date-time" aria-describedby="appointment-when-hint">
            <legend>{ta.when}</legend>
            <span className="hint" id="appointment-when-hint">
              {ta.timeHint}
            </span>
            <div className="date-time-fields">
              <TextField ctx={ctx} name="date" label={ta.date} type="date" required />
              <TextField ctx={ctx} name="time" label={ta.time} type="time" required />
            </div>
          </fieldset>
          <TextField ctx={ctx} name="place" label={ta.place} hint={ta.placeHint} />
          <TextField
            ctx={ctx}
            name="with"
            label={t.familyAppointment.staff.withLabel}
            hint={t.familyAppointment.staff.withHint}
          />
        </>,
      );
    }
    case 'first-visit':
      return form(tp.firstVisit.title, tp.firstVisit.text, tp.firstVisit.submit, null);
    case 'complete':
      return form(tp.complete.title, tp.complete.text, tp.complete.submit, null);
    case 'decline': {
      const td = tp.decline;
      return form(
        td.title,
        td.text,
        td.submit,
        <>
          <SelectField
            ctx={ctx}
            name="reason"
            label={td.reason}
            required
            options={[
              { value: '', label: td.chooseReason },
              ...DECLINE_REASONS.map((r) => ({ value: r, label: t.handoffs.declineReason[r] })),
            ]}
          />
          <TextArea ctx={ctx} name="text" label={td.explanation} required rows={3} />
        </>,
        true,
      );
    }
    case 'cancel': {
      const tc = tp.cancel;
      return form(
        tc.title,
        tc.text,
        tc.submit,
        <TextArea ctx={ctx} name="text" label={tc.reason} required rows={3} />,
        true,
      );
    }
  }
}
