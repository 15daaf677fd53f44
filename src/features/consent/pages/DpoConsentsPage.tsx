/**
 * The data-protection officer's search of the region's consents and disclosure events
 * (/:lang/staff/access-log/consents), beside the access log, with a CSV export, and the
 * statutory disclosures waiting for review.
 */
import {
  type ErrorCode,
  errorMessage,
  format,
  formatDate,
  type Lang,
  translations,
} from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import { type Column, DataTable } from '../../../ui/DataTable.tsx';
import { Select, TextField } from '../../../ui/forms.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import { UserText } from '../../../ui/UserText.tsx';
import {
  Csrf,
  categoryList,
  consentForm,
  type DirectiveStatus,
  dayText,
  type EventBasis,
  FormSummary,
  type StatutoryItem,
  StatutoryList,
} from './ConsentParts.tsx';

export const DPO_CONSENTS_PATH = '/staff/access-log/consents';

export interface DpoConsentRow {
  id: string;
  recordedAt: Date;
  subject: string;
  grantorKind: string;
  decision: 'permit' | 'deny';
  status: DirectiveStatus;
  recipients: string;
  categories: string[];
  channel: string;
  validUntil: string;
}

export interface DpoEventRow {
  id: string;
  at: Date;
  /** the contact's reference (PV-…) */
  reference: string;
  actor: string;
  role: string;
  from: string;
  to: string;
  items: string[];
  decision: 'permit' | 'deny';
  basis: EventBasis;
}

export interface DpoFilters {
  kind: 'consents' | 'events';
  from: string;
  to: string;
  status: string;
  decision: string;
  basis: string;
}

