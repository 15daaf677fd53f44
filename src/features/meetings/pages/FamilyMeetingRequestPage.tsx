/**
 * The family asks for a Yhdessä aika from its status page (the private status link): what they
 * wish to talk about, who they would like there, their e-mail for the invitation — all
 * optional. Works without JavaScript; a problem comes back beside its field and in a summary.
 */
import { type Lang, translations } from '../../../i18n/index.ts';
import {
  ErrorSummary,
  type FormModel,
  type FormProblem,
  summaryItems,
  TextArea,
  TextField,
} from '../../../ui/forms.tsx';
import { Layout } from '../../../ui/Layout.tsx';

export interface FamilyRequestValues {
  requestId: string;
  topic: string;
  who: string;
  email: string;
}

export function FamilyMeetingRequestPage({
  lang,
  paths,
  action,
  back,
  csrf,
  values,
  problems,
  formProblem,
}: {
  lang: Lang;
  /** this page in each language */
  paths: Record<Lang, string>;
  action: string;
  /** the status page */
  back: string;
  csrf: string;
  values: FamilyRequestValues;
  problems: readonly FormProblem[];
  /** a problem of the whole request (the contact closed, a meeting already open) */
  formProblem?: string;
}) {
  const t = translations(lang).meetingsFamily.request;
  const form: FormModel = {
    lang,
    values: { topic: values.topic, who: values.who, email: values.email },
    problems,
  };
  return (
    <Layout
      lang={lang}
      title={t.title}
      path={paths[lang].slice(lang.length + 1)}
      paths={paths}
      head={
        <>
          <meta name="referrer" content="no-referrer" />
          <meta name="robots" content="noindex, nofollow" />
        </>
      }
    >
      <h1>{t.title}</h1>
      <ErrorSummary title={t.errorTitle} items={summaryItems(form)} focus qa="error-summary" />
      {formProblem ? (
        <div className="notice conflict" role="alert" data-qa="meeting-request-problem">
          <p>{formProblem}</p>
        </div>
      ) : null}
      <p className="lead">{t.lead}</p>
      <form method="post" action={action} noValidate data-qa="meeting-request-form">
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="requestId" value={values.requestId} />
        <TextArea form={form} name="topic" label={t.topic} hint={t.topicHint} rows={5} />
        <TextField form={form} name="who" label={t.who} hint={t.whoHint} />
        <TextField
          form={form}
          name="email"
          type="email"
          label={t.email}
          hint={t.emailHint}
          autoComplete="email"
          inputMode="email"
          spellCheck={false}
        />
        <p>
          <button type="submit" data-qa="meeting-request-submit">
            {t.send}
          </button>{' '}
          <a href={back} data-qa="meeting-request-back">
            {t.back}
          </a>
        </p>
      </form>
    </Layout>
  );
}
