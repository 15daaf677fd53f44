/**
 * The respondent's page, /{lang}/survey/{token}: no sign-in, no JavaScript. The survey's texts in
 * the page's language when the survey has them (Finnish otherwise, marked as Finnish); a required
 * question left empty comes back with its problem beside it and in the summary. A survey that is
 * closed or not yet open, a used invitation, a thank-you and an unknown link each get a clear page.
 * The preview shows the same form to the manager, without a way to send it.
 */
import type { ReactNode } from 'react';
import { format, LANGS, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import {
  ErrorSummary,
  type FormModel,
  type FormProblem,
  type FormValues,
  summaryItems,
} from '../../../ui/forms.tsx';
import { Layout, Paragraphs } from '../../../ui/Layout.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import { inLang, type QuestionView } from '../model.ts';
import type { SurveyRow } from '../queries.ts';
import { AnswerFields, day, Localized, surveyPath } from './parts.tsx';

export type AnswerPageState = 'form' | 'closed' | 'not_yet_open' | 'used' | 'thanks' | 'not_found';

export interface AnswerPageProps {
  lang: Lang;
  token: string;
  csrf: string;
  state: AnswerPageState;
  survey?: SurveyRow;
  questions?: readonly QuestionView[];
  values?: FormValues;
  problems?: readonly FormProblem[];
  /** a refusal's message at the top (409 survey.closed, survey.already_answered) */
  conflict?: string;
}

const NO_REFERRER = <meta name="referrer" content="no-referrer" />;

export function AnswerPage(props: AnswerPageProps) {
  const { lang, token, state, survey } = props;
  const t = translations(lang).surveys.answer;
  const paths = Object.fromEntries(LANGS.map((l) => [l, `/${l}/survey/${token}`])) as Record<Lang, string>;
  const title = survey ? inLang(survey.title, lang).value : t.notFoundTitle;
  const frame = (children: ReactNode) => (
    <Layout lang={lang} title={title} path={`/survey/${token}`} paths={paths} head={NO_REFERRER}>
      {children}
    </Layout>
  );
  if (!survey || state === 'not_found')
    return frame(
      <>
        <h1>{t.notFoundTitle}</h1>
        <p>{t.notFoundText}</p>
      </>,
    );
  const heading = (
    <h1>
      <Localized text={survey.title} lang={lang} />
    </h1>
  );
  const notice = (head: string, text: string, qa: string) =>
    frame(
      <>
        {heading}
        {props.conflict ? (
          <div className="notice error" role="alert" data-qa="conflict">
            <p>{props.conflict}</p>
          </div>
        ) : null}
        <div className="notice" data-qa={qa}>
          <h2>{head}</h2>
          <p>{text}</p>
        </div>
      </>,
    );
  if (state === 'closed') return notice(t.closedTitle, t.closedText, 'survey-closed');
  if (state === 'not_yet_open')
    return notice(t.notYetTitle, format(t.notYetText, { date: day(survey.opensOn) }), 'survey-not-yet-open');
  if (state === 'used') return notice(t.usedTitle, t.usedText, 'survey-used');
  if (state === 'thanks') return notice(t.thanksTitle, t.thanksText, 'survey-thanks');
  return frame(
    <>
      {heading}
      <SurveyForm
        lang={lang}
        survey={survey}
        questions={props.questions ?? []}
        values={props.values ?? {}}
        problems={props.problems ?? []}
        action={`/${lang}/survey/${token}`}
        csrf={props.csrf}
      />
    </>,
  );
}

function SurveyForm(props: {
  lang: Lang;
  survey: SurveyRow;
  questions: readonly QuestionView[];
  values: FormValues;
  problems: readonly FormProblem[];
  /** where it posts; none in the preview */
  action?: string;
  csrf: string;
}) {
  const { lang, survey } = props;
  const t = translations(lang).surveys.answer;
  const form: FormModel = { lang, values: props.values, problems: props.problems };
  const intro = inLang(survey.intro, lang);
  return (
    <>
      {intro.value ? <Paragraphs text={survey.intro} lang={lang} /> : null}
      <p className="hint" data-qa="anonymous-note">
        {t.anonymous}
      </p>
      <ErrorSummary title={t.errorTitle} items={summaryItems(form)} focus={props.problems.length > 0} />
      <form method={props.action ? 'post' : undefined} action={props.action} noValidate data-qa="answer-form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <AnswerFields form={form} questions={props.questions} />
        <button
          type="submit"
          className="button"
          data-qa="submit-answer"
          disabled={!props.action || undefined}
        >
          {t.submit}
        </button>
      </form>
    </>
  );
}

/** The manager's preview: the respondent's form in the workspace, without a way to send it. */
export function PreviewPage(props: {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  survey: SurveyRow;
  questions: readonly QuestionView[];
}) {
  const { lang, survey } = props;
  const tp = translations(lang).surveys.preview;
  const title = format(tp.title, { title: inLang(survey.title, lang).value });
  return (
    <StaffLayout {...props} title={title} path={`${surveyPath(survey.id)}/preview`} current="surveys">
      <p>
        <a href={`/${lang}${surveyPath(survey.id)}`}>{tp.back}</a>
      </p>
      <p className="notice" data-qa="preview-notice">
        {tp.notice}
      </p>
      <h1>
        <Localized text={survey.title} lang={lang} />
      </h1>
      <SurveyForm lang={lang} survey={survey} questions={props.questions} values={{}} problems={[]} csrf="" />
    </StaffLayout>
  );
}
