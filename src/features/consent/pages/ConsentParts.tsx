/**
 * What the consent pages share: the shapes they show (made by ../pages.ts from the services'
 * answers, so a page never reads the database), a consent in plain language with its state, a
 * request with its answers, the disclosure log and the statutory disclosures. The family's
 * pages (signed in, or with the status link) and the staff pages use the same pieces.
 */
import type { ReactNode } from 'react';
import { errorMessage, format, formatDate, type Lang, translations } from '../../../i18n/index.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import { formatFinnishDate } from '../../../platform/working-days.ts';
import { type Column, DataTable } from '../../../ui/DataTable.tsx';
import { ErrorSummary, type FormModel, type FormValues, summaryItems } from '../../../ui/forms.tsx';
import { UserText } from '../../../ui/UserText.tsx';

// the consent model's words (model.ts), as the pages name them
import type {
  Category as ConsentCategory,
  ConsentChannel,
  DirectiveStatus,
  StatutoryBasis,
} from '../model.ts';

export {
  CATEGORIES,
  type Category as ConsentCategory,
  type ConsentChannel,
  type DirectiveStatus,
  PURPOSES,
  type PurposeCode,
  STATUTORY_BASES,
  type StatutoryBasis,
} from '../model.ts';
export type RequestState = 'requested' | 'given' | 'declined' | 'expired' | 'cancelled';
export type EventBasis =
  | 'same_registry'
  | 'statutory'
  | 'consent'
  | 'deny_directive'
  | 'no_consent'
  | 'no_care_relationship'
  | 'turvakielto';

/** One consent or refusal as a page shows it. */
export interface DirectiveItem {
  id: string;
  /** the plain-language sentence (the model's plainSentence) */
  sentence: string;
  decision: 'permit' | 'deny';
  status: DirectiveStatus;
  channel: ConsentChannel;
  /** a day, YYYY-MM-DD */
  validUntil: string;
  expired: boolean;
  needsConfirmation: boolean;
  /** the viewer gave it and may confirm it now (a worker recorded it; My consents) */
  canConfirm: boolean;
  /** the viewer may withdraw it */
  canWithdraw: boolean;
}

/** One consent request as a page shows it. */
export interface RequestItem {
  id: string;
  sentence: string;
  state: RequestState;
  answerBy: Date | null;
  recipients: { id: string; name: string }[];
  categories: ConsentCategory[];
  /** a day, YYYY-MM-DD */
  validUntil: string;
}

/** One disclosure (or prevented disclosure) in the log the family sees. */
export interface EventItem {
  at: Date;
  from: string;
  to: string;
  items: string[];
  decision: 'permit' | 'deny';
  basis: EventBasis;
}

export interface StatutoryItem {
  id: string;
  basis: StatutoryBasis;
  at: Date;
  recipient: string;
  items: string[];
  justification: string;
  validUntil: Date;
  deferred: boolean;
  reviewed: boolean;
  /** the contact's reference (PV-…), on the DPO's list */
  reference?: string;
}

/** A 'YYYY-MM-DD' day as 26.11.2026; a Date in Helsinki's calendar. */
export function dayText(value: string | Date, lang: Lang): string {
  return typeof value === 'string' ? formatFinnishDate(value.slice(0, 10)) : formatDate(value, lang);
}

export function categoryList(lang: Lang, categories: readonly string[]): string {
  const t = translations(lang).consentPages.category;
  return categories.map((c) => t[c as ConsentCategory] ?? c).join(', ');
}

/** The notices after an answer that say nothing was changed (shown as a problem, not a success). */
export const REFUSED_NOTICES: readonly string[] = ['closed', 'notEntitled'];

/** A notice after a form: a success (role=status) or "nothing was changed" (role=alert). */
export function Flash({ text, refused = false }: { text?: string; refused?: boolean }) {
  return text ? (
    <div
      className={refused ? 'notice conflict' : 'notice success'}
      role={refused ? 'alert' : 'status'}
      data-qa="consent-flash"
    >
      <p>{text}</p>
    </div>
  ) : null;
}

/** The form token every post carries. */
export const Csrf = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;

/** A consent in plain language, its state and — when the viewer may — "confirm" and "withdraw". */
export function DirectiveCard({
  lang,
  item,
  withdrawHref,
  confirm,
}: {
  lang: Lang;
  item: DirectiveItem;
  /** where "withdraw" leads (a confirmation page), or nothing */
  withdrawHref?: string;
  /** where "confirm" posts (a one-button form) and its form token, or nothing */
  confirm?: { action: string; csrf: string };
}) {
  const t = translations(lang).consentPages;
  return (
    <li className="card consent-item" data-qa="consent-directive" data-id={item.id}>
      <p>
        <strong className={item.decision === 'deny' ? 'consent-deny' : undefined}>
          {t.decision[item.decision]}
        </strong>
        {': '}
        <UserText>{item.sentence}</UserText>
      </p>
      <p className="hint" data-qa="consent-directive-state">
        {item.expired && item.status === 'active' ? t.requestState.expired : t.directiveStatus[item.status]}
        {' · '}
        {t.channel[item.channel]}
        {' · '}
        {format(t.common.validUntil, { date: dayText(item.validUntil, lang) })}
      </p>
      {confirm && item.canConfirm ? (
        <form method="post" action={confirm.action} className="consent-confirm">
          <p className="hint">{t.confirm.hint}</p>
          <Csrf token={confirm.csrf} />
          <button type="submit" data-qa="consent-confirm">
            {t.confirm.button}
          </button>
        </form>
      ) : item.needsConfirmation ? (
        <p className="hint">{t.common.needsConfirmation}</p>
      ) : null}
      {withdrawHref && item.canWithdraw ? (
        <p>
          <a className="button secondary" href={withdrawHref} data-qa="consent-withdraw">
            {t.withdraw.button}
          </a>
        </p>
      ) : null}
    </li>
  );
}

