/**
 * One survey for its manager: while a draft, its settings, each question with its own forms
 * (edit, move, remove) and the form of a new one, and publishing; once published, the public
 * link, sending invitations and closing. Every change is its own form post (no JavaScript); a
 * problem comes back beside its field in the form that was posted, with the summary above it.
 */
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { countCell, shownText } from '../../../platform/suppression.ts';
import {
  Checkbox,
  ErrorSummary,
  FieldError,
  type FormModel,
  type FormProblem,
  type FormValues,
  Select,
  summaryItems,
  TextArea,
} from '../../../ui/forms.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import { answerPath, type SurveyView } from '../surveys.ts';
import {
  LIST_PATH,
  Localized,
  opennessText,
  QuestionFields,
  questionValues,
  SettingsFields,
  settingsValues,
  surveyPath,
} from './parts.tsx';

/** The form that was posted, to show again with its problems. */
export interface FormAgain {
  /** 'settings', 'add', 'publish', 'send', or 'question-<id>' */
  form: string;
  values: FormValues;
  problems: readonly FormProblem[];
}

export interface SurveyBuilderPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  view: SurveyView;
  publicUrl: string;
  again?: FormAgain;
  conflict?: string;
  flash?: string;
}

export function SurveyBuilderPage(props: SurveyBuilderPageProps) {
  const { lang, view, again, conflict } = props;
  const { survey, questions } = view;
  const t = translations(lang).surveys;
  const tb = t.builder;
  const base = `/${lang}${surveyPath(survey.id)}`;
  const draft = survey.state === 'draft';
  const model = (id: string, values: FormValues): FormModel =>
    again?.form === id
      ? { lang, id, values: again.values, problems: again.problems }
      : { lang, id, values, problems: [] };
  const title = survey.title.fi;
  const settings = model('settings', settingsValues(survey));
  const add = model('add', { kind: 'single' });
  const publish = model('publish', {});
  const send = model('send', { language: lang });
  return (
    <StaffLayout {...props} title={title} path={surveyPath(survey.id)} current="surveys">
      <p>
        <a href={`/${lang}${LIST_PATH}`}>{tb.backToList}</a>
      </p>
      <h1>
        <Localized text={survey.title} lang={lang} />
      </h1>
      <p data-qa="survey-state">
        {t.state[survey.state]} · {t.audience[survey.audience]} · {opennessText(lang, survey, view.openness)}
      </p>
      <p data-qa="survey-responses">
        {format(tb.responses, { n: shownText(countCell(view.responses), String) })}
      </p>
      <p>
        <a href={`${base}/preview`} data-qa="preview-link">
          {tb.previewLink}
        </a>
        {' · '}
        <a href={`${base}/results`} data-qa="results-link">
          {tb.resultsLink}
        </a>
      </p>
      {conflict ? (
        <div className="notice error" role="alert" data-qa="conflict">
          <p>{conflict}</p>
        </div>
      ) : null}

      {draft ? (
        <form method="post" action={base} noValidate data-qa="settings-form">
          <Version csrf={props.csrf} version={survey.version} />
          <Summary lang={lang} form={settings} />
          <SettingsFields form={settings} />
          <button type="submit" className="button" data-qa="save-settings">
            {t.settings.save}
          </button>
        </form>
      ) : (
        <p className="notice" data-qa="frozen">
          {tb.frozen}
        </p>
      )}

      <h2 id="questions" tabIndex={-1}>
        {tb.questionsTitle}
      </h2>
      {questions.length === 0 ? <p data-qa="no-questions">{tb.noQuestions}</p> : null}
      <ol className="entry-list" data-qa="questions">
        {questions.map((q, i) => {
          const edit = model(`question-${q.id}`, questionValues(q));
          const open = again?.form === `question-${q.id}`;
          return (
            <li key={q.id} className="entry" data-qa={`question-${i + 1}`}>
              <h3>{format(tb.questionN, { n: i + 1 })}</h3>
              <p>
                <Localized text={q.text} lang={lang} />
              </p>
              <p className="hint">
                {t.kind[q.kind]} · {q.required ? tb.required : tb.optional}
              </p>
              {q.options.length > 0 ? (
                <ul>
                  {q.options.map((o, j) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: an option is its place in the list
                    <li key={j}>
                      <Localized text={o} lang={lang} />
                    </li>
                  ))}
                </ul>
              ) : null}
              {draft ? (
                <>
                  <details open={open || undefined}>
                    <summary>{tb.edit}</summary>
                    <form
                      method="post"
                      action={`${base}/questions/${q.id}`}
                      noValidate
                      data-qa={`edit-${i + 1}`}
                    >
                      <Version csrf={props.csrf} version={survey.version} />
                      <Summary lang={lang} form={edit} />
                      <QuestionFields form={edit} />
                      <button type="submit" className="button">
                        {tb.save}
                      </button>
                    </form>
                  </details>
                  <div className="inline-form">
                    {i > 0 ? (
                      <form method="post" action={`${base}/questions/${q.id}/move`}>
                        <Version csrf={props.csrf} version={survey.version} />
                        <input type="hidden" name="direction" value="up" />
                        <button type="submit" className="button secondary" data-qa={`up-${i + 1}`}>
                          {tb.moveUp}
                        </button>
                      </form>
                    ) : null}
                    {i < questions.length - 1 ? (
                      <form method="post" action={`${base}/questions/${q.id}/move`}>
                        <Version csrf={props.csrf} version={survey.version} />
                        <input type="hidden" name="direction" value="down" />
                        <button type="submit" className="button secondary" data-qa={`down-${i + 1}`}>
                          {tb.moveDown}
                        </button>
                      </form>
                    ) : null}
                    <form method="post" action={`${base}/questions/${q.id}/remove`}>
                      <Version csrf={props.csrf} version={survey.version} />
                      <button type="submit" className="button secondary" data-qa={`remove-${i + 1}`}>
                        {tb.remove}
                      </button>
                    </form>
                  </div>
                </>
              ) : null}
            </li>
          );
        })}
      </ol>

      {draft ? (
        <>
          <h2 id="add-question">{tb.addTitle}</h2>
          <form method="post" action={`${base}/questions`} noValidate data-qa="add-question-form">
            <Version csrf={props.csrf} version={survey.version} />
            <Summary lang={lang} form={add} />
            <QuestionFields form={add} />
            <button type="submit" className="button" data-qa="add-question">
              {tb.add}
            </button>
          </form>
          <h2>{tb.publishTitle}</h2>
          <p>{tb.publishLead}</p>
          <form method="post" action={`${base}/publish`} noValidate data-qa="publish-form">
            <Version csrf={props.csrf} version={survey.version} />
            <Summary
              lang={lang}
              form={publish}
              anchors={{ questions: 'questions', closesOn: 'settings-closesOn' }}
            />
            <FieldError form={publish} name="questions" />
            <FieldError form={publish} name="closesOn" />
            <button type="submit" className="button" data-qa="publish">
              {tb.publish}
            </button>
          </form>
        </>
      ) : null}

      {survey.publicToken ? (
        <section className="private-link" data-qa="public-link">
          <h2>{tb.publicLink}</h2>
          <p>{tb.publicLinkLead}</p>
          <p className="link-text">{`${props.publicUrl}${answerPath(lang, survey.publicToken)}`}</p>
          <p data-qa="invitations">{format(tb.invitations, view.invitations)}</p>
        </section>
      ) : null}

      {survey.state === 'published' && view.openness !== 'closed' ? (
        <>
          <h2 id="send">{t.send.title}</h2>
          <p>{t.send.lead}</p>
          <form method="post" action={`${base}/send`} noValidate data-qa="send-form">
            <Version csrf={props.csrf} version={survey.version} />
            <Summary lang={lang} form={send} />
            {survey.audience === 'professionals' ? (
              <Checkbox form={send} name="network" label={t.send.network} />
            ) : null}
            <TextArea
              form={send}
              name="addresses"
              label={t.send.addresses}
              hint={t.send.addressesHint}
              rows={6}
            />
            <Select
              form={send}
              name="language"
              label={t.send.language}
              options={(['fi', 'sv', 'en'] as const).map((l) => ({
                value: l,
                label: translations(lang).lang[l],
              }))}
            />
            <button type="submit" className="button" data-qa="send">
              {t.send.send}
            </button>
          </form>
        </>
      ) : null}

      {survey.state === 'published' ? (
        <>
          <h2>{tb.closeTitle}</h2>
          <form method="post" action={`${base}/close`} data-qa="close-form">
            <Version csrf={props.csrf} version={survey.version} />
            <button type="submit" className="button secondary" data-qa="close">
              {tb.close}
            </button>
          </form>
        </>
      ) : null}
    </StaffLayout>
  );
}

/** The form token and the version the page was read at, in every form. */
function Version({ csrf, version }: { csrf: string; version: number }) {
  return (
    <>
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="version" value={String(version)} />
    </>
  );
}

/** The problems of one form, above it (it takes the focus when that form was posted). */
function Summary({ lang, form, anchors }: { lang: Lang; form: FormModel; anchors?: Record<string, string> }) {
  return (
    <ErrorSummary
      title={translations(lang).surveys.settings.errorTitle}
      items={summaryItems(form, anchors)}
      id={`${form.id}-summary`}
      focus={form.problems.length > 0}
    />
  );
}
