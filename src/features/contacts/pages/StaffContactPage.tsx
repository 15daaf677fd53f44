/**
 * One contact for its counsellor: the details and the family's own words, the work (claim,
 * assign, situation mapping, advice, a message to the family, closing with an outcome,
 * reopening), and the record: every entry with its type, service task and versions, and the
 * history of events. Every form is its own post with the contact's version, so a page left open
 * while someone else changed the contact is refused (409) instead of overwriting.
 */
import type { ReactNode } from 'react';
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import { isOverdue } from '../../../platform/working-days.ts';
import { EmailLink, PhoneLink } from '../../../ui/ContactLinks.tsx';
import { Paragraphs } from '../../../ui/Layout.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import { IsolatedFormat, UserText } from '../../../ui/UserText.tsx';
import type { CatalogueOptions } from '../../catalogue/index.ts';
import type { ContactDetail, EntryView } from '../contacts.ts';
import { canTransition } from '../contacts.ts';
import { authorLabel, outcomeLabel, serviceTaskLabel } from '../labels.ts';
import type { ServiceChoice } from '../staff-views.ts';
import type { MappingTopicSuggestion } from '../topic-suggestions.ts';
import {
  MappingFields,
  mappingNames,
  mappingToForm,
  OutcomeFields,
  outcomeNames,
  outcomeToForm,
} from './StaffForms.tsx';
import {
  agesText,
  ConflictNotice,
  dateTime,
  day,
  ErrorSummary,
  type FieldNames,
  type FormCtx,
  type FormValues,
  Hidden,
  label,
  OverdueBadge,
  SelectField,
  TextArea,
  UrgencyBadge,
  Waiting,
} from './StaffParts.tsx';

/** The forms of the page; a correction form is named after its entry. */
export type WorkForm = 'assign' | 'mapping' | 'advice' | 'message' | 'close' | 'reopen' | `fix-${string}`;

export interface FormAgain {
  form: WorkForm;
  values: FormValues;
  problems: FieldProblem[];
}

export interface ContactPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  flash?: string;
  contact: ContactDetail;
  options: CatalogueOptions;
  /** the topics the family's own words suggest for a new mapping (the thesaurus), for the counsellor to accept */
  topicSuggestions?: MappingTopicSuggestion[];
  counsellors: { id: string; name: string }[];
  services: ServiceChoice[];
  serviceQuery: string;
  serviceNames: Map<string, LocalizedText>;
  taskNames: Map<string, LocalizedText>;
  /** a form posted with problems: shown again with what was typed */
  again?: FormAgain;
  /** a refused change (409): what happened, at the top */
  conflict?: string;
  now: Date;
  /** fresh ids for the entries the forms would add (a retried post adds nothing twice) */
  entryIds: { mapping: string; advice: string; message: string };
  /** the consent panel (the consent feature's, through app.ts) */
  consent?: ReactNode;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The forms of the work on an open contact (shown once it is claimed). */
const WORK_FORMS: readonly WorkForm[] = ['mapping', 'advice', 'message', 'close'];

/** Each form's fields by name, so that its problems name them. */
function namesOf(lang: Lang, form: WorkForm, entryType?: EntryView['type']): FieldNames {
  const ts = translations(lang).contactStaff;
  const reason = { reason: { label: ts.contact.reason } };
  if (form === 'mapping') return mappingNames(lang);
  if (form === 'close') return outcomeNames(lang);
  if (form === 'advice') return { text: { label: ts.advice.text } };
  if (form === 'message') return { text: { label: ts.message.text } };
  if (form === 'reopen') return { reason: { label: ts.contact.reopenReason } };
  if (form === 'assign') return { staffUserId: { label: ts.contact.assignField, choice: true } };
  if (entryType === 'mapping') return { ...mappingNames(lang), ...reason };
  if (entryType === 'outcome') return { ...outcomeNames(lang), ...reason };
  return { text: { label: ts.advice.text }, ...reason };
}

