/**
 * The family's two consent forms of their own, reached from "My consents" (signed in) or from
 * the status page (the status link): narrowing a request (only some information, some
 * recipients, an earlier end) and withdrawing a consent after a confirmation step. Both work
 * without JavaScript; a problem comes back beside its field and in a summary at the top.
 */
import type { ReactNode } from 'react';
import { type Lang, translations } from '../../../i18n/index.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import { Choices, type FormValues, TextField } from '../../../ui/forms.tsx';
import { Layout } from '../../../ui/Layout.tsx';
import { UserText } from '../../../ui/UserText.tsx';
import {
  Csrf,
  consentForm,
  type DirectiveItem,
  dayText,
  FormSummary,
  type RequestItem,
} from './ConsentParts.tsx';

/** Where the family is: signed in (their own frame) or with the private status link. */
export interface FamilyFrame {
  /** this page in each language */
  paths: Record<Lang, string>;
  /** where "back" goes (My consents, or the status page's consent part) */
  back: string;
  actor?: Actor;
  csrf: string;
  /** the status link's page is a secret: no referrer, no index */
  private: boolean;
}

function FamilyLayout({
  lang,
  title,
  frame,
  children,
}: {
  lang: Lang;
  title: string;
  frame: FamilyFrame;
  children: ReactNode;
}) {
  const head = frame.private ? (
    <>
      <meta name="referrer" content="no-referrer" />
      <meta name="robots" content="noindex, nofollow" />
    </>
  ) : undefined;
  return (
    <Layout
      lang={lang}
      title={title}
      path={frame.paths[lang].slice(lang.length + 1)}
      paths={frame.paths}
      head={head}
      actor={frame.actor}
      csrfToken={frame.actor ? frame.csrf : undefined}
    >
      {children}
    </Layout>
  );
}

export function NarrowRequestPage({
  lang,
  frame,
  request,
  action,
  values,
  problems,
}: {
  lang: Lang;
  frame: FamilyFrame;
  request: RequestItem;
  action: string;
  values: FormValues;
  problems: FieldProblem[];
}) {
  const t = translations(lang).consentPages;
  const ctx = consentForm(lang, 'narrow', values, problems, {
    categories: t.common.categories,
    recipientOrganizationIds: t.common.recipients,
    validUntil: t.common.validUntilLabel,
  });
  return (
    <FamilyLayout lang={lang} title={t.answer.narrowTitle} frame={frame}>
      <h1>{t.answer.narrowTitle}</h1>
      <FormSummary form={ctx} />
      <p className="lead">
        <UserText>{request.sentence}</UserText>
      </p>
      <p>{t.answer.narrowIntro}</p>
      <form method="post" action={action} noValidate data-qa="narrow-form">
        <Csrf token={frame.csrf} />
        <input type="hidden" name="answer" value="narrow" />
        <Choices
          form={ctx}
          name="categories"
          legend={t.common.categories}
          type="checkbox"
          options={request.categories.map((c) => ({ value: c, label: t.category[c] }))}
        />
        <Choices
          form={ctx}
          name="recipientOrganizationIds"
          legend={t.common.recipients}
          type="checkbox"
          options={request.recipients.map((r) => ({ value: r.id, label: <UserText>{r.name}</UserText> }))}
        />
        <TextField
          form={ctx}
          name="validUntil"
          type="date"
          label={t.common.validUntilLabel}
          hint={`${t.common.validUntilHint} (≤ ${dayText(request.validUntil, lang)})`}
        />
        <p>
          <button type="submit" data-qa="narrow-submit">
            {t.answer.narrowSubmit}
          </button>{' '}
          <a href={frame.back}>{t.common.cancel}</a>
        </p>
      </form>
    </FamilyLayout>
  );
}

export function WithdrawPage({
  lang,
  frame,
  directive,
  action,
  values,
  problems,
}: {
  lang: Lang;
  frame: FamilyFrame;
  directive: DirectiveItem;
  action: string;
  values: FormValues;
  problems: FieldProblem[];
}) {
  const t = translations(lang).consentPages;
  const ctx = consentForm(lang, 'withdraw', values, problems, { reason: t.withdraw.reason });
  return (
    <FamilyLayout lang={lang} title={t.withdraw.title} frame={frame}>
      <h1>{t.withdraw.title}</h1>
      <FormSummary form={ctx} />
      <p className="lead" data-qa="withdraw-sentence">
        <UserText>{directive.sentence}</UserText>
      </p>
      <p>{t.withdraw.confirmText}</p>
      <form method="post" action={action} noValidate data-qa="withdraw-form">
        <Csrf token={frame.csrf} />
        <TextField form={ctx} name="reason" label={t.withdraw.reason} />
        <p>
          <button type="submit" data-qa="withdraw-confirm">
            {t.withdraw.confirm}
          </button>{' '}
          <a href={frame.back}>{t.common.cancel}</a>
        </p>
      </form>
    </FamilyLayout>
  );
}
