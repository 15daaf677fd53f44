import { type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import { Checkbox, type FormValues, Select, TextField } from '../../../ui/forms.tsx';
import { pick, Text } from '../../../ui/Layout.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import { Checks, ErrorSummary, type FormState } from '../../admin/pages/parts.tsx';
import type { MethodView, ProfessionalView } from '../queries.ts';
import { NETWORK_LANGUAGES } from '../schema.ts';
import {
  fteText,
  languagesText,
  MethodName,
  methodLabel,
  NETWORK_PATH,
  professionalPath,
  unitPath,
} from './parts.tsx';

export interface ProfessionalPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  flash?: string;
  /** null: a new professional */
  professional: ProfessionalView | null;
  /** the unit the page goes back to */
  unit: { id: string; name: LocalizedText } | null;
  mode: 'edit' | 'view';
  values: FormValues;
  problems: FieldProblem[];
  units: { id: string; code: string | null; name: LocalizedText; active: boolean }[];
  methods: MethodView[];
}

export function ProfessionalPage(props: ProfessionalPageProps) {
  const { lang, professional: p, mode, unit } = props;
  const t = translations(lang);
  const tn = t.network;
  const tp = tn.professional;
  const heading = !p ? tp.newTitle : mode === 'edit' ? tp.editTitle : tp.viewTitle;
  const title = p ? `${heading}: ${p.name}` : heading;
  const path = p ? professionalPath(p.id) : `${NETWORK_PATH}/professionals/new`;
  const form: FormState = { lang, values: props.values, problems: props.problems };
  const methods = new Map(props.methods.map((m) => [m.code, m]));
  const chosenUnit = [props.values.unit_code].flat()[0] ?? '';
  const unitOptions = props.units
    .filter((u) => u.code !== null && (u.active || u.code === chosenUnit))
    .map((u) => ({ value: u.code ?? '', label: pick(u.name, lang).value }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  return (
    <StaffLayout {...props} title={title} path={path} current="network">
      <p>
        {unit ? (
          <a href={`/${lang}${unitPath(unit.id)}`}>
            {tp.backToUnit}: <Text text={unit.name} lang={lang} />
          </a>
        ) : (
          <a href={`/${lang}${NETWORK_PATH}`}>{tn.unit.back}</a>
        )}
      </p>
      <h1>{p ? `${heading}: ${p.name}` : heading}</h1>
      {mode === 'edit' ? (
        <>
          <ErrorSummary lang={lang} problems={props.problems} />
          <form
            method="post"
            action={`/${lang}${p ? professionalPath(p.id) : `${NETWORK_PATH}/professionals`}`}
            noValidate
            data-qa="professional-form"
          >
            <input type="hidden" name="_csrf" value={props.csrf} />
            <div className="grid-3">
              <TextField form={form} name="code" label={tp.code} hint={tp.codeHint} required />
            </div>
            <Select
              form={form}
              name="unit_code"
              label={tp.unit}
              required
              options={[...(chosenUnit ? [] : [{ value: '', label: tp.chooseUnit }]), ...unitOptions]}
            />
            <TextField form={form} name="name" label={tp.name} required />
            <TextField form={form} name="title" label={tp.title} hint={tp.titleHint} />
            <div className="grid-3">
              <TextField form={form} name="fte" label={tp.fte} hint={tp.fteHint} required />
            </div>
            <Checks
              form={form}
              name="languages"
              legend={tp.languages}
              options={NETWORK_LANGUAGES.map((l) => ({ value: l, label: t.lang[l] }))}
            />
            <Checks
              form={form}
              name="methods"
              legend={tp.methods}
              options={props.methods
                .map((m) => ({
                  value: m.code,
                  sort: methodLabel(m, lang),
                  label: <MethodName method={m} lang={lang} />,
                }))
                .sort((a, b) => a.sort.localeCompare(b.sort, lang))
                .map(({ value, label }) => ({ value, label }))}
            />
            <Checkbox form={form} name="remote_possible" label={tp.remote} />
            <Checkbox form={form} name="active" label={tp.active} />
            <p>
              <button type="submit" className="button" data-qa="save">
                {tn.common.save}
              </button>
            </p>
          </form>
        </>
      ) : p ? (
        <dl className="meta" data-qa="professional-details">
          <dt>{tp.unit}</dt>
          <dd>{unit ? <Text text={unit.name} lang={lang} /> : ''}</dd>
          <dt>{tp.title}</dt>
          <dd lang={lang === 'fi' ? undefined : 'fi'}>{p.title ?? ''}</dd>
          <dt>{tp.fte}</dt>
          <dd>
            {fteText(lang, p.fte)} {tn.common.fteUnit}
          </dd>
          <dt>{tp.languages}</dt>
          <dd>{languagesText(lang, p.languages)}</dd>
          <dt>{tp.methods}</dt>
          <dd>
            {p.methods.map((code, i) => (
              <span key={code}>
                {i > 0 ? ', ' : ''}
                <MethodName method={methods.get(code)} lang={lang} />
              </span>
            ))}
          </dd>
          <dt>{tp.remote}</dt>
          <dd>{p.remotePossible ? tn.common.yes : tn.common.no}</dd>
          <dt>{tp.active}</dt>
          <dd>{p.active ? tn.common.yes : tn.common.no}</dd>
        </dl>
      ) : null}
    </StaffLayout>
  );
}
