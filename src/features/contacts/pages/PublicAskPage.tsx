// "Pyydä neuvoa": the one form of the region's family counselling. Works without JavaScript:
// the emergency box appears by CSS (:has) when danger or violence is chosen, and a wrong field
// comes back with everything typed kept and the message beside the field.
import { format, LANGS, type Lang, translations } from '../../../i18n/index.ts';
import { Choices, FieldError, FieldGroup, Select, TextArea, TextField } from '../../../ui/forms.tsx';
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
  type PageProblem,
  publicForm,
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
  const form = publicForm(lang, { ...values }, problems);
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

        <Choices
          form={form}
          layout="list"
          name="contacter"
          className="choices"
          legend={ta.contacter}
          required
          options={CONTACTERS.map((c) => ({
            value: c,
            label: tc.contacter[c],
            hint: c === 'young_person' ? ta.youngHint : undefined,
          }))}
        />

        <Choices
          form={form}
          layout="list"
          name="safety"
          className="choices safety"
          legend={ta.safety}
          hint={ta.safetyHint}
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
        </Choices>

        <PrivacyNote lang={lang} />
        <TextArea form={form} name="message" label={ta.message} hint={ta.messageHint} required rows={6} />

        <FieldGroup
          form={form}
          name="topics"
          className="topics-field"
          legend={ta.topics}
          hint={ta.topicsHint}
        >
          <div className="choices-grid">{common.map(topicBox)}</div>
          <details open={rest.some((x) => chosen.has(x.code)) || undefined}>
            <summary>{ta.moreTopics}</summary>
            <div className="choices-grid">{rest.map((x) => topicBox(x.code))}</div>
          </details>
        </FieldGroup>

        <TextField
          form={form}
          name="childAges"
          className="narrow"
          label={ta.childAges}
          hint={ta.childAgesHint}
          inputMode="text"
          autoComplete="off"
        />

        <Select
          form={form}
          name="municipality"
          className="narrow"
          label={ta.municipality}
          hint={ta.municipalityHint}
          options={[
            { value: '', label: ta.notSay },
            ...municipalities.map((m) => ({ value: m.code, label: m.name })),
          ]}
        />

        <h2>{ta.reachTitle}</h2>
        <TextField
          form={form}
          name="name"
          className="narrow"
          label={ta.name}
          hint={ta.nameHint}
          autoComplete="name"
        />

        <Choices
          form={form}
          layout="list"
          name="replyChannel"
          className="choices"
          legend={ta.replyChannel}
          required
          options={REPLY_CHANNELS.map((c) => ({ value: c, label: tc.replyChannel[c] }))}
        />

        <TextField
          form={form}
          name="phone"
          type="tel"
          className="narrow"
          label={ta.phone}
          hint={ta.phoneHint}
          autoComplete="tel"
        />
        <TextField
          form={form}
          name="email"
          type="email"
          className="narrow"
          label={ta.email}
          hint={ta.emailHint}
          autoComplete="email"
          spellCheck={false}
        />
        <Select
          form={form}
          name="reachTime"
          className="narrow"
          label={ta.reachTime}
          options={REACH_TIMES.map((r) => ({ value: r, label: tc.reachTime[r] }))}
        />

        <Choices
          form={form}
          layout="list"
          name="language"
          className="choices inline"
          legend={ta.language}
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
        <FieldError form={form} name="idempotencyKey" />
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
