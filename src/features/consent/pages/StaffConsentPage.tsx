/**
 * A contact's consent page for its counsellor (/:lang/staff/contacts/:id/consent): where each
 * organisation of the handoffs stands, the people of the family (consent is always per
 * person), the consent requests, the consents and refusals, the statutory disclosures, and a
 * form for each thing the counsellor records — a person, a request, a consent given by phone or
 * face to face (with the standard text read out, kept by its hash), a disclosure by law, a
 * capacity assessment. Each form posts on its own; a problem comes back beside its field.
 */
import type { ReactNode } from 'react';
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import {
  Choices,
  FieldError,
  type FormModel,
  type FormValues,
  Select,
  TextArea,
  TextField,
} from '../../../ui/forms.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import { UserText } from '../../../ui/UserText.tsx';
import {
  CATEGORIES,
  Csrf,
  consentForm,
  DirectiveCard,
  type DirectiveItem,
  dayText,
  FormSummary,
  PURPOSES,
  type RequestItem,
  STATUTORY_BASES,
  type StatutoryItem,
  StatutoryList,
} from './ConsentParts.tsx';
import { consentPagePath, type OrganisationState, OrganisationStates } from './StaffConsentPanel.tsx';

export interface PersonItem {
  id: string;
  name: string;
  role: 'contacter' | 'child' | 'guardian' | 'other';
  birthDate: string | null;
}

export type StaffForm = 'person' | 'request' | 'record' | 'withdrawal' | 'statutory' | 'capacity';
export const STAFF_FORMS: readonly StaffForm[] = [
  'person',
  'request',
  'record',
  'withdrawal',
  'statutory',
  'capacity',
];

export interface StaffConsentProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  flash?: string;
  contactId: string;
  reference: string;
  persons: PersonItem[];
  organisations: OrganisationState[];
  requests: RequestItem[];
  directives: DirectiveItem[];
  statutory: StatutoryItem[];
  /** the standard notice text read to the family, in the page's language */
  noticeText: string;
  /** a form posted with problems, as it was typed */
  again?: { form: StaffForm; values: FormValues; problems: FieldProblem[] };
  /** today in Helsinki, YYYY-MM-DD (the forms' defaults) */
  today: string;
}

