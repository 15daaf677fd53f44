// "Pyydä neuvoa": the one form of the region's family counselling. Works without JavaScript:
// the emergency box appears by CSS (:has) when danger or violence is chosen, and a wrong field
// comes back with everything typed kept and the message beside the field.
import type { ReactNode } from 'react';
import { format, LANGS, type Lang, translations } from '../../../i18n/index.ts';
import type { PageAccount } from '../../../ui/Layout.tsx';
import { ASK_PATHS, EMERGENCY_PATHS, Layout, PrivacyNote, pick } from '../../../ui/Layout.tsx';
import type { CatalogueOptions } from '../../catalogue/catalogue.ts';
import { municipalityName } from '../../catalogue/pages/format.ts';
import { CONTACTERS, REACH_TIMES, REPLY_CHANNELS, SAFETY } from '../schema.ts';
import {
  clockText,
  dayText,
  EmergencyBox,
  ErrorSummary,
  errorId,
  FieldProblem,
  type PageProblem,
  QuickExit,
  workingDaysText,
} from './PublicParts.tsx';

/** What the form holds, as typed (strings), to fill the form again after a problem. */
export interface AskValues {
  idempotencyKey: string;
  contacter: string;
  safety: string;
  message: string;
  topics: string[];
  childAges: string;
  municipality: string;
  name: string;
  replyChannel: string;
  phone: string;
  email: string;
  reachTime: string;
  language: string;
}

export const emptyAskValues = (lang: Lang, idempotencyKey: string): AskValues => ({
  idempotencyKey,
  contacter: '',
  safety: '',
  message: '',
  topics: [],
  childAges: '',
  municipality: '',
  name: '',
  replyChannel: '',
  phone: '',
  email: '',
  reachTime: 'any',
  language: lang,
});

/** The topics most families ask about, shown first; the rest behind "Show all topics". */
const COMMON_TOPICS = [
  'JAKSAMINEN_VANHEMMUUS',
  'TUNTEET_KAYTTAYTYMINEN',
  'RAIVOKOHTAUKSET',
  'UNI',
  'ERO',
  'PARISUHDE',
  'KIUSAAMINEN',
  'MIELENTERVEYS_LAPSI',
];

/** The id a problem of each field links to (a group's first option). */
export function askAnchors(options: CatalogueOptions): Record<string, string> {
  const firstTopic = COMMON_TOPICS.find((c) => options.topics.some((t) => t.code === c));
  return {
    contacter: `contacter-${CONTACTERS[0]}`,
    safety: `safety-${SAFETY[0]}`,
    replyChannel: `replyChannel-${REPLY_CHANNELS[0]}`,
    language: `language-${LANGS[0]}`,
    topics: `topic-${firstTopic ?? options.topics[0]?.code ?? ''}`,
    idempotencyKey: 'send',
  };
}

/** The endonyms: a reader looks for their own language's own name. */
const LANGUAGE_NAMES: Record<Lang, string> = { fi: 'suomi', sv: 'svenska', en: 'English' };

export interface AskPageProps {
  lang: Lang;
  options: CatalogueOptions;
  /** the region whose municipalities the form offers */
  regionId: string | null;
  values: AskValues;
  problems: PageProblem[];
  /** a problem of the whole form (the key was used with other content) */
  formProblem?: string;
  csrf: string;
  /** the promised first-response day if sent now, 'YYYY-MM-DD', and the working days it is */
  respondBy: string;
  workingDays: number;
  /** what an urgent and an emergency contact sent now are promised (issue 10, finding 1) */
  urgentPromise: AskPromise;
  emergencyPromise: AskPromise;
  /** today in Helsinki, 'YYYY-MM-DD' */
  today: string;
  socialPhone: string | null;
  account?: PageAccount;
}

/** A promise as the form states it before sending: by which day, and when duty starts if nobody is at work. */
export interface AskPromise {
  respondBy: string;
  nextDuty: { day: string; from: string } | null;
}

