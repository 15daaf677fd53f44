/**
 * "Where would this family get the best help?" for one contact: the family's situation (from
 * the mapping, or the contact), a GET form to adjust it, and the ranked suggestions of the
 * matching, each with where, the wait and the free appointments, its plain-language reasons and
 * score parts, and a "Hand over to this service" form (a POST: summary, the family's agreement,
 * the receiving unit; the reasons go along as shown). Urgent situations: the emergency and
 * child-protection routes come first, as the matching puts them, with a note saying so.
 */
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import type { CatalogueOptions } from '../../catalogue/index.ts';
import {
  agesText,
  Choices,
  ConflictNotice,
  type ContactDetail,
  dateTime,
  ErrorSummary,
  type FormCtx,
  type FormValues,
  Hidden,
  label,
  SelectField,
  TextArea,
  TextField,
  UrgencyBadge,
} from '../../contacts/index.ts';
import { type SuggestionView, WEIGHTS } from '../../matching/index.ts';
import type { MethodView, UnitView } from '../../network/index.ts';
import type { HandoffListItem } from '../handoffs.ts';
import { SITUATION_LANGUAGES, type SituationForm } from './HandoffForms.tsx';
import { HANDOFFS_CSS_URL, HandoffTable, suggestionsPath } from './HandoffParts.tsx';

export interface HandoverAgain {
  serviceId: string;
  values: FormValues;
  problems: FieldProblem[];
}

export interface SuggestionsPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  flash?: string;
  contact: ContactDetail;
  form: SituationForm;
  /** the adjusted situation as a query string ('' when it is the contact's own) */
  search: string;
  options: CatalogueOptions;
  methods: MethodView[];
  /** null: the situation could not be asked (no municipality, or a problem in the form) */
  suggestions: SuggestionView[] | null;
  /** the registry's units of each suggested service (the receiving unit to choose) */
  units: Map<string, UnitView[]>;
  /** this contact's handoffs so far */
  handoffs: HandoffListItem[];
  /** a fresh id for each suggestion's handover (a retried post creates nothing twice) */
  handoffIds: Map<string, string>;
  /** what the summary starts with */
  summary: string;
  again?: HandoverAgain;
  conflict?: string;
  now: Date;
}

