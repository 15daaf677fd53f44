/**
 * A counsellor logs a phone call or a walk-in into the shared queue: one compact form, the
 * usual answers chosen already, so that it takes less than a minute.
 */
import { type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import type { CatalogueOptions } from '../../catalogue/index.ts';
import { CONTACTERS, REACH_TIMES, REPLY_CHANNELS, SAFETY, URGENCIES } from '../schema.ts';
import { topicOptions } from './StaffForms.tsx';
import {
  Choices,
  ConflictNotice,
  ErrorSummary,
  type FieldNames,
  type FormCtx,
  type FormValues,
  Hidden,
  label,
  SelectField,
  TextArea,
  TextField,
} from './StaffParts.tsx';

export const NEW_CONTACT_PATH = '/staff/contacts/new';

/** The form as it first opens: a phone call from a parent, answered by phone, in the page's language. */
export function newContactValues(lang: Lang, idempotencyKey: string): FormValues {
  return {
    idempotencyKey,
    channel: 'phone',
    urgency: 'normal',
    contacter: 'parent',
    replyChannel: 'phone',
    reachTime: 'any',
    safety: 'none',
    language: lang,
  };
}

/** The log form's fields by name, as their labels say them (its errors name them so). */
function logNames(lang: Lang): FieldNames {
  const tn = translations(lang).contactStaff.newContact;
  const choice = (label: string) => ({ label, choice: true });
  return {
    channel: choice(tn.channel),
    urgency: choice(tn.urgency),
    contacter: choice(tn.contacter),
    municipality: choice(tn.municipality),
    childAges: { label: tn.childAges },
    language: choice(tn.language),
    message: { label: tn.message },
    topics: choice(tn.topics),
    safety: choice(tn.safety),
    name: { label: tn.name },
    phone: { label: tn.phone },
    email: { label: tn.email },
    replyChannel: choice(tn.replyChannel),
    reachTime: choice(tn.reachTime),
  };
}

export function StaffNewContactPage(props: {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  options: CatalogueOptions;
  values: FormValues;
  problems: FieldProblem[];
  conflict?: string;
}) {
  const { lang, actor, options } = props;
  const t = translations(lang);
  const tn = t.contactStaff.newContact;
  const ctx: FormCtx = {
    lang,
    id: 'log',
    values: props.values,
    problems: props.problems,
    names: logNames(lang),
  };
  const municipalities = options.municipalities
    .filter((m) => m.regionId === actor.regionId)
    .map((m) => ({ value: m.code, label: label(m.name, lang) }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  const idempotencyKey = typeof props.values.idempotencyKey === 'string' ? props.values.idempotencyKey : '';
  return (
    <StaffLayout
      lang={lang}
      title={tn.title}
      path={NEW_CONTACT_PATH}
      actor={actor}
      organizationName={props.organizationName}
      current="queue"
      csrf={props.csrf}
    >
      {props.conflict ? (
        <ConflictNotice lang={lang} message={props.conflict} reload={`/${lang}${NEW_CONTACT_PATH}`} />
      ) : null}
      <h1>{tn.title}</h1>
      <p>{tn.lead}</p>
      <form
        method="post"
        action={`/${lang}/staff/contacts`}
        noValidate
        className="log-form wide"
        data-qa="log-form"
      >
        <ErrorSummary ctx={ctx} />
        <Hidden name="_csrf" value={props.csrf} />
        <Hidden name="idempotencyKey" value={idempotencyKey} />
        <div className="log-grid">
          <Choices
            ctx={ctx}
            name="channel"
            legend={tn.channel}
            required
            layout="stack"
            options={(['phone', 'walk_in'] as const).map((c) => ({ value: c, label: t.contacts.channel[c] }))}
          />
          <Choices
            ctx={ctx}
            name="urgency"
            legend={tn.urgency}
            required
            layout="stack"
            options={URGENCIES.map((u) => ({ value: u, label: t.contacts.urgency[u] }))}
          />
          <Choices
            ctx={ctx}
            name="contacter"
            legend={tn.contacter}
            required
            layout="stack"
            options={CONTACTERS.map((c) => ({ value: c, label: t.contacts.contacter[c] }))}
          />
        </div>
        <div className="log-grid">
          <SelectField
            ctx={ctx}
            name="municipality"
            label={tn.municipality}
            options={[{ value: '', label: tn.noMunicipality }, ...municipalities]}
          />
          <TextField
            ctx={ctx}
            name="childAges"
            label={tn.childAges}
            hint={tn.childAgesHint}
            inputMode="numeric"
            autoComplete="off"
          />
          <SelectField
            ctx={ctx}
            name="language"
            label={tn.language}
            options={(['fi', 'sv', 'en'] as const).map((l) => ({
              value: l,
              label: t.contactStaff.languages[l],
            }))}
          />
        </div>
        <TextArea ctx={ctx} name="message" label={tn.message} hint={tn.messageHint} required rows={4} />
        <details
          className="topics-picker"
          open={(props.values.topics ?? []).length > 0 || props.problems.some((p) => p.field === 'topics')}
        >
          <summary>
            {tn.topics} <span className="hint-inline">{t.contactStaff.common.optional}</span>
          </summary>
          <Choices
            ctx={ctx}
            name="topics"
            legend={tn.topics}
            type="checkbox"
            options={topicOptions(lang, options)}
          />
        </details>
        <Choices
          ctx={ctx}
          name="safety"
          legend={tn.safety}
          layout="row"
          options={SAFETY.map((s) => ({ value: s, label: t.contacts.safety[s] }))}
        />
        <fieldset className="group">
          <legend>{tn.contactDetails}</legend>
          <div className="log-grid">
            <TextField ctx={ctx} name="name" label={tn.name} autoComplete="off" />
            <TextField ctx={ctx} name="phone" label={tn.phone} type="tel" autoComplete="off" />
            <TextField ctx={ctx} name="email" label={tn.email} type="email" autoComplete="off" />
          </div>
          <div className="log-grid">
            <Choices
              ctx={ctx}
              name="replyChannel"
              legend={tn.replyChannel}
              required
              layout="stack"
              options={REPLY_CHANNELS.map((r) => ({ value: r, label: t.contacts.replyChannel[r] }))}
            />
            <SelectField
              ctx={ctx}
              name="reachTime"
              label={tn.reachTime}
              options={REACH_TIMES.map((r) => ({ value: r, label: t.contacts.reachTime[r] }))}
            />
          </div>
        </fieldset>
        <button type="submit" data-qa="log-submit">
          {tn.save}
        </button>
      </form>
    </StaffLayout>
  );
}