export function PublicAskPage(props: AskPageProps) {
  const { lang, options, values, problems, csrf } = props;
  const t = translations(lang);
  const ta = t.contactPublic.ask;
  const tc = t.contacts;
  const has = (field: string) => problems.some((p) => p.field === field);
  /** aria-describedby and aria-invalid of a field: its hint, then its problem. */
  const aria = (field: string, hint?: boolean) => {
    const ids = [hint ? `${field}-hint` : null, has(field) ? errorId(field) : null].filter(Boolean);
    return {
      'aria-describedby': ids.length ? ids.join(' ') : undefined,
      'aria-invalid': has(field) ? true : undefined,
    };
  };
  const required = <span className="required"> {t.contactPublic.required}</span>;
  const municipalities = options.municipalities
    .filter((m) => props.regionId === null || m.regionId === props.regionId)
    .map((m) => ({ code: m.code, name: municipalityName(lang, m.name) }))
    .sort((a, b) => a.name.localeCompare(b.name, lang));
  const topicName = (code: string) => pick(options.topics.find((x) => x.code === code)?.name, lang);
  const common = COMMON_TOPICS.filter((c) => options.topics.some((x) => x.code === c));
  const rest = options.topics
    .filter((x) => !common.includes(x.code))
    .sort((a, b) => pick(a.name, lang).value.localeCompare(pick(b.name, lang).value, lang));
  const chosen = new Set(values.topics);
  const topicBox = (code: string) => {
    const name = topicName(code);
    return (
      <label key={code} className="check" htmlFor={`topic-${code}`}>
        <input
          type="checkbox"
          id={`topic-${code}`}
          name="topics"
          value={code}
          defaultChecked={chosen.has(code)}
        />
        <span lang={name.lang === lang ? undefined : name.lang}>{name.value}</span>
      </label>
    );
  };
  const title =
    problems.length || props.formProblem ? `${t.contactPublic.errorSummary}: ${ta.title}` : ta.title;

  return (
    <Layout lang={lang} title={title} path="" paths={ASK_PATHS} current="ask" {...props.account}>
      <QuickExit lang={lang} />
      <h1>{ta.title}</h1>
      {/* what to fix comes first, before the introduction the family has already read */}
      {props.formProblem ? (
        <div className="error-summary" role="alert" data-qa="form-problem">
          <p>{props.formProblem}</p>
        </div>
      ) : null}
      <ErrorSummary lang={lang} problems={problems} anchors={askAnchors(options)} />
      <p className="lead">{ta.lead}</p>
      <ul className="points">
        {ta.points.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      <p className="emergency-line" data-qa="emergency-line">
        <strong>{ta.emergencyLine}</strong> <a href={EMERGENCY_PATHS[lang]}>{ta.emergencyLink}</a>
      </p>

      {/* noValidate: the server's messages, beside the field and in the page's language */}
      <form method="post" action={ASK_PATHS[lang]} className="ask-form" noValidate data-qa="ask-form">
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="idempotencyKey" value={values.idempotencyKey} />

        <Radios
          name="contacter"
          legend={
            <>
              {ta.contacter}
              {required}
            </>
          }
          value={values.contacter}
          problems={problems}
          aria={aria('contacter')}
          options={CONTACTERS.map((c) => ({
            value: c,
            label: tc.contacter[c],
            hint: c === 'young_person' ? ta.youngHint : undefined,
          }))}
        />

        <Radios
          name="safety"
          className="safety"
          legend={ta.safety}
          hint={ta.safetyHint}
          value={values.safety}
          problems={problems}
          aria={aria('safety', true)}
          options={SAFETY.map((s) => ({
            value: s,
            label: tc.safety[s],
            // a screen reader hears what to do when the option gets focus, box shown or not
            describedBy:
              s === 'acute_danger' ? 'emergency-now' : s === 'violence' ? 'emergency-violence' : undefined,
          }))}
        >
          <EmergencyBox lang={lang} kind="now" socialPhone={props.socialPhone} onForm />
          <EmergencyBox lang={lang} kind="violence" socialPhone={props.socialPhone} onForm />
        </Radios>

        <PrivacyNote lang={lang} />
        <div className="field">
          <label htmlFor="message">
            {ta.message}
            {required}
          </label>
          <span className="hint" id="message-hint">
            {ta.messageHint}
          </span>
          <FieldProblem problems={problems} field="message" />
          <textarea
            id="message"
            name="message"
            rows={6}
            required
            defaultValue={values.message}
            data-qa="field-message"
            {...aria('message', true)}
          />
        </div>

        <fieldset id="topics" className="topics-field" {...aria('topics', true)}>
          <legend>{ta.topics}</legend>
          <span className="hint" id="topics-hint">
            {ta.topicsHint}
          </span>
          <FieldProblem problems={problems} field="topics" />
          <div className="choices-grid">{common.map(topicBox)}</div>
          <details open={rest.some((x) => chosen.has(x.code)) || undefined}>
            <summary>{ta.moreTopics}</summary>
            <div className="choices-grid">{rest.map((x) => topicBox(x.code))}</div>
          </details>
        </fieldset>

        <div className="field narrow">
          <label htmlFor="childAges">{ta.childAges}</label>
          <span className="hint" id="childAges-hint">
            {ta.childAgesHint}
          </span>
          <FieldProblem problems={problems} field="childAges" />
          <input
            type="text"
            id="childAges"
            name="childAges"
            defaultValue={values.childAges}
            inputMode="text"
            autoComplete="off"
            data-qa="field-childAges"
            {...aria('childAges', true)}
          />
        </div>

        <div className="field narrow">
          <label htmlFor="municipality">{ta.municipality}</label>
          <span className="hint" id="municipality-hint">
            {ta.municipalityHint}
          </span>
          <FieldProblem problems={problems} field="municipality" />
          <select
            id="municipality"
            name="municipality"
            defaultValue={values.municipality}
            data-qa="field-municipality"
            {...aria('municipality', true)}
          >
            <option value="">{ta.notSay}</option>
            {municipalities.map((m) => (
              <option key={m.code} value={m.code}>
                {m.name}
              </option>
            ))}
          </select>
        </div>

        <h2>{ta.reachTitle}</h2>
        <div className="field narrow">
          <label htmlFor="name">{ta.name}</label>
          <span className="hint" id="name-hint">
            {ta.nameHint}
          </span>
          <FieldProblem problems={problems} field="name" />
          <input
            type="text"
            id="name"
            name="name"
            defaultValue={values.name}
            autoComplete="name"
            data-qa="field-name"
            {...aria('name', true)}
          />
        </div>

        <Radios
          name="replyChannel"
          legend={
            <>
              {ta.replyChannel}
              {required}
            </>
          }
          value={values.replyChannel}
          problems={problems}
          aria={aria('replyChannel')}
          options={REPLY_CHANNELS.map((c) => ({ value: c, label: tc.replyChannel[c] }))}
        />

        <div className="field narrow">
          <label htmlFor="phone">{ta.phone}</label>
          <span className="hint" id="phone-hint">
            {ta.phoneHint}
          </span>
          <FieldProblem problems={problems} field="phone" />
          <input
            type="tel"
            id="phone"
            name="phone"
            defaultValue={values.phone}
            autoComplete="tel"
            data-qa="field-phone"
            {...aria('phone', true)}
          />
        </div>

        <div className="field narrow">
          <label htmlFor="email">{ta.email}</label>
          <span className="hint" id="email-hint">
            {ta.emailHint}
          </span>
          <FieldProblem problems={problems} field="email" />
          <input
            type="email"
            id="email"
            name="email"
            defaultValue={values.email}
            autoComplete="email"
            spellCheck={false}
            data-qa="field-email"
            {...aria('email', true)}
          />
        </div>

        <div className="field narrow">
          <label htmlFor="reachTime">{ta.reachTime}</label>
          <FieldProblem problems={problems} field="reachTime" />
          <select
            id="reachTime"
            name="reachTime"
            defaultValue={values.reachTime}
            data-qa="field-reachTime"
            {...aria('reachTime')}
          >
            {REACH_TIMES.map((r) => (
              <option key={r} value={r}>
                {tc.reachTime[r]}
              </option>
            ))}
          </select>
        </div>

        <Radios
          name="language"
          className="inline"
          legend={ta.language}
          value={values.language}
          problems={problems}
          aria={aria('language')}
          options={LANGS.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l }))}
        />

        <section className="next-steps" aria-labelledby="next-title" data-qa="next-steps">
          <h2 id="next-title">{ta.nextTitle}</h2>
          <ol>
            {ta.next.map((line, i) => (
              <li key={line}>
                {i === 1 ? (
                  <NextPromise {...props} normal={line} />
                ) : (
                  format(line, {
                    days: workingDaysText(lang, props.workingDays),
                    date: dayText(lang, props.respondBy),
                  })
                )}
              </li>
            ))}
          </ol>
        </section>
        <FieldProblem problems={problems} field="idempotencyKey" />
        <button type="submit" id="send" data-qa="ask-send">
          {ta.send}
        </button>
      </form>
    </Layout>
  );
}

