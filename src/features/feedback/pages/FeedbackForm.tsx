/**
 * The family's feedback form (issue 13): "Did one contact get you help?" (yes / partly / no,
 * required), how easy it was to reach us (1–5, optional) and free text (optional, with a hint
 * not to write names or identity codes). Works without JavaScript; a problem stands beside its
 * field and in the summary. `plain`: the plain-language Finnish texts (selkokieli).
 */
import { errorMessage, type Lang, translations } from '../../../i18n/index.ts';
import {
  Choices,
  ErrorSummary,
  type FormModel,
  type FormProblem,
  summaryItems,
  TextArea,
} from '../../../ui/forms.tsx';
import { EASE_VALUES, GOT_HELP } from '../model.ts';

export interface FeedbackValues {
  gotHelp: string;
  ease: string;
  comment: string;
}

export const emptyFeedback: FeedbackValues = { gotHelp: '', ease: '', comment: '' };

/** The form's texts: the plain-language ones on a Finnish page that asked for them. */
export function feedbackTexts(lang: Lang, plain: boolean) {
  const t = translations(lang).feedback;
  return plain && lang === 'fi' ? t.plain : t.form;
}

/** A coded problem in the form's own words (the plain-language version has its own). */
function sayIn(lang: Lang, plain: boolean) {
  const t = feedbackTexts(lang, plain);
  return (p: { code: string; params?: Record<string, string | number> }) => {
    if (p.code === 'feedback.got_help_required') return t.gotHelpRequired;
    if (p.code === 'feedback.ease_invalid') return t.easeInvalid;
    if (p.code === 'request.too_long') return t.tooLong;
    return errorMessage(lang, p.code as Parameters<typeof errorMessage>[1], p.params);
  };
}

export function FeedbackForm({
  lang,
  plain,
  action,
  csrf,
  values,
  problems,
  focusSummary = false,
}: {
  lang: Lang;
  plain: boolean;
  action: string;
  csrf: string;
  values: FeedbackValues;
  problems: readonly FormProblem[];
  /** the summary takes the focus (the page re-rendered after a post) */
  focusSummary?: boolean;
}) {
  const t = feedbackTexts(lang, plain);
  const form: FormModel = {
    lang,
    id: 'feedback',
    values: { gotHelp: values.gotHelp, ease: values.ease, comment: values.comment },
    problems,
    say: sayIn(lang, plain),
  };
  return (
    <>
      <ErrorSummary
        title={t.errorTitle}
        items={summaryItems(form)}
        id="feedback-errors"
        focus={focusSummary}
        qa="feedback-error-summary"
      />
      <form method="post" action={action} noValidate data-qa="feedback-form">
        <input type="hidden" name="_csrf" value={csrf} />
        {plain && lang === 'fi' ? <input type="hidden" name="selko" value="1" /> : null}
        <Choices
          form={form}
          name="gotHelp"
          legend={t.gotHelp}
          required
          layout="list"
          className="choices"
          options={GOT_HELP.map((value) => ({ value, label: t.gotHelpOptions[value] }))}
          qa={(value) => `feedback-got-help-${value}`}
        />
        <Choices
          form={form}
          name="ease"
          legend={t.ease}
          hint={t.easeHint}
          layout="list"
          className="choices inline"
          options={EASE_VALUES.map((value) => ({ value, label: t.easeOptions[value] }))}
          qa={(value) => `feedback-ease-${value}`}
        />
        <TextArea form={form} name="comment" label={t.comment} hint={t.commentHint} rows={5} />
        <p>
          <button type="submit" data-qa="feedback-submit">
            {t.send}
          </button>
        </p>
      </form>
    </>
  );
}