const numberFormats: Record<Lang, Intl.NumberFormat> = {
  fi: new Intl.NumberFormat('fi-FI', { maximumFractionDigits: 1 }),
  sv: new Intl.NumberFormat('sv-FI', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};
const num = (lang: Lang, n: number) => numberFormats[lang].format(n);

/** The reasons as the handoff keeps them (the schema's limits). */
const reasonsJson = (s: SuggestionView) =>
  JSON.stringify(
    s.reasons.slice(0, 20).map((r) => ({ code: r.code.slice(0, 60), text: r.text.slice(0, 300) })),
  );

export function SuggestionsPage(props: SuggestionsPageProps) {
  const { lang, contact: c, form, suggestions } = props;
  const t = translations(lang);
  const ts = t.handoffs.suggestions;
  const path = suggestionsPath(c.id);
  const open = c.state !== 'closed';
  const urgent = form.situation ? form.situation.urgency !== 'normal' : c.urgency !== 'normal';
  const topicName = new Map(props.options.topics.map((x) => [x.code, label(x.name, lang)]));
  const situationCtx: FormCtx = { lang, id: 'situation', values: form.values, problems: form.problems };
  const municipalities = props.options.municipalities
    .filter((m) => m.regionId === props.actor.regionId)
    .map((m) => ({ value: m.code, label: label(m.name, lang) }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  const municipalityName = new Map(municipalities.map((m) => [m.value, m.label]));

  return (
    <StaffLayout
      lang={lang}
      title={`${ts.title} – ${c.reference}`}
      path={path}
      search={props.search}
      actor={props.actor}
      organizationName={props.organizationName}
      current="handoffs"
      stylesheets={[HANDOFFS_CSS_URL]}
      csrf={props.csrf}
      flash={props.flash}
    >
      {props.conflict ? (
        <ConflictNotice lang={lang} message={props.conflict} reload={`/${lang}${path}${props.search}`} />
      ) : null}
      <p className="back">
        <a href={`/${lang}/staff/contacts/${c.id}`}>{ts.back}</a>
      </p>
      <h1 data-qa="suggestions-title">{ts.title}</h1>
      <p className="contact-status">
        <span>{format(ts.contact, { reference: c.reference })}</span>
        <span>
          {ts.urgency}: <UrgencyBadge lang={lang} urgency={form.situation?.urgency ?? c.urgency} />
        </span>
      </p>
      <p className="lead-small">{ts.lead}</p>
      {urgent ? (
        <div className="notice danger" data-qa="emergency-note">
          <h2>{ts.emergencyTitle}</h2>
          <p>{ts.emergencyText}</p>
        </div>
      ) : null}
      {!open ? (
        <p className="notice" data-qa="contact-closed">
          {ts.closed}
        </p>
      ) : null}

      <section aria-labelledby="situation-title" className="card situation wide">
        <h2 id="situation-title">{ts.situation}</h2>
        <p className="meta" data-qa="situation-source">
          {form.adjusted
            ? ts.adjusted
            : form.mappedAt
              ? format(ts.fromMapping, { when: dateTime(lang, form.mappedAt) })
              : ts.fromContact}
          {form.adjusted ? (
            <>
              {' '}
              <a href={`/${lang}${path}`} data-qa="reset-situation">
                {ts.reset}
              </a>
            </>
          ) : null}
        </p>
        <SituationFacts {...props} municipalityName={municipalityName} topicName={topicName} />
        <details className="adjust" open={form.adjusted || form.problems.length > 0}>
          <summary data-qa="adjust-situation">{ts.change}</summary>
          <form method="get" action={`/${lang}${path}`} noValidate data-qa="situation-form">
            <ErrorSummary ctx={situationCtx} />
            <Hidden name="adjust" value="1" />
            <div className="situation-grid">
              <SelectField
                ctx={situationCtx}
                name="municipality"
                label={ts.municipality}
                required
                options={[{ value: '', label: ts.chooseMunicipality }, ...municipalities]}
              />
              <TextField
                ctx={situationCtx}
                name="ages"
                label={ts.childAges}
                hint={ts.childAgesHint}
                inputMode="numeric"
                autoComplete="off"
              />
              <SelectField
                ctx={situationCtx}
                name="language"
                label={ts.language}
                options={SITUATION_LANGUAGES.map((code) => ({ value: code, label: ts.languages[code] }))}
              />
              <Choices
                ctx={situationCtx}
                name="remote"
                legend={ts.remote}
                options={[
                  { value: 'yes', label: ts.remoteYes },
                  { value: 'no', label: ts.remoteNo },
                ]}
                layout="stack"
              />
            </div>
            <Choices
              ctx={situationCtx}
              name="topics"
              legend={ts.topics}
              type="checkbox"
              options={props.options.topics
                .map((x) => ({ value: x.code, label: label(x.name, lang) }))
                .sort((a, b) => a.label.localeCompare(b.label, lang))}
            />
            <details className="methods" open={(form.situation?.methods ?? []).length > 0}>
              <summary>{ts.methods}</summary>
              <Choices
                ctx={situationCtx}
                name="methods"
                legend={ts.methods}
                hint={ts.methodsHint}
                type="checkbox"
                options={props.methods
                  .map((m) => ({ value: m.code, label: label(m.name, lang) }))
                  .sort((a, b) => a.label.localeCompare(b.label, lang))}
              />
            </details>
            <button type="submit" data-qa="update-suggestions">
              {ts.update}
            </button>
          </form>
        </details>
      </section>

      <section aria-labelledby="results-title" className="suggestions wide" data-qa="suggestions">
        <h2 id="results-title">
          {ts.results}
          {suggestions ? (
            <span className="count">
              {' '}
              ({suggestions.length === 1 ? ts.countOne : format(ts.count, { count: suggestions.length })})
            </span>
          ) : null}
        </h2>
        {suggestions === null ? (
          <p className="notice" data-qa="no-situation">
            {ts.noMunicipality}
          </p>
        ) : suggestions.length === 0 ? (
          <p className="notice" data-qa="no-suggestions">
            {ts.none}
          </p>
        ) : (
          <ol className="suggestion-list">
            {suggestions.map((s, i) => (
              <Suggestion
                key={s.service.id}
                {...props}
                s={s}
                rank={i + 1}
                open={open}
                topicName={topicName}
              />
            ))}
          </ol>
        )}
      </section>

      {props.handoffs.length > 0 ? (
        <section aria-labelledby="contact-handoffs" className="wide" data-qa="contact-handoffs">
          <h2 id="contact-handoffs">{ts.handoffs}</h2>
          <HandoffTable
            lang={lang}
            items={props.handoffs}
            caption={ts.handoffs}
            topicName={topicName}
            showSender
          />
        </section>
      ) : null}
    </StaffLayout>
  );
}

function Suggestion(
  props: SuggestionsPageProps & {
    s: SuggestionView;
    rank: number;
    open: boolean;
    topicName: Map<string, string>;
  },
) {
  const { lang, s, rank, again } = props;
  const t = translations(lang);
  const ts = t.handoffs.suggestions;
  const route = s.reasons.some((r) => r.code === 'emergency_route');
  const remote = s.reasons.some((r) => r.code === 'remote');
  const units = props.units.get(s.service.id) ?? [];
  const unit = s.unit ? units.find((u) => u.id === s.unit?.id) : undefined;
  const id = `s${rank}`;
  const mine = again?.serviceId === s.service.id;
  const ctx: FormCtx = mine
    ? { lang, id: `handover-${id}`, values: again.values, problems: again.problems }
    : {
        lang,
        id: `handover-${id}`,
        values: { summary: props.summary, targetUnitId: s.unit?.id ?? '' },
        problems: [],
      };
  const postedId = typeof ctx.values.handoffId === 'string' ? ctx.values.handoffId : undefined;
  const where = [
    s.municipality
      ? `${s.municipality.name}${s.distanceKm ? ` (${format(ts.distance, { km: num(lang, s.distanceKm) })})` : ''}`
      : '',
    remote ? ts.remoteService : '',
  ]
    .filter(Boolean)
    .join(', ');
  const parts = (Object.keys(WEIGHTS) as (keyof typeof WEIGHTS)[]).filter((k) => s.parts[k] !== 0);
  return (
    <li
      className={`card suggestion${route ? ' route' : ''}`}
      data-qa="suggestion"
      data-service={s.service.id}
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`}>
        <span className="rank">{rank}.</span> {s.service.name}
        {route ? (
          <>
            {' '}
            <strong className="route-mark" data-qa="route">
              {ts.route}
            </strong>
          </>
        ) : null}
      </h3>
      <div className="suggestion-body">
        <dl className="facts">
          <dt>{ts.organisation}</dt>
          <dd>{s.organisation.name}</dd>
          {s.unit ? (
            <>
              <dt>{ts.unit}</dt>
              <dd data-qa="suggestion-unit">{s.unit.name}</dd>
            </>
          ) : null}
          <dt>{ts.where}</dt>
          <dd>{where || ts.noPlace}</dd>
          <dt>{ts.wait}</dt>
          <dd>
            {s.waitDays === null
              ? ts.unknown
              : s.waitDays === 0
                ? ts.waitZero
                : format(ts.waitDays, { n: s.waitDays })}
          </dd>
          <dt>{ts.freeSlots}</dt>
          <dd>{unit ? format(ts.freeSlotsN, { n: unit.freeSlotsPerWeek }) : ts.unknown}</dd>
        </dl>
        <div>
          <h4>{ts.reasons}</h4>
          <ul className="reasons" data-qa="reasons">
            {s.reasons.map((r) => (
              <li key={r.code + r.text} data-code={r.code}>
                {r.text}
              </li>
            ))}
          </ul>
        </div>
      </div>
      <details className="score">
        <summary>
          {ts.scoreParts} ({format(ts.score, { score: num(lang, s.score) })})
        </summary>
        <table className="score-table">
          <caption className="visually-hidden">{format(ts.score, { score: num(lang, s.score) })}</caption>
          <tbody>
            {parts.map((k) => (
              <tr key={k}>
                <th scope="row">{ts.parts[k]}</th>
                <td>{format(ts.points, { points: num(lang, s.parts[k]) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {props.open ? (
        <details className="handover" open={mine}>
          <summary data-qa="open-handover">
            {ts.handOver}
            <span className="visually-hidden">: {s.service.name}</span>
          </summary>
          <form
            method="post"
            action={`/${lang}/staff/contacts/${props.contact.id}/handoffs${props.search}`}
            noValidate
            data-qa="handover-form"
          >
            <ErrorSummary ctx={ctx} />
            <Hidden name="_csrf" value={props.csrf} />
            <Hidden name="handoffId" value={postedId ?? props.handoffIds.get(s.service.id) ?? ''} />
            <Hidden name="targetServiceId" value={s.service.id} />
            <Hidden name="matchReasons" value={reasonsJson(s)} />
            <TextArea ctx={ctx} name="summary" label={ts.summary} hint={ts.summaryHint} required rows={5} />
            <Choices
              ctx={ctx}
              name="familyAgreement"
              legend={ts.agreement}
              hint={ts.agreementHint}
              required
              options={[
                { value: 'verbal', label: t.handoffs.agreementChoice.verbal },
                { value: 'written', label: t.handoffs.agreementChoice.written },
              ]}
              layout="row"
            />
            <SelectField
              ctx={ctx}
              name="targetUnitId"
              label={ts.targetUnit}
              options={[
                { value: '', label: ts.anyUnit },
                ...units.map((u) => ({ value: u.id, label: label(u.name, lang) })),
              ]}
            />
            <button type="submit" data-qa="submit-handover">
              {format(ts.handOverTo, { service: s.service.name })}
            </button>
          </form>
        </details>
      ) : null}
    </li>
  );
}

/** The situation the suggestions were asked for, in words. */
function SituationFacts(
  props: SuggestionsPageProps & { municipalityName: Map<string, string>; topicName: Map<string, string> },
) {
  const { lang, form } = props;
  const t = translations(lang);
  const ts = t.handoffs.suggestions;
  const v = form.situation;
  const values = form.values;
  const list = (x: string | string[] | undefined) => (Array.isArray(x) ? x : x ? [x] : []);
  const municipality = v?.municipality ?? list(values.municipality)[0] ?? '';
  const ages = v ? v.childAges : [];
  const topics = v ? v.topics : list(values.topics);
  const methodName = new Map(props.methods.map((m) => [m.code, label(m.name, lang)]));
  const language = v?.language ?? list(values.language)[0] ?? '';
  return (
    <dl className="facts situation-facts" data-qa="situation-facts">
      <dt>{ts.municipality}</dt>
      <dd>{props.municipalityName.get(municipality) ?? ts.notChosen}</dd>
      <dt>{ts.childAges}</dt>
      <dd>{ages.length > 0 ? agesText(lang, ages) : ts.notChosen}</dd>
      <dt>{ts.topics}</dt>
      <dd>{topics.length > 0 ? topics.map((c) => props.topicName.get(c) ?? c).join(', ') : ts.notChosen}</dd>
      {v?.methods && v.methods.length > 0 ? (
        <>
          <dt>{ts.methods}</dt>
          <dd>{v.methods.map((c) => methodName.get(c) ?? c).join(', ')}</dd>
        </>
      ) : null}
      <dt>{ts.language}</dt>
      <dd>{(ts.languages as Record<string, string>)[language] ?? language}</dd>
      <dt>{ts.remote}</dt>
      <dd>{v?.remote ? ts.remoteYes : ts.remoteNo}</dd>
      {v ? (
        <>
          <dt>{ts.contacter}</dt>
          <dd>{t.contacts.contacter[v.contacter]}</dd>
        </>
      ) : null}
    </dl>
  );
}