/**
 * A request waiting for the family's answer: what is asked, by when, and three answers —
 * accept and decline as one-button forms, narrow on a page of its own (its choices).
 */
export function RequestCard({
  lang,
  item,
  answerAction,
  narrowHref,
  csrf,
}: {
  lang: Lang;
  item: RequestItem;
  answerAction: string;
  narrowHref: string;
  csrf: string;
}) {
  const t = translations(lang).consentPages;
  return (
    <li className="card consent-item" data-qa="consent-request" data-id={item.id}>
      <p>
        <UserText>{item.sentence}</UserText>
      </p>
      {item.answerBy ? (
        <p className="hint">{format(t.answer.answerBy, { date: formatDate(item.answerBy, lang) })}</p>
      ) : null}
      <div className="consent-answers">
        <form method="post" action={answerAction}>
          <Csrf token={csrf} />
          <input type="hidden" name="answer" value="accept" />
          <button type="submit" data-qa="consent-accept">
            {t.answer.accept}
          </button>
        </form>
        <a className="button secondary" href={narrowHref} data-qa="consent-narrow">
          {t.answer.narrow}
        </a>
        <form method="post" action={answerAction}>
          <Csrf token={csrf} />
          <input type="hidden" name="answer" value="decline" />
          <button type="submit" className="button secondary" data-qa="consent-decline">
            {t.answer.decline}
          </button>
        </form>
      </div>
    </li>
  );
}

/** The disclosure log: when, from whom, to whom, what, and whether it went (and why). */
export function EventTable({ lang, rows }: { lang: Lang; rows: EventItem[] }) {
  const t = translations(lang).consentPages;
  const columns: Column<EventItem>[] = [
    { header: t.common.when, rowHeader: true, cell: (e) => formatDate(e.at, lang) },
    { header: t.common.from, cell: (e) => e.from },
    { header: t.common.to, cell: (e) => e.to },
    { header: t.common.items, cell: (e) => categoryList(lang, e.items) },
    { header: t.common.decision, cell: (e) => t.decision[e.decision] },
    { header: t.common.basis, cell: (e) => t.eventBasis[e.basis] ?? e.basis },
  ];
  return (
    <DataTable
      className="consent-events"
      columns={columns}
      rows={rows}
      rowKey={(e) => `${e.at.getTime()}-${e.to}-${e.items.join()}`}
    />
  );
}

export function StatutoryList({
  lang,
  rows,
  children,
}: {
  lang: Lang;
  rows: StatutoryItem[];
  children?: (row: StatutoryItem) => ReactNode;
}) {
  const t = translations(lang).consentPages;
  return (
    <ul className="results consent-list">
      {rows.map((s) => (
        <li key={s.id} className="card consent-item" data-qa="consent-statutory">
          <p>
            <strong>{t.statutoryBasis[s.basis]}</strong>
            {' · '}
            {formatDate(s.at, lang)}
            {' → '}
            {s.recipient}
            {s.reference ? ` · ${s.reference}` : ''}
          </p>
          <p>{categoryList(lang, s.items)}</p>
          <p className="hint">
            <UserText>{s.justification}</UserText>
          </p>
          <p className="hint">
            {format(t.common.validUntil, { date: formatDate(s.validUntil, lang) })}
            {s.deferred ? ` · ${t.staff.noticeDeferred}` : ''}
            {s.reviewed ? ` · ${t.dpo.reviewed}` : ''}
          </p>
          {children ? children(s) : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * One consent form's model: its id prefix, what was typed, its problems, each problem in words
 * that name its field ("Voimassa asti: anna päivämäärä muodossa 31.5.2027.").
 */
export function consentForm(
  lang: Lang,
  id: string,
  values: FormValues,
  problems: readonly FieldProblem[],
  names: Record<string, string>,
): FormModel {
  return {
    lang,
    id,
    values,
    problems,
    say: (p) => {
      const message = errorMessage(lang, p.code, p.params);
      const name = names[p.field];
      return name ? `${name}: ${message.charAt(0).toLowerCase()}${message.slice(1)}` : message;
    },
  };
}

/** A form's problems at its top (only the form posted has any, so only it takes the focus). */
export function FormSummary({ form }: { form: FormModel }) {
  return (
    <ErrorSummary
      title={translations(form.lang).consentPages.common.errorsTitle}
      items={summaryItems(form)}
      id={`${form.id}-errors`}
      focus
      qa={`${form.id}-errors`}
    />
  );
}