export function StaffContactPage(props: ContactPageProps) {
  const { lang, contact: c, now, again } = props;
  const t = translations(lang);
  const ts = t.contactStaff;
  const tc = ts.contact;
  const path = `/staff/contacts/${c.id}`;
  const title = format(tc.title, { reference: c.reference });
  const overdue = c.state !== 'closed' && !c.firstResponseAt && isOverdue(c.respondBy, now);
  const contactEntry = c.entries.find((e) => e.type === 'contact');
  const familyWords = str(contactEntry?.content.message);
  const municipality = props.options.municipalities.find((m) => m.code === c.municipalityCode);
  const topicName = new Map(props.options.topics.map((x) => [x.code, label(x.name, lang)]));
  const ctxOf = (form: WorkForm, initial: FormValues = {}, entryType?: EntryView['type']): FormCtx => {
    const names = namesOf(lang, form, entryType);
    return again?.form === form
      ? { lang, id: form, values: again.values, problems: again.problems, names }
      : { lang, id: form, values: initial, problems: [], names };
  };
  const open = c.state !== 'closed';
  // What the state allows: a new contact is claimed (or given to someone) before any work is
  // shown; a claimed one shows the forms of the work; a closed one its record and reopening.
  // A form posted anyway (from a page left open) is shown again with its problems.
  const working =
    c.state === 'assigned' ||
    c.state === 'in_progress' ||
    (open && WORK_FORMS.some((f) => f === again?.form));
  const familyEntries = c.entries.filter((e) => e.type !== 'contact');
  const showEntries = c.state !== 'new' || familyEntries.length > 0;
  const showHistory = c.state !== 'new';
  // a form posted with problems: its summary opens the page (right under the title, so that it
  // is in view without JavaScript too) and takes the focus; each problem links to its field
  const againCtx = again
    ? ctxOf(again.form, {}, c.entries.find((e) => again.form === `fix-${e.id}`)?.type)
    : undefined;
  const common = (
    <>
      <Hidden name="_csrf" value={props.csrf} />
      <Hidden name="version" value={c.version} />
    </>
  );
  const action = (what: string) => `/${lang}${path}/${what}`;
  const hasMapping = c.entries.some((e) => e.type === 'mapping');

  const messageHint = c.email
    ? ts.message.hintEmail
    : c.phone && c.replyChannel !== 'status_page'
      ? ts.message.hintSms
      : ts.message.hintPage;

  return (
    <StaffLayout
      lang={lang}
      title={title}
      path={path}
      actor={props.actor}
      organizationName={props.organizationName}
      current="queue"
      csrf={props.csrf}
      flash={props.flash}
    >
      {props.conflict ? (
        <ConflictNotice lang={lang} message={props.conflict} reload={`/${lang}${path}`} />
      ) : null}
      <p className="back">
        <a href={`/${lang}/staff/queue`}>{tc.backToQueue}</a>
      </p>
      <h1 data-qa="contact-title">
        {tc.title.split('{reference}')[0]}
        <span className="contact-ref">{c.reference}</span>
        {tc.title.split('{reference}')[1]}
      </h1>
      <p className="contact-status" data-qa="contact-state">
        <UrgencyBadge lang={lang} urgency={c.urgency} />
        <span className="state">{t.contacts.state[c.state]}</span>
        {overdue ? <OverdueBadge lang={lang} /> : null}
      </p>
      {againCtx ? <ErrorSummary ctx={againCtx} /> : null}
      {c.safety !== 'none' ? (
        <div className="notice danger" data-qa="safety">
          <h2>{tc.safetyTitle}</h2>
          <p>
            <strong>
              {format(tc.safetyText, {
                answer: t.contacts.safety[c.safety as keyof typeof t.contacts.safety] ?? c.safety,
              })}
            </strong>
          </p>
        </div>
      ) : null}
      <nav aria-label={tc.jumpTo} className="jump wide">
        <ul>
          <li>
            <a href="#family-words">{c.channel === 'web' ? tc.familyWords : tc.familyWordsLogged}</a>
          </li>
          <li>
            <a href="#details">{tc.details}</a>
          </li>
          <li>
            <a href="#work">{tc.work}</a>
          </li>
          {showEntries ? (
            <li>
              <a href="#entries">{tc.entries}</a>
            </li>
          ) : null}
          {showHistory ? (
            <li>
              <a href="#history">{tc.history}</a>
            </li>
          ) : null}
        </ul>
      </nav>

      <div className="contact-layout wide">
        <div className="contact-main">
          <section aria-labelledby="family-words" className="card family-words">
            <h2 id="family-words">{c.channel === 'web' ? tc.familyWords : tc.familyWordsLogged}</h2>
            <blockquote data-qa="family-words" lang={c.language}>
              <Paragraphs text={{ fi: familyWords }} lang="fi" />
            </blockquote>
          </section>
          <section aria-labelledby="details" className="card">
            <h2 id="details">{tc.details}</h2>
            <dl className="facts" data-qa="contact-details">
              <dt>{tc.received}</dt>
              <dd>
                {dateTime(lang, c.receivedAt)}
                {', '}
                {t.contacts.channel[c.channel as keyof typeof t.contacts.channel] ?? c.channel}
              </dd>
              {open ? (
                <>
                  <dt>{tc.waiting}</dt>
                  <dd>
                    <Waiting lang={lang} urgency={c.urgency} receivedAt={c.receivedAt} now={now} />
                  </dd>
                </>
              ) : null}
              <dt>{tc.respondBy}</dt>
              <dd data-qa="respond-by">
                {day(c.respondBy)} {overdue ? <OverdueBadge lang={lang} /> : null}
              </dd>
              {c.state !== 'new' ? (
                // before claiming there is no answer and no counsellor (the state says "new")
                <>
                  <dt>{tc.firstResponse}</dt>
                  <dd>{c.firstResponseAt ? dateTime(lang, c.firstResponseAt) : tc.noOutcomeYet}</dd>
                  <dt>{tc.assignee}</dt>
                  <dd data-qa="assignee">{c.assignedName ?? ts.queue.unassigned}</dd>
                </>
              ) : null}
              {c.state === 'closed' ? (
                <>
                  <dt>{tc.outcome}</dt>
                  <dd data-qa="outcome">
                    {c.outcome ? t.contacts.outcome[c.outcome] : ''}
                    {c.closedAt ? `, ${dateTime(lang, c.closedAt)}` : ''}
                  </dd>
                </>
              ) : null}
              <dt>{tc.contacter}</dt>
              <dd>{t.contacts.contacter[c.contacter as keyof typeof t.contacts.contacter] ?? c.contacter}</dd>
              <dt>{tc.municipality}</dt>
              <dd>{municipality ? label(municipality.name, lang) : ts.queue.noMunicipality}</dd>
              <dt>{tc.childAges}</dt>
              <dd>{c.childAges.length > 0 ? agesText(lang, c.childAges) : ts.common.notGiven}</dd>
              <dt>{tc.topics}</dt>
              <dd>
                {c.topics.length > 0
                  ? c.topics.map((code) => topicName.get(code) ?? code).join(', ')
                  : ts.common.notGiven}
              </dd>
              <dt>{tc.name}</dt>
              <dd>{c.contactName ? <UserText>{c.contactName}</UserText> : ts.common.anonymous}</dd>
              <dt>{tc.replyChannel}</dt>
              <dd>
                {t.contacts.replyChannel[c.replyChannel as keyof typeof t.contacts.replyChannel] ??
                  c.replyChannel}
              </dd>
              <dt>{tc.phone}</dt>
              <dd>{c.phone ? <PhoneLink number={c.phone} /> : ts.common.notGiven}</dd>
              <dt>{tc.email}</dt>
              <dd>{c.email ? <EmailLink address={c.email} /> : ts.common.notGiven}</dd>
              <dt>{tc.statusLink}</dt>
              <dd>
                <a href={c.statusPath} className="status-link" rel="noreferrer">
                  {c.statusPath}
                </a>
              </dd>
              <dt>{tc.reachTime}</dt>
              <dd>{t.contacts.reachTime[c.reachTime as keyof typeof t.contacts.reachTime] ?? c.reachTime}</dd>
              <dt>{tc.language}</dt>
              <dd>{ts.languages[c.language]}</dd>
            </dl>
          </section>
        </div>

        <div className="contact-work">
          <h2 id="work">{tc.work}</h2>
          {c.state === 'new' ? (
            <section className="card" aria-labelledby="claim-title">
              <h3 id="claim-title">{tc.claimTitle}</h3>
              <p>{tc.claimText}</p>
              <form method="post" action={action('claim')}>
                {common}
                <Hidden name="back" value="contact" />
                <button type="submit" data-qa="claim">
                  {tc.claim}
                </button>
              </form>
            </section>
          ) : null}
          {canTransition(c.state, 'assign') ? (
            <AssignForm {...props} ctx={ctxOf('assign')} action={action('assign')} common={common} />
          ) : null}
          {working ? (
            <>
              <section className="card" aria-labelledby="mapping-title">
                <details open={!hasMapping || again?.form === 'mapping'}>
                  <summary>
                    <h3 id="mapping-title">{ts.mapping.title}</h3>
                  </summary>
                  <p className="meta">{ts.mapping.lead}</p>
                  <WorkFormBody
                    ctx={ctxOf('mapping', {
                      contacter: c.contacter,
                      childAges: c.childAges.join(', '),
                      topics: c.topics,
                    })}
                    action={action('mapping')}
                    common={common}
                    entryId={props.entryIds.mapping}
                    submit={ts.mapping.save}
                  >
                    {(ctx) => (
                      <MappingFields ctx={ctx} options={props.options} suggestions={props.topicSuggestions} />
                    )}
                  </WorkFormBody>
                </details>
              </section>
              <section className="card" aria-labelledby="suggestions-title" data-qa="suggestions-link">
                <h3 id="suggestions-title">{t.handoffs.contact.title}</h3>
                <p>{t.handoffs.contact.text}</p>
                <a className="button" href={`/${lang}${path}/suggestions`}>
                  {t.handoffs.contact.link}
                </a>
              </section>
              <section className="card" aria-labelledby="meeting-title" data-qa="meeting-link">
                <h3 id="meeting-title">{tc.meetingCardTitle}</h3>
                <p>{tc.meetingCardText}</p>
                <a className="button" href={`/${lang}/staff/meetings/new?contact=${c.id}`}>
                  {tc.meetingCardLink}
                </a>
              </section>
              {props.consent}
              <section className="card" aria-labelledby="advice-title">
                <h3 id="advice-title">{ts.advice.title}</h3>
                <WorkFormBody
                  ctx={ctxOf('advice')}
                  action={action('advice')}
                  common={common}
                  entryId={props.entryIds.advice}
                  submit={ts.advice.save}
                >
                  {(ctx) => (
                    <TextArea
                      ctx={ctx}
                      name="text"
                      label={ts.advice.text}
                      hint={ts.advice.hint}
                      required
                      rows={5}
                    />
                  )}
                </WorkFormBody>
              </section>
              <section className="card" aria-labelledby="message-title">
                <h3 id="message-title">{ts.message.title}</h3>
                <WorkFormBody
                  ctx={ctxOf('message')}
                  action={action('message')}
                  common={common}
                  entryId={props.entryIds.message}
                  submit={ts.message.send}
                >
                  {(ctx) => (
                    <TextArea
                      ctx={ctx}
                      name="text"
                      label={ts.message.text}
                      hint={messageHint}
                      required
                      rows={5}
                    />
                  )}
                </WorkFormBody>
              </section>
              <section className="card" aria-labelledby="close-title" id="close">
                <h3 id="close-title">{ts.close.title}</h3>
                <WorkFormBody
                  ctx={ctxOf('close')}
                  action={action('close')}
                  common={common}
                  submit={ts.close.save}
                >
                  {(ctx) => (
                    <OutcomeFields
                      ctx={ctx}
                      services={props.services}
                      withMessage
                      search={<ServiceSearch {...props} />}
                    />
                  )}
                </WorkFormBody>
                <form id="service-search" method="get" action={`/${lang}/staff/contacts/${c.id}#close`} />
              </section>
            </>
          ) : null}
          {c.state === 'closed' ? (
            <section className="card" aria-labelledby="reopen-title">
              <h3 id="reopen-title">{tc.reopenTitle}</h3>
              <p>{tc.closedText}</p>
              <WorkFormBody
                ctx={ctxOf('reopen')}
                action={action('reopen')}
                common={common}
                submit={tc.reopen}
              >
                {(ctx) => <TextArea ctx={ctx} name="reason" label={tc.reopenReason} required rows={3} />}
              </WorkFormBody>
            </section>
          ) : null}
        </div>
      </div>

      {showEntries ? (
        <section aria-labelledby="entries" className="entries wide">
          <h2 id="entries">{tc.entries}</h2>
          <p className="meta">{tc.entriesLead}</p>
          <ol className="entry-list" data-qa="entries">
            {c.entries.map((e) => (
              <Entry key={e.id} {...props} entry={e} topicName={topicName} ctxOf={ctxOf} />
            ))}
          </ol>
        </section>
      ) : null}

      {showHistory ? (
        <section aria-labelledby="history" className="wide">
          <h2 id="history">{tc.history}</h2>
          <table className="history-table" data-qa="history">
            <thead>
              <tr>
                <th scope="col">{tc.historyWhen}</th>
                <th scope="col">{tc.historyWhat}</th>
                <th scope="col">{tc.historyWho}</th>
              </tr>
            </thead>
            <tbody>
              {c.events.map((e, i) => (
                // events have no id of their own here; their order is their identity
                // biome-ignore lint/suspicious/noArrayIndexKey: the list is only ever appended to
                <tr key={i}>
                  <td>{dateTime(lang, e.at)}</td>
                  <td>
                    {format(tc.events[e.kind], {
                      note: e.kind === 'closed' && e.note ? outcomeLabel(lang, e.note) : (e.note ?? ''),
                    })}
                  </td>
                  <td>
                    {e.kind === 'message_from_family' || e.actorName === 'family'
                      ? tc.family
                      : authorLabel(lang, e.actorName)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </StaffLayout>
  );
}

/** A work form: the fields (each with its problem), the hidden ids, and its button. */
function WorkFormBody({
  ctx,
  action,
  common,
  entryId,
  submit,
  children,
  extra,
}: {
  ctx: FormCtx;
  action: string;
  common: ReactNode;
  entryId?: string;
  submit: string;
  children: (ctx: FormCtx) => ReactNode;
  extra?: ReactNode;
}) {
  const postedEntryId = typeof ctx.values.entryId === 'string' ? ctx.values.entryId : undefined;
  return (
    <form method="post" action={action} noValidate data-qa={`form-${ctx.id}`}>
      {common}
      {entryId ? <Hidden name="entryId" value={postedEntryId ?? entryId} /> : null}
      {extra}
      {children(ctx)}
      <button type="submit" data-qa={`submit-${ctx.id}`}>
        {submit}
      </button>
    </form>
  );
}

function AssignForm(props: ContactPageProps & { ctx: FormCtx; action: string; common: ReactNode }) {
  const { lang, ctx } = props;
  const tc = translations(lang).contactStaff.contact;
  const values = ctx.values.staffUserId !== undefined ? ctx.values : { staffUserId: '' };
  return (
    <section className="card" aria-labelledby="assign-title">
      <h3 id="assign-title">{tc.assignTitle}</h3>
      <form method="post" action={props.action} className="inline-form" data-qa="form-assign">
        {props.common}
        <Hidden name="back" value="contact" />
        <SelectField
          ctx={{ ...ctx, values }}
          name="staffUserId"
          label={tc.assignField}
          options={[
            { value: '', label: translations(lang).contactStaff.common.chooseCounsellor },
            ...props.counsellors.map((c) => ({ value: c.id, label: c.name })),
          ]}
        />
        <button type="submit" className="secondary" data-qa="submit-assign">
          {tc.assign}
        </button>
      </form>
    </section>
  );
}

/**
 * Narrows the services the outcome form lists: a GET of this page (no JavaScript needed). Its
 * controls sit in the outcome form, above the list they narrow, but belong to the empty form
 * "service-search" after it (the form attribute), since forms cannot nest.
 */
function ServiceSearch(props: ContactPageProps) {
  const { lang, contact: c, serviceQuery } = props;
  const tl = translations(lang).contactStaff.close;
  return (
    <div className="service-search">
      <div className="field">
        <label htmlFor="service-q">{tl.searchService}</label>
        <input
          type="search"
          id="service-q"
          name="serviceQ"
          form="service-search"
          defaultValue={serviceQuery}
        />
      </div>
      <button type="submit" className="secondary" form="service-search" data-qa="service-search">
        {tl.searchButton}
      </button>
      {serviceQuery ? (
        <p className="meta">
          {format(tl.searchShowing, { q: serviceQuery })}{' '}
          <a href={`/${lang}/staff/contacts/${c.id}#close`}>{tl.searchClear}</a>
        </p>
      ) : null}
    </div>
  );
}

function Entry(
  props: ContactPageProps & {
    entry: EntryView;
    topicName: Map<string, string>;
    ctxOf: (form: WorkForm, initial?: FormValues, entryType?: EntryView['type']) => FormCtx;
  },
) {
  const { lang, entry: e, contact: c } = props;
  const t = translations(lang);
  const tc = t.contactStaff.contact;
  const task = props.taskNames.get(e.serviceTaskCode);
  const current = e.versions.find((v) => v.version === e.currentVersion) ?? e.versions[e.versions.length - 1];
  const first = e.versions[0];
  const correctable = e.type === 'mapping' || e.type === 'advice' || e.type === 'outcome';
  const fix: WorkForm = `fix-${e.id}`;
  const fromFamily = e.type === 'message' && e.content.from === 'family';
  return (
    <li className={`entry entry-${e.type}`} data-qa={`entry-${e.type}`} id={`entry-${e.id}`}>
      <article aria-labelledby={`entry-${e.id}-title`}>
        <header>
          <h3 id={`entry-${e.id}-title`}>
            {t.contacts.entryType[e.type]}
            {e.type === 'message' ? ` – ${fromFamily ? tc.fromFamily : tc.toFamily}` : ''}
          </h3>
          <p className="meta">
            {first ? (
              <IsolatedFormat
                template={tc.created}
                params={{ when: dateTime(lang, first.at), author: authorLabel(lang, first.authorName) }}
                isolate={['author']}
              />
            ) : null}
            <br />
            {tc.serviceTask}: {serviceTaskLabel(lang, task, e.serviceTaskCode)}
            {' · '}
            <span data-qa="entry-version">
              {format(e.versions.length > 1 ? tc.currentVersion : tc.version, { n: e.currentVersion })}
            </span>
          </p>
        </header>
        <EntryContent {...props} type={e.type} content={current?.content ?? e.content} />
        {e.versions.length > 1 ? (
          <div className="versions" data-qa="versions">
            <h4>{tc.versions}</h4>
            <ol>
              {e.versions.map((v) => (
                <li key={v.version}>
                  <strong>{format(tc.version, { n: v.version })}:</strong>{' '}
                  {v.reason === null ? (
                    <IsolatedFormat
                      template={tc.created}
                      params={{ when: dateTime(lang, v.at), author: authorLabel(lang, v.authorName) }}
                      isolate={['author']}
                    />
                  ) : (
                    <IsolatedFormat
                      template={tc.corrected}
                      params={{ when: dateTime(lang, v.at), author: v.authorName, reason: v.reason }}
                      isolate={['author', 'reason']}
                    />
                  )}
                </li>
              ))}
            </ol>
            {e.versions
              .filter((v) => v.version !== e.currentVersion)
              .map((v) => (
                <details key={v.version} className="earlier">
                  <summary>{format(tc.earlierVersion, { n: v.version })}</summary>
                  <EntryContent {...props} type={e.type} content={v.content} />
                </details>
              ))}
          </div>
        ) : null}
        {correctable ? (
          <details className="correct" open={props.again?.form === fix}>
            <summary data-qa="open-correct">{tc.correct}</summary>
            <WorkFormBody
              ctx={props.ctxOf(
                fix,
                e.type === 'mapping'
                  ? mappingToForm(e.content)
                  : e.type === 'outcome'
                    ? outcomeToForm(e.content)
                    : { text: str(e.content.text) },
                e.type,
              )}
              action={`/${lang}/staff/contacts/${c.id}/entries/${e.id}/correct`}
              common={<Hidden name="_csrf" value={props.csrf} />}
              extra={<Hidden name="entryVersion" value={e.currentVersion} />}
              submit={tc.saveCorrection}
            >
              {(ctx) => (
                <>
                  {e.type === 'mapping' ? (
                    <MappingFields ctx={ctx} options={props.options} />
                  ) : e.type === 'outcome' ? (
                    <OutcomeFields ctx={ctx} services={props.services} withMessage={false} />
                  ) : (
                    <TextArea ctx={ctx} name="text" label={t.contactStaff.advice.text} required rows={5} />
                  )}
                  <TextArea
                    ctx={ctx}
                    name="reason"
                    label={tc.reason}
                    hint={tc.reasonHint}
                    required
                    rows={2}
                  />
                </>
              )}
            </WorkFormBody>
          </details>
        ) : null}
      </article>
    </li>
  );
}

function EntryContent({
  lang,
  type,
  content,
  options,
  topicName,
  serviceNames,
}: ContactPageProps & {
  type: EntryView['type'];
  content: Record<string, unknown>;
  topicName: Map<string, string>;
}) {
  const t = translations(lang);
  const ts = t.contactStaff;
  const tm = ts.mapping;
  const text = (v: unknown) => <Paragraphs text={{ fi: str(v) }} lang="fi" />;
  if (type === 'contact') return <p className="meta">{ts.contact.seeFamilyWords}</p>;
  if (type === 'advice' || type === 'message') return <div className="entry-text">{text(content.text)}</div>;
  if (type === 'outcome') {
    const outcome = str(content.outcome) as keyof typeof t.contacts.outcome;
    const service = str(content.targetServiceId);
    return (
      <dl className="facts">
        <dt>{ts.close.outcome}</dt>
        <dd data-qa="entry-outcome">{outcomeLabel(lang, outcome)}</dd>
        {content.visits ? (
          <>
            <dt>{ts.close.visits}</dt>
            <dd>{String(content.visits)}</dd>
          </>
        ) : null}
        {service ? (
          <>
            <dt>{ts.close.targetService}</dt>
            <dd>{label(serviceNames.get(service), lang) || service}</dd>
          </>
        ) : null}
        {content.note ? (
          <>
            <dt>{ts.close.note}</dt>
            <dd>
              <UserText>{str(content.note)}</UserText>
            </dd>
          </>
        ) : null}
      </dl>
    );
  }
  if (type === 'handoff') {
    const service = str(content.targetServiceId);
    return (
      <dl className="facts">
        <dt>{ts.contact.handoffTarget}</dt>
        <dd>
          {label(serviceNames.get(service), lang) || service}
          {content.handoffId ? (
            <>
              {' – '}
              <a href={`/${lang}/staff/handoffs/${str(content.handoffId)}`} data-qa="open-handoff">
                {t.handoffs.contact.open}
              </a>
            </>
          ) : null}
        </dd>
        {content.summary ? (
          <>
            <dt>{ts.contact.handoffSummary}</dt>
            <dd className="entry-text">
              <UserText>{str(content.summary)}</UserText>
            </dd>
          </>
        ) : null}
      </dl>
    );
  }
  if (type === 'meeting') return <MeetingEntry lang={lang} content={content} />;
  if (type !== 'mapping') return null;
  const safety = (content.safety ?? {}) as Record<string, unknown>;
  const answer = (v: unknown) => {
    const a = str(v) as keyof typeof tm.answers;
    const words = tm.answers[a] ?? a;
    return a === 'yes' ? <strong className="flag">{words}</strong> : words;
  };
  const list = (v: unknown, names: (code: string) => string) => {
    const codes = Array.isArray(v) ? v.map(String) : [];
    return codes.length > 0 ? codes.map(names).join(', ') : ts.common.none;
  };
  const serviceTypeName = new Map(options.serviceTypes.map((s) => [s.code, label(s.name, lang)]));
  const ages = Array.isArray(content.childAges) ? content.childAges.map(Number) : [];
  return (
    <dl className="facts" data-qa="mapping-content">
      <dt>{tm.contacter}</dt>
      <dd>
        {t.contacts.contacter[str(content.contacter) as keyof typeof t.contacts.contacter] ??
          str(content.contacter)}
      </dd>
      {content.familyDescription ? (
        <>
          <dt>{tm.familyDescription}</dt>
          <dd>
            <UserText>{str(content.familyDescription)}</UserText>
          </dd>
        </>
      ) : null}
      <dt>{tm.childAges}</dt>
      <dd>{ages.length > 0 ? agesText(lang, ages) : ts.common.notGiven}</dd>
      <dt>{tm.topics}</dt>
      <dd>{list(content.topics, (code) => topicName.get(code) ?? code)}</dd>
      <dt>{tm.violence}</dt>
      <dd>{answer(safety.violence)}</dd>
      <dt>{tm.childSafetyConcern}</dt>
      <dd>{answer(safety.childSafetyConcern)}</dd>
      <dt>{tm.substanceUse}</dt>
      <dd>{answer(safety.substanceUse)}</dd>
      {safety.notes ? (
        <>
          <dt>{tm.safetyNotes}</dt>
          <dd>{str(safety.notes)}</dd>
        </>
      ) : null}
      <dt>{tm.earlierServices}</dt>
      <dd>{list(content.earlierServices, (code) => serviceTypeName.get(code) ?? code)}</dd>
      {content.earlierServicesNotes ? (
        <>
          <dt>{tm.earlierServicesNotes}</dt>
          <dd>
            <UserText>{str(content.earlierServicesNotes)}</UserText>
          </dd>
        </>
      ) : null}
      <dt>{tm.lapsetPuheeksi}</dt>
      <dd>
        {tm.lapsetPuheeksiValues[str(content.lapsetPuheeksi) as keyof typeof tm.lapsetPuheeksiValues] ??
          str(content.lapsetPuheeksi)}
      </dd>
      {content.notes ? (
        <>
          <dt>{tm.notes}</dt>
          <dd>
            <UserText>{str(content.notes)}</UserText>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** A Yhdessä aika's notes: the agenda, who does what by when, and the follow-up date. */
function MeetingEntry({ lang, content }: { lang: Lang; content: Record<string, unknown> }) {
  const tc = translations(lang).contactStaff.contact;
  const agreements = Array.isArray(content.agreements)
    ? (content.agreements as Record<string, unknown>[])
    : [];
  const followUpOn = str(content.followUpOn);
  return (
    <dl className="facts" data-qa="meeting-content">
      {content.agenda ? (
        <>
          <dt>{tc.meetingAgenda}</dt>
          <dd className="entry-text">
            <UserText>{str(content.agenda)}</UserText>
          </dd>
        </>
      ) : null}
      <dt>{tc.meetingAgreements}</dt>
      <dd>
        {agreements.length > 0 ? (
          <ul data-qa="meeting-agreements">
            {agreements.map((a, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the agreements of one version keep their order
              <li key={i}>
                <IsolatedFormat
                  template={a.by ? tc.meetingAgreementBy : tc.meetingAgreement}
                  params={{ who: str(a.who), what: str(a.what), by: a.by ? day(str(a.by)) : '' }}
                  isolate={['who', 'what']}
                />
              </li>
            ))}
          </ul>
        ) : (
          translations(lang).contactStaff.common.none
        )}
      </dd>
      {followUpOn ? (
        <>
          <dt>{tc.meetingFollowUp}</dt>
          <dd>{day(followUpOn)}</dd>
        </>
      ) : null}
      {content.meetingId ? (
        <>
          <dt>{tc.meetingLink}</dt>
          <dd>
            <a href={`/${lang}/staff/meetings/${str(content.meetingId)}`} data-qa="open-meeting">
              {tc.meetingOpen}
            </a>
          </dd>
        </>
      ) : null}
    </dl>
  );
}