/**
 * The promise among "what happens next", in three versions: the safety answer shows one of them
 * by CSS alone (contact-public.css), so violence is never told "by Wednesday" and danger is told
 * to call 112, with or without JavaScript.
 */
function NextPromise(props: AskPageProps & { normal: string }) {
  const { lang } = props;
  const tp = translations(lang).contactPublic.promise;
  const when = (day: string, template: string) =>
    day === props.today ? tp.today : format(template, { day: dayText(lang, day) });
  const offDuty = (promise: AskPromise) =>
    promise.nextDuty
      ? ` ${format(tp.offDuty, {
          when: when(promise.nextDuty.day, tp.onDay),
          time: format(tp.time, { time: clockText(lang, promise.nextDuty.from) }),
        })}`
      : '';
  return (
    <>
      <span className="next-normal">
        {format(props.normal, {
          days: workingDaysText(lang, props.workingDays),
          date: dayText(lang, props.respondBy),
        })}
      </span>
      <span className="next-urgent">
        {`${tp.urgentTitle} ${format(tp.urgentText, { when: when(props.urgentPromise.respondBy, tp.byDay) })}${offDuty(props.urgentPromise)}`}
      </span>
      <span className="next-emergency">
        {/* before sending nobody has been alerted yet: the queue's line is for after */}
        {`${tp.emergencyTitle} ${tp.emergencyText} ${format(tp.urgentText, {
          when: when(props.emergencyPromise.respondBy, tp.byDay),
        })}`}
      </span>
    </>
  );
}