export function DpoConsentsPage({
  lang,
  actor,
  organizationName,
  csrf,
  flash,
  values,
  problems,
  consents,
  events,
  statutory,
  query,
  reviewProblem,
}: {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  flash?: string;
  values: DpoFilters;
  problems: FieldProblem[];
  consents: DpoConsentRow[] | null;
  events: DpoEventRow[] | null;
  /** statutory disclosures not yet reviewed */
  statutory: StatutoryItem[];
  query: string;
  /** a review posted without its note: the problem beside that disclosure's field */
  reviewProblem?: { id: string; code: ErrorCode };
}) {
  const t = translations(lang).consentPages;
  const ctx = consentForm(lang, 'dpo', { ...values }, problems, { from: t.dpo.from, to: t.dpo.to });
  const any = { value: '', label: t.dpo.any };
  const consentColumns: Column<DpoConsentRow>[] = [
    { header: t.dpo.recordedAt, rowHeader: true, cell: (r) => formatDate(r.recordedAt, lang) },
    { header: t.dpo.subject, cell: (r) => <UserText>{r.subject}</UserText> },
    { header: t.common.decision, cell: (r) => t.decision[r.decision] },
    { header: t.dpo.status, cell: (r) => t.directiveStatus[r.status] ?? r.status },
    { header: t.common.recipients, cell: (r) => r.recipients },
    { header: t.common.categories, cell: (r) => categoryList(lang, r.categories) },
    { header: t.common.channel, cell: (r) => t.channel[r.channel as keyof typeof t.channel] ?? r.channel },
    { header: t.common.validUntilLabel, cell: (r) => dayText(r.validUntil, lang) },
  ];
  const eventColumns: Column<DpoEventRow>[] = [
    { header: t.common.when, rowHeader: true, cell: (r) => formatDate(r.at, lang) },
    { header: t.dpo.subject, cell: (r) => r.reference },
    { header: t.dpo.actor, cell: (r) => <UserText>{r.actor}</UserText> },
    { header: t.common.from, cell: (r) => r.from },
    { header: t.common.to, cell: (r) => r.to },
    { header: t.common.items, cell: (r) => categoryList(lang, r.items) },
    { header: t.common.decision, cell: (r) => t.decision[r.decision] },
    { header: t.common.basis, cell: (r) => t.eventBasis[r.basis] ?? r.basis },
  ];
  const count = (consents ?? events ?? []).length;
  return (
    <StaffLayout
      lang={lang}
      title={t.dpo.title}
      path={DPO_CONSENTS_PATH}
      search={query ? `?${query}` : ''}
      actor={actor}
      organizationName={organizationName}
      current="access-log"
      csrf={csrf}
      flash={flash}
    >
      <p>
        <a href={`/${lang}/staff/access-log`}>{translations(lang).access.dpoTitle}</a>
      </p>
      <h1>{t.dpo.title}</h1>
      <p>{t.dpo.intro}</p>
      <FormSummary form={ctx} />
      <form
        method="get"
        action={`/${lang}${DPO_CONSENTS_PATH}`}
        className="filters"
        data-qa="consent-search"
        noValidate
      >
        <Select
          form={ctx}
          name="kind"
          label={t.dpo.kind}
          options={[
            { value: 'consents', label: t.dpo.kindConsents },
            { value: 'events', label: t.dpo.kindEvents },
          ]}
        />
        <TextField form={ctx} name="from" type="date" label={t.dpo.from} />
        <TextField form={ctx} name="to" type="date" label={t.dpo.to} />
        <Select
          form={ctx}
          name="status"
          label={t.dpo.status}
          options={[any, ...Object.entries(t.directiveStatus).map(([value, label]) => ({ value, label }))]}
        />
        <Select
          form={ctx}
          name="decision"
          label={t.dpo.decision}
          options={[any, ...Object.entries(t.decision).map(([value, label]) => ({ value, label }))]}
        />
        <Select
          form={ctx}
          name="basis"
          label={t.dpo.basis}
          options={[any, ...Object.entries(t.eventBasis).map(([value, label]) => ({ value, label }))]}
        />
        <button type="submit">{t.dpo.search}</button>
      </form>
      {consents || events ? (
        <section aria-labelledby="dpo-results" data-qa="consent-results">
          <h2 id="dpo-results">{values.kind === 'events' ? t.dpo.kindEvents : t.dpo.kindConsents}</h2>
          <p>
            {count === 1 ? t.dpo.resultsOne : format(t.dpo.results, { count })}{' '}
            <a
              href={`/${lang}${DPO_CONSENTS_PATH}.csv${query ? `?${query}` : ''}`}
              data-qa="consent-export-csv"
              download
            >
              {t.dpo.exportCsv}
            </a>
          </p>
          {consents && consents.length > 0 ? (
            <DataTable
              className="dpo-consents"
              columns={consentColumns}
              rows={consents}
              rowKey={(r) => r.id}
            />
          ) : null}
          {events && events.length > 0 ? (
            <DataTable className="dpo-events" columns={eventColumns} rows={events} rowKey={(r) => r.id} />
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="dpo-statutory" data-qa="dpo-statutory">
        <h2 id="dpo-statutory">{t.dpo.statutoryTitle}</h2>
        {statutory.length === 0 ? <p>{t.dpo.noStatutory}</p> : null}
        <StatutoryList lang={lang} rows={statutory}>
          {(s) =>
            s.reviewed ? null : (
              <form
                method="post"
                action={`/${lang}${DPO_CONSENTS_PATH}/statutory/${s.id}/review`}
                data-qa="dpo-review"
              >
                <Csrf token={csrf} />
                <div className="field">
                  <label htmlFor={`review-${s.id}`}>{t.dpo.reviewNote}</label>
                  {reviewProblem?.id === s.id ? (
                    <p className="field-error" id={`review-${s.id}-error`} data-qa="error-review-note">
                      {errorMessage(lang, reviewProblem.code)}
                    </p>
                  ) : null}
                  <input
                    id={`review-${s.id}`}
                    name="note"
                    type="text"
                    {...(reviewProblem?.id === s.id
                      ? { 'aria-invalid': true, 'aria-describedby': `review-${s.id}-error` }
                      : {})}
                  />
                </div>
                <button type="submit">{t.dpo.review}</button>
              </form>
            )
          }
        </StatutoryList>
      </section>
    </StaffLayout>
  );
}
