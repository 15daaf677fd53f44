/**
 * The form of a new consultation or co-work request. Works without JavaScript: every part is
 * shown, the parts that do not apply are ignored by the server (the consent's fields for an
 * anonymous question, the meeting's for a consultation). A problem comes back beside its field
 * and in the summary at the top; an anonymous text that looks identifying comes back with the
 * warning beside the text and the box to confirm it does not identify anyone.
 */
import { type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import {
  Checkbox,
  Choices,
  ErrorSummary,
  type FormModel,
  type FormProblem,
  type FormValues,
  Select,
  summaryItems,
  TextArea,
  TextField,
} from '../../../ui/forms.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import { label } from '../../contacts/index.ts';
import { NEW_PATH } from './ConsultationParts.tsx';

export interface NewConsultationPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  values: FormValues;
  problems: readonly FormProblem[];
  units: { id: string; name: LocalizedText }[];
}

export function NewConsultationPage(props: NewConsultationPageProps) {
  const { lang, values, problems, units } = props;
  const tf = translations(lang).consultations.form;
  const form: FormModel = { lang, values, problems };
  const warned = problems.some((p) => 'code' in p && p.code === 'consultation.looks_identifying');
  return (
    <StaffLayout {...props} title={tf.title} path={NEW_PATH} current="my-consultations">
      <h1>{tf.title}</h1>
      <p className="lead-small">{tf.lead}</p>
      <ErrorSummary title={tf.errorTitle} items={summaryItems(form)} focus={problems.length > 0} />
      <form method="post" action={`/${lang}${NEW_PATH}`} noValidate data-qa="consultation-form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="consultationId" value={String(values.consultationId ?? '')} />
        <Choices
          form={form}
          name="kind"
          legend={tf.kind}
          required
          layout="list"
          options={[
            { value: 'consultation', label: tf.kindConsultation },
            { value: 'cowork', label: tf.kindCowork },
          ]}
        />
        <Choices
          form={form}
          name="about"
          legend={tf.about}
          required
          layout="list"
          options={[
            { value: 'anonymous', label: tf.aboutAnonymous, hint: tf.aboutAnonymousHint },
            { value: 'identified', label: tf.aboutIdentified, hint: tf.aboutIdentifiedHint },
          ]}
        />
        <TextArea form={form} name="question" label={tf.question} hint={tf.questionHint} required rows={8} />
        {warned ? <Checkbox form={form} name="notIdentifying" label={tf.notIdentifying} /> : null}
        <fieldset data-qa="consent-fields">
          <legend>{tf.consentTitle}</legend>
          <p className="hint">{tf.consentNotice}</p>
          <TextField form={form} name="familyName" label={tf.familyName} autoComplete="off" />
          <Choices
            form={form}
            name="consentKind"
            legend={tf.consentKind}
            options={[
              { value: 'written', label: tf.consentWritten },
              { value: 'verbal', label: tf.consentVerbal },
            ]}
          />
          <TextField
            form={form}
            name="consentGivenOn"
            label={tf.consentGivenOn}
            type="date"
            className="narrow"
          />
          <TextField
            form={form}
            name="consentReference"
            label={tf.consentReference}
            hint={tf.consentReferenceHint}
            autoComplete="off"
          />
        </fieldset>
        <fieldset data-qa="cowork-fields">
          <legend>{tf.coworkTitle}</legend>
          <TextField
            form={form}
            name="coworkAt"
            label={tf.coworkAt}
            hint={tf.coworkAtHint}
            type="datetime-local"
            className="narrow"
          />
          <TextField form={form} name="coworkPlace" label={tf.coworkPlace} hint={tf.coworkPlaceHint} />
          <Select
            form={form}
            name="unitId"
            label={tf.unit}
            options={[
              { value: '', label: tf.unitAny },
              ...units.map((u) => ({ value: u.id, label: label(u.name, lang) })),
            ]}
          />
        </fieldset>
        <button type="submit" className="button" data-qa="send-consultation">
          {tf.send}
        </button>
      </form>
    </StaffLayout>
  );
}
