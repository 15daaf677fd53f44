/**
 * The feedback form on a page of its own, when a post came back with problems (beside their
 * fields and in a summary that takes the focus) or the contact is not closed yet. The status
 * page is a secret, and so is this: no referrer leaves it and no search engine keeps it.
 */
import type { Lang } from '../../../i18n/index.ts';
import type { FormProblem } from '../../../ui/forms.tsx';
import { Layout } from '../../../ui/Layout.tsx';
import { FeedbackForm, type FeedbackValues, feedbackTexts } from './FeedbackForm.tsx';

export function FeedbackPage({
  lang,
  plain,
  paths,
  action,
  back,
  csrf,
  values,
  problems,
  formProblem,
}: {
  lang: Lang;
  plain: boolean;
  /** the status page in each language (the form lives there) */
  paths: Record<Lang, string>;
  action: string;
  back: string;
  csrf: string;
  values: FeedbackValues;
  problems: readonly FormProblem[];
  /** a problem of the whole answer (the contact is not closed yet) */
  formProblem?: string;
}) {
  const t = feedbackTexts(lang, plain);
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
      {formProblem ? (
        <div className="notice conflict" role="alert" data-qa="feedback-problem">
          <p>{formProblem}</p>
        </div>
      ) : (
        <FeedbackForm
          lang={lang}
          plain={plain}
          action={action}
          csrf={csrf}
          values={values}
          problems={problems}
          focusSummary
        />
      )}
      <p>
        <a href={back} data-qa="feedback-back">
          {t.back}
        </a>
      </p>
    </Layout>
  );
}