export function StaffConsentPage(props: StaffConsentProps) {
  const { lang, contactId } = props;
  const t = translations(lang).consentPages;
  const base = consentPagePath(lang, contactId);
  const ctxOf = (form: StaffForm, defaults: FormValues, names: Record<string, string>): FormModel =>
    consentForm(
      lang,
      `consent-${form}`,
      props.again?.form === form ? props.again.values : defaults,
      props.again?.form === form ? props.again.problems : [],
      names,
    );
  const personOptions = props.persons.map((p) => ({ value: p.id, label: <UserText>{p.name}</UserText> }));
  const personSelect = [
    { value: '', label: '' },
    ...props.persons.map((p) => ({ value: p.id, label: p.name })),
  ];
  const recipients = props.organisations
    .filter((o) => !o.sameRegistry)
    .map((o) => ({ value: o.organizationId, label: <UserText>{o.name}</UserText> }));
  const categoryOptions = CATEGORIES.map((c) => ({ value: c, label: t.category[c] }));
  const purposeOptions = [
    { value: '', label: '' },
    ...PURPOSES.map((p) => ({ value: p, label: t.purpose[p] })),
  ];
  const names = {
    name: t.staff.name,
    birthDate: t.staff.birthDate,
    role: t.staff.role,
    guardianOfPersonIds: t.staff.guardianOf,
    guardianPersonIds: t.staff.guardians,
    custody: t.staff.custody,
    subjectPersonIds: t.staff.subjects,
    subjectPersonId: t.staff.subject,
    grantorPersonId: t.staff.grantor,
    decision: t.staff.decisionLabel,
    recipientOrganizationIds: t.common.recipients,
    recipientOrganizationId: t.staff.recipient,
    categories: t.common.categories,
    items: t.common.categories,
    purposeCode: t.common.purpose,
    purposeText: t.common.purposeText,
    validFrom: t.staff.validFrom,
    validUntil: t.common.validUntilLabel,
    answerBy: t.staff.answerBy,
    channel: t.common.channel,
    identityCheck: t.staff.identityCheck,
    toldHowToWithdraw: t.staff.told,
    noticeText: t.staff.noticeTitle,
    basis: t.staff.basisLabel,
    justification: t.staff.justification,
    capable: t.staff.capable,
    capacityBasis: t.staff.capacityBasis,
    reviewDate: t.staff.reviewDate,
    personId: t.common.person,
    directiveId: t.staff.withdrawWhich,
    reason: t.withdraw.reason,
  };
  const forms: Record<StaffForm, FormModel> = {
    person: ctxOf(
      'person',
      {
        role: 'child',
        custody: 'joint',
        guardianPersonIds: props.persons.filter((p) => p.role === 'contacter').map((p) => p.id),
      },
      names,
    ),
    request: ctxOf('request', { purposeCode: 'arranging_service' }, names),
    record: ctxOf('record', { decision: 'permit', validFrom: props.today, channel: 'phone' }, names),
    withdrawal: ctxOf('withdrawal', { channel: 'phone' }, { ...names, channel: t.staff.withdrawChannel }),
    statutory: ctxOf('statutory', {}, names),
    capacity: ctxOf('capacity', {}, names),
  };
  const post = (form: StaffForm, path: string, submit: string, children: ReactNode) => (
    <form method="post" action={`${base}/${path}`} noValidate data-qa={`consent-form-${form}`}>
      <Csrf token={props.csrf} />
      <FormSummary form={forms[form]} />
      {children}
      <p>
        <button type="submit" data-qa={`consent-submit-${form}`}>
          {submit}
        </button>
      </p>
    </form>
  );
  const details = (form: StaffForm, title: string, intro: string, body: ReactNode) => (
    <details
      className="card"
      open={props.again?.form === form ? true : undefined}
      data-qa={`consent-details-${form}`}
    >
      <summary>{title}</summary>
      <p>{intro}</p>
      {body}
    </details>
  );
  const withdrawable = props.directives.filter((d) => d.canWithdraw);
  const children = props.persons.filter((p) => p.role === 'child');
  const adults = props.persons.filter((p) => p.role !== 'child');
  return (
    <StaffLayout
      lang={lang}
      title={format(t.staff.pageTitle, { reference: props.reference })}
      path={`/staff/contacts/${contactId}/consent`}
      actor={props.actor}
      organizationName={props.organizationName}
      current="queue"
      csrf={props.csrf}
      flash={props.flash}
    >
      <p>
        <a href={`/${lang}/staff/contacts/${contactId}`} data-qa="consent-back">
          {t.staff.backToContact}
        </a>
      </p>
      <h1>{format(t.staff.pageTitle, { reference: props.reference })}</h1>
      <section aria-labelledby="consent-orgs" data-qa="consent-organisations">
        <h2 id="consent-orgs">{t.staff.panelTitle}</h2>
        <p>{t.staff.panelIntro}</p>
        <OrganisationStates lang={lang} rows={props.organisations} />
      </section>

      <section aria-labelledby="consent-persons" data-qa="consent-persons">
        <h2 id="consent-persons">{t.staff.persons}</h2>
        <p>{t.staff.personsIntro}</p>
        <ul>
          {props.persons.map((p) => (
            <li key={p.id} data-qa="consent-person-row">
              <UserText>{p.name}</UserText> — {t.personRole[p.role]}
              {p.birthDate ? `, ${dayText(p.birthDate, lang)}` : ''}
            </li>
          ))}
        </ul>
        {details(
          'person',
          t.staff.addPerson,
          t.staff.personsIntro,
          post(
            'person',
            'persons',
            t.staff.addPerson,
            <>
              <TextField
                form={forms.person}
                name="name"
                label={t.staff.name}
                hint={t.staff.nameHint}
                required
              />
              <Select
                form={forms.person}
                name="role"
                label={t.staff.role}
                options={(['child', 'guardian', 'other'] as const).map((r) => ({
                  value: r,
                  label: t.personRole[r],
                }))}
              />
              <TextField
                form={forms.person}
                name="birthDate"
                type="date"
                label={t.staff.birthDate}
                hint={t.staff.birthDateHint}
              />
              {adults.length > 0 ? (
                <Choices
                  form={forms.person}
                  name="guardianPersonIds"
                  legend={t.staff.guardians}
                  hint={t.staff.guardiansHint}
                  type="checkbox"
                  options={adults.map((c) => ({ value: c.id, label: <UserText>{c.name}</UserText> }))}
                />
              ) : null}
              {children.length > 0 ? (
                <Choices
                  form={forms.person}
                  name="guardianOfPersonIds"
                  legend={t.staff.guardianOf}
                  hint={t.staff.guardiansHint}
                  type="checkbox"
                  options={children.map((c) => ({ value: c.id, label: <UserText>{c.name}</UserText> }))}
                />
              ) : null}
              <Choices
                form={forms.person}
                name="custody"
                legend={t.staff.custody}
                options={(['joint', 'sole', 'task_split'] as const).map((c) => ({
                  value: c,
                  label: t.custody[c],
                }))}
              />
            </>,
          ),
        )}
      </section>

      <section aria-labelledby="consent-requests" data-qa="consent-requests">
        <h2 id="consent-requests">{t.staff.requests}</h2>
        {props.requests.length === 0 ? <p>{t.common.none}</p> : null}
        <ul className="results consent-list">
          {props.requests.map((r) => (
            <li key={r.id} className="card consent-item" data-qa="consent-request-row">
              <p>
                <UserText>{r.sentence}</UserText>
              </p>
              <p className="hint" data-qa="consent-request-state">
                {t.requestState[r.state]}
              </p>
            </li>
          ))}
        </ul>
        {details(
          'request',
          t.staff.draftRequest,
          t.staff.draftIntro,
          post(
            'request',
            'requests',
            t.staff.draftRequest,
            <>
              <Choices
                form={forms.request}
                name="subjectPersonIds"
                legend={t.staff.subjects}
                type="checkbox"
                options={personOptions}
              />
              <Choices
                form={forms.request}
                name="recipientOrganizationIds"
                legend={t.common.recipients}
                type="checkbox"
                options={recipients}
              />
              <Choices
                form={forms.request}
                name="categories"
                legend={t.common.categories}
                type="checkbox"
                options={categoryOptions}
              />
              <Select
                form={forms.request}
                name="purposeCode"
                label={t.common.purpose}
                options={purposeOptions}
              />
              <TextArea
                form={forms.request}
                name="purposeText"
                label={t.common.purposeText}
                hint={t.common.purposeTextHint}
                rows={2}
              />
              <TextField
                form={forms.request}
                name="validUntil"
                type="date"
                label={t.common.validUntilLabel}
                hint={t.common.validUntilHint}
              />
              <TextField
                form={forms.request}
                name="answerBy"
                type="date"
                label={t.staff.answerBy}
                hint={t.staff.answerByHint}
              />
            </>,
          ),
        )}
      </section>

      <section aria-labelledby="consent-directives" data-qa="consent-directives">
        <h2 id="consent-directives">{t.staff.directives}</h2>
        {props.directives.length === 0 ? <p>{t.common.none}</p> : null}
        <ul className="results consent-list">
          {props.directives.map((d) => (
            <DirectiveCard key={d.id} lang={lang} item={d} />
          ))}
        </ul>
        {details(
          'record',
          t.staff.record,
          t.staff.recordIntro,
          post(
            'record',
            'record',
            t.staff.record,
            <>
              <Select
                form={forms.record}
                name="subjectPersonId"
                label={t.staff.subject}
                options={personSelect}
              />
              <Select
                form={forms.record}
                name="grantorPersonId"
                label={t.staff.grantor}
                options={personSelect}
              />
              <Choices
                form={forms.record}
                name="decision"
                legend={t.staff.decisionLabel}
                options={(['permit', 'deny'] as const).map((d) => ({ value: d, label: t.decision[d] }))}
              />
              <Choices
                form={forms.record}
                name="recipientOrganizationIds"
                legend={t.common.recipients}
                type="checkbox"
                options={recipients}
              />
              <Choices
                form={forms.record}
                name="categories"
                legend={t.common.categories}
                type="checkbox"
                options={categoryOptions}
              />
              <Select
                form={forms.record}
                name="purposeCode"
                label={t.common.purpose}
                options={purposeOptions}
              />
              <TextArea form={forms.record} name="purposeText" label={t.common.purposeText} rows={2} />
              <TextField form={forms.record} name="validFrom" type="date" label={t.staff.validFrom} />
              <TextField
                form={forms.record}
                name="validUntil"
                type="date"
                label={t.common.validUntilLabel}
                hint={t.common.validUntilHint}
              />
              <Choices
                form={forms.record}
                name="channel"
                legend={t.common.channel}
                options={(['phone', 'face_to_face', 'video', 'paper'] as const).map((c) => ({
                  value: c,
                  label: t.channel[c],
                }))}
              />
              <TextField
                form={forms.record}
                name="identityCheck"
                label={t.staff.identityCheck}
                hint={t.staff.identityCheckHint}
              />
              <div className="card notice-text" id="consent-record-noticeText" data-qa="consent-notice-text">
                <h3>{t.staff.noticeTitle}</h3>
                <FieldError form={forms.record} name="noticeText" />
                <p>{props.noticeText}</p>
              </div>
              <input type="hidden" name="noticeText" value={props.noticeText} />
              <TextField form={forms.record} name="witness" label={t.staff.witness} />
              <Choices
                form={forms.record}
                name="toldHowToWithdraw"
                legend={t.staff.told}
                type="checkbox"
                options={[{ value: 'yes', label: t.staff.told }]}
              />
            </>,
          ),
        )}
        {withdrawable.length > 0 || props.again?.form === 'withdrawal'
          ? details(
              'withdrawal',
              t.staff.recordWithdrawal,
              t.staff.recordWithdrawalIntro,
              post(
                'withdrawal',
                'withdrawals',
                t.staff.recordWithdrawal,
                <>
                  <Choices
                    form={forms.withdrawal}
                    name="directiveId"
                    legend={t.staff.withdrawWhich}
                    options={withdrawable.map((d) => ({
                      value: d.id,
                      label: (
                        <>
                          {t.decision[d.decision]}: <UserText>{d.sentence}</UserText>
                        </>
                      ),
                    }))}
                  />
                  <Choices
                    form={forms.withdrawal}
                    name="channel"
                    legend={t.staff.withdrawChannel}
                    options={(['phone', 'face_to_face', 'video', 'paper'] as const).map((c) => ({
                      value: c,
                      label: t.channel[c],
                    }))}
                  />
                  <TextField form={forms.withdrawal} name="reason" label={t.withdraw.reason} />
                </>,
              ),
            )
          : null}
      </section>

      <section aria-labelledby="consent-statutory" data-qa="consent-statutory-section">
        <h2 id="consent-statutory">{t.staff.statutory}</h2>
        {props.statutory.length === 0 ? (
          <p>{t.common.none}</p>
        ) : (
          <StatutoryList lang={lang} rows={props.statutory} />
        )}
        {details(
          'statutory',
          t.staff.recordStatutory,
          t.staff.statutoryIntro,
          post(
            'statutory',
            'statutory',
            t.staff.recordStatutory,
            <>
              <Select
                form={forms.statutory}
                name="basis"
                label={t.staff.basisLabel}
                options={[
                  { value: '', label: '' },
                  ...STATUTORY_BASES.map((b) => ({ value: b, label: t.statutoryBasis[b] })),
                ]}
              />
              <TextArea
                form={forms.statutory}
                name="justification"
                label={t.staff.justification}
                hint={t.staff.justificationHint}
                rows={3}
              />
              <Choices
                form={forms.statutory}
                name="items"
                legend={t.common.categories}
                type="checkbox"
                options={categoryOptions}
              />
              <Select
                form={forms.statutory}
                name="recipientOrganizationId"
                label={t.staff.recipient}
                options={[
                  { value: '', label: '' },
                  ...props.organisations
                    .filter((o) => !o.sameRegistry)
                    .map((o) => ({ value: o.organizationId, label: o.name })),
                ]}
              />
              <TextField
                form={forms.statutory}
                name="validUntil"
                type="date"
                label={t.staff.statutoryUntil}
                hint={t.staff.statutoryUntilHint}
              />
              <TextField
                form={forms.statutory}
                name="noticeDeferredReason"
                label={t.staff.deferred}
                hint={t.staff.deferredHint}
              />
            </>,
          ),
        )}
      </section>

      {children.length > 0 ? (
        <section aria-labelledby="consent-capacity" data-qa="consent-capacity">
          <h2 id="consent-capacity">{t.staff.capacity}</h2>
          {details(
            'capacity',
            t.staff.capacity,
            t.staff.capacityIntro,
            post(
              'capacity',
              'capacity',
              t.common.save,
              <>
                <Select
                  form={forms.capacity}
                  name="personId"
                  label={t.common.person}
                  options={[
                    { value: '', label: '' },
                    ...children.map((c) => ({ value: c.id, label: c.name })),
                  ]}
                />
                <Choices
                  form={forms.capacity}
                  name="capable"
                  legend={t.staff.capable}
                  options={[
                    { value: 'yes', label: t.staff.capableYes },
                    { value: 'no', label: t.staff.capableNo },
                  ]}
                />
                <Choices
                  form={forms.capacity}
                  name="categories"
                  legend={t.common.categories}
                  type="checkbox"
                  options={categoryOptions}
                />
                <TextArea form={forms.capacity} name="capacityBasis" label={t.staff.capacityBasis} rows={3} />
                <TextField form={forms.capacity} name="reviewDate" type="date" label={t.staff.reviewDate} />
              </>,
            ),
          )}
        </section>
      ) : null}
    </StaffLayout>
  );
}
