/**
 * What the survey pages share: their paths, the survey's settings fields and a question's
 * fields (the builder's forms), and the answer form (the public page and the preview).
 */
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { formatFinnishDate } from '../../../platform/working-days.ts';
import {
  Checkbox,
  Choices,
  type FormModel,
  type FormValues,
  Select,
  TextArea,
  TextField,
} from '../../../ui/forms.tsx';
import { answerField, inLang, QUESTION_KINDS, type QuestionView, SCALE_VALUES } from '../model.ts';
import type { SurveyRow } from '../queries.ts';

export const LIST_PATH = '/staff/surveys';
export const surveyPath = (id: string) => `${LIST_PATH}/${id}`;

export const day = (value: string) => formatFinnishDate(value);

/** A survey's text in the page's language (Finnish when it has none), marked with its language. */
export function Localized({ text, lang }: { text: LocalizedText; lang: Lang }) {
  const t = inLang(text, lang);
  return t.lang === lang ? t.value : <span lang={t.lang}>{t.value}</span>;
}

/** A survey's settings as form values. */
export function settingsValues(survey: SurveyRow): FormValues {
  return {
    audience: survey.audience,
    title_fi: survey.title.fi,
    title_sv: survey.title.sv ?? '',
    title_en: survey.title.en ?? '',
    intro_fi: survey.intro.fi,
    intro_sv: survey.intro.sv ?? '',
    intro_en: survey.intro.en ?? '',
    opensOn: survey.opensOn,
    closesOn: survey.closesOn,
  };
}

/** A question as form values. */
export function questionValues(q: QuestionView): FormValues {
  const options = (lang: 'fi' | 'sv' | 'en') =>
    q.options
      .map((o) => o[lang] ?? '')
      .join('\n')
      .trim();
  return {
    kind: q.kind,
    text_fi: q.text.fi,
    text_sv: q.text.sv ?? '',
    text_en: q.text.en ?? '',
    options_fi: options('fi'),
    options_sv: options('sv'),
    options_en: options('en'),
    required: q.required ? 'true' : '',
  };
}

export function SettingsFields({ form }: { form: FormModel }) {
  const t = translations(form.lang).surveys;
  const ts = t.settings;
  return (
    <fieldset>
      <legend>{ts.legend}</legend>
      <Choices
        form={form}
        name="audience"
        legend={ts.audience}
        required
        layout="list"
        options={[
          { value: 'clients', label: t.audience.clients },
          { value: 'professionals', label: t.audience.professionals },
        ]}
      />
      <TextField form={form} name="title_fi" label={ts.titleFi} required contentLang="fi" />
      <TextField form={form} name="title_sv" label={ts.titleSv} hint={ts.otherLangHint} contentLang="sv" />
      <TextField form={form} name="title_en" label={ts.titleEn} hint={ts.otherLangHint} contentLang="en" />
      <TextArea form={form} name="intro_fi" label={ts.introFi} rows={3} contentLang="fi" />
      <TextArea form={form} name="intro_sv" label={ts.introSv} rows={3} contentLang="sv" />
      <TextArea form={form} name="intro_en" label={ts.introEn} rows={3} contentLang="en" />
      <TextField
        form={form}
        name="opensOn"
        label={ts.opensOn}
        hint={ts.dateHint}
        type="date"
        required
        className="narrow"
      />
      <TextField
        form={form}
        name="closesOn"
        label={ts.closesOn}
        hint={ts.dateHint}
        type="date"
        required
        className="narrow"
      />
    </fieldset>
  );
}

export function QuestionFields({ form }: { form: FormModel }) {
  const t = translations(form.lang).surveys;
  const tb = t.builder;
  return (
    <>
      <Select
        form={form}
        name="kind"
        label={tb.kind}
        required
        options={QUESTION_KINDS.map((k) => ({ value: k, label: t.kind[k] }))}
      />
      <TextField form={form} name="text_fi" label={tb.textFi} required contentLang="fi" />
      <TextField
        form={form}
        name="text_sv"
        label={tb.textSv}
        hint={t.settings.otherLangHint}
        contentLang="sv"
      />
      <TextField
        form={form}
        name="text_en"
        label={tb.textEn}
        hint={t.settings.otherLangHint}
        contentLang="en"
      />
      <TextArea
        form={form}
        name="options_fi"
        label={tb.optionsFi}
        hint={tb.optionsHint}
        rows={4}
        contentLang="fi"
      />
      <TextArea form={form} name="options_sv" label={tb.optionsSv} rows={4} contentLang="sv" />
      <TextArea form={form} name="options_en" label={tb.optionsEn} rows={4} contentLang="en" />
      <Checkbox form={form} name="required" label={tb.requiredLabel} />
    </>
  );
}

/**
 * The questions as a respondent answers them (no JavaScript): a choice as radio buttons or
 * checkboxes (the option's index), a scale as five radio buttons, a text as a text area; each
 * problem beside its question.
 */
export function AnswerFields({ form, questions }: { form: FormModel; questions: readonly QuestionView[] }) {
  const lang = form.lang;
  const t = translations(lang).surveys;
  return (
    <>
      {questions.map((q) => {
        const name = answerField(q.id);
        const legend = <Localized text={q.text} lang={lang} />;
        if (q.kind === 'text')
          return (
            <TextArea key={q.id} form={form} name={name} label={legend} required={q.required} rows={5} />
          );
        if (q.kind === 'scale')
          return (
            <Choices
              key={q.id}
              form={form}
              name={name}
              legend={legend}
              hint={`${t.scale.low}, ${t.scale.high}`}
              required={q.required}
              options={SCALE_VALUES.map((v) => ({ value: String(v), label: String(v) }))}
            />
          );
        return (
          <Choices
            key={q.id}
            form={form}
            name={name}
            legend={legend}
            required={q.required}
            type={q.kind === 'multiple' ? 'checkbox' : 'radio'}
            layout="list"
            options={q.options.map((o, i) => {
              const text = inLang(o, lang);
              return {
                value: String(i),
                label: text.value,
                lang: text.lang === lang ? undefined : text.lang,
              };
            })}
          />
        );
      })}
    </>
  );
}

/** "Open until 31.12.2026", "Opens on …" or "Closed" for a survey page; a draft's days. */
export function opennessText(
  lang: Lang,
  survey: SurveyRow,
  open: 'open' | 'not_yet_open' | 'closed',
): string {
  const tb = translations(lang).surveys.builder;
  // a draft takes no answers yet, but is not "closed" either: the days it will take them
  if (survey.state === 'draft')
    return format(tb.draftPeriod, { from: day(survey.opensOn), to: day(survey.closesOn) });
  if (open === 'closed') return tb.isClosed;
  if (open === 'not_yet_open') return format(tb.notYetOpen, { date: day(survey.opensOn) });
  return format(tb.isOpen, { date: day(survey.closesOn) });
}