/** A group of radio buttons with its legend, hint and problem; children come after the options. */
function Radios({
  name,
  legend,
  hint,
  value,
  options,
  problems,
  aria,
  className,
  children,
}: {
  name: string;
  legend: ReactNode;
  hint?: string;
  value: string;
  options: { value: string; label: string; hint?: string; describedBy?: string; lang?: string }[];
  problems: PageProblem[];
  aria: { 'aria-describedby'?: string; 'aria-invalid'?: boolean };
  className?: string;
  children?: ReactNode;
}) {
  return (
    <fieldset id={name} className={['choices', className].filter(Boolean).join(' ')} {...aria}>
      <legend>{legend}</legend>
      {hint ? (
        <span className="hint" id={`${name}-hint`}>
          {hint}
        </span>
      ) : null}
      <FieldProblem problems={problems} field={name} />
      {options.map((o) => {
        const id = `${name}-${o.value}`;
        const describedBy = [o.hint ? `${id}-hint` : null, o.describedBy].filter(Boolean).join(' ');
        return (
          <div key={o.value} className="choice">
            <label className="check" htmlFor={id}>
              <input
                type="radio"
                id={id}
                name={name}
                value={o.value}
                defaultChecked={value === o.value}
                aria-describedby={describedBy || undefined}
                data-qa={`field-${id}`}
              />
              <span lang={o.lang}>{o.label}</span>
            </label>
            {o.hint ? (
              <span className="hint choice-hint" id={`${id}-hint`}>
                {o.hint}
              </span>
            ) : null}
          </div>
        );
      })}
      {children}
    </fieldset>
  );
}
