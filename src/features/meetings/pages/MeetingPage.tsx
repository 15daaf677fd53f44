/**
 * One Yhdessä aika as its organiser works it (/:lang/staff/meetings/:id): where it stands, the
 * participants (add from the network registry, from another organisation by e-mail, the family;
 * remove), the place and duration, the proposed times, the poll's tallies with the best common
 * time marked and a "lock this time" button per time, sending the invitations, moving the time
 * after them, cancelling. Each form posts with the page's CSRF token and the meeting's version;
 * a problem comes back beside its field (400), a refusal at the top (409).
 */
import { format, LANGS, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { DataTable } from '../../../ui/DataTable.tsx';
import {
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
import { helsinkiLocal, MAX_SLOTS, mayDo, OPEN_STATES } from '../model.ts';
import type { MeetingView } from '../views.ts';
import { MEETINGS_PATH, meetingPath, StateBadge, when } from './MeetingParts.tsx';

/** The proposed times' fields: start1 … start6. */
export const SLOT_FIELDS = Array.from({ length: MAX_SLOTS }, (_, i) => `start${i + 1}`);

/** A form posted again with its problems (which form: its id). */
export interface FormAgain {
  form: MeetingFormId;
  values: FormValues;
  problems: FormProblem[];
}

export type MeetingFormId =
  | 'registry'
  | 'external'
  | 'family'
  | 'place'
  | 'times'
  | 'lock'
  | 'invite'
  | 'reschedule'
  | 'cancel';

export interface RegistryChoice {
  value: string;
  name: string;
  organization: string;
  hasEmail: boolean;
}

export interface MeetingPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  flash?: string;
  /** a refusal (409) in words, shown at the top */
  conflict?: string;
  meeting: MeetingView;
  registry: RegistryChoice[];
  again?: FormAgain;
  /** a fresh id for each add-participant form (a retried post adds nobody twice) */
  newParticipantId: string;
}

export function MeetingPage(props: MeetingPageProps) {
  const { lang, csrf, meeting: m, again } = props;
  const t = translations(lang).meetings;
  const tp = t.page;
  const action = (step: string) => `/${lang}${meetingPath(m.id)}/${step}`;
  const hidden = (
    <>
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="version" value={String(m.version)} />
    </>
  );
  const model = (id: MeetingFormId, values: FormValues): FormModel =>
    again?.form === id
      ? { lang, id, values: again.values, problems: again.problems }
      : { lang, id, values, problems: [] };
  const summary = (form: FormModel) =>
    form.problems.length > 0 ? (
      <ErrorSummary title={tp.errorsTitle} items={summaryItems(form)} focus id={`${form.id}-summary`} />
    ) : null;
  const languageOptions = LANGS.map((l) => ({ value: l, label: translations(lang).lang[l] }));
  const editable = mayDo(m.state, 'edit');
  const hasFamily = m.participants.some((p) => p.kind === 'family');
  const best = m.best;

  const registryForm = model('registry', { registry: '', language: lang });
  const externalForm = model('external', { name: '', organizationName: '', email: '', language: lang });
  const familyForm = model('family', { familyName: '', familyEmail: '', language: lang });
  const placeForm = model('place', {
    placeKind: m.placeKind ?? '',
    address: m.address ?? '',
    remoteUrl: m.remoteUrl ?? m.videoServiceUrl ?? '',
    duration: String(m.durationMinutes),
  });
  const slotValues: FormValues = {};
  for (let i = 0; i < MAX_SLOTS; i++) {
    const s = m.slots[i];
    slotValues[`start${i + 1}`] = s ? helsinkiLocal(s.startsAt) : '';
  }
  const timesForm = model('times', slotValues);
  const lockForm = model('lock', {});
  const inviteForm = model('invite', {});
  const rescheduleForm = model('reschedule', { start: m.startsAt ? helsinkiLocal(m.startsAt) : '' });
  const cancelForm = model('cancel', { reason: '' });

  return (
    <StaffLayout {...props} title={tp.title} path={meetingPath(m.id)} current="meetings">
      <p>
        <a href={`/${lang}${MEETINGS_PATH}`}>{tp.back}</a>
      </p>
      <h1>
        {tp.title}: {format(tp.contact, { reference: m.contactReference })}
      </h1>
      {props.conflict ? (
        <p className="notice error" role="alert" data-qa="conflict">
          {props.conflict}
        </p>
      ) : null}
      <dl className="facts meeting-facts" data-qa="meeting-facts">
        <dt>{t.list.state}</dt>
        <dd>
          <StateBadge lang={lang} state={m.state} />
        </dd>
        <dt>{t.list.next}</dt>
        <dd data-qa="next-step">{t.nextStep[m.state]}</dd>
        <dt>{t.list.organizer}</dt>
        <dd data-qa="organizer">
          {m.organizer
            ? `${m.organizer.name}, ${m.organizer.organization[lang] || m.organizer.organization.fi}`
            : tp.noOrganizer}
        </dd>
        <dt>{t.list.when}</dt>
        <dd data-qa="meeting-time">{m.startsAt ? when(lang, m.startsAt) : tp.notYet}</dd>
        <dt>{tp.placeKind}</dt>
        <dd data-qa="meeting-place">
          {m.placeKind === 'address' ? m.address : m.placeKind === 'remote' ? m.remoteUrl : tp.notYet}
        </dd>
      </dl>
      {m.state === 'invited' || m.state === 'held' || m.state === 'followed_up' ? (
        <p>
          <a className="button secondary" href={`/${lang}${meetingPath(m.id)}/notes`} data-qa="notes-link">
            {translations(lang).meetingsFamily.notes.title}
          </a>
        </p>
      ) : null}
      {m.requestText ? (
        <section aria-labelledby="family-request">
          <h2 id="family-request">{tp.familyRequest}</h2>
          <div className="entry-text" data-qa="request-text">
            <p dir="auto">{m.requestText}</p>
          </div>
        </section>
      ) : null}
      {m.state === 'cancelled' ? (
        <p className="notice" data-qa="cancelled">
          {tp.cancelled}
        </p>
      ) : null}

      {mayDo(m.state, 'organise') ? (
        <form method="post" action={action('organise')}>
          {hidden}
          <button type="submit" className="button" data-qa="take-request">
            {tp.take}
          </button>
        </form>
      ) : null}

      {m.state !== 'requested' ? (
        <section aria-labelledby="participants" data-qa="participants">
          <h2 id="participants">{tp.participants}</h2>
          {m.participants.length === 0 ? (
            <p className="notice" data-qa="no-participants">
              {tp.noParticipants}
            </p>
          ) : (
            <DataTable
              qa="participant-table"
              caption={tp.participants}
              rows={m.participants}
              rowKey={(p) => p.id}
              rowQa={(p) => `participant-${p.kind}`}
              columns={[
                { header: tp.participant, cell: (p) => p.name, rowHeader: true },
                {
                  header: tp.organization,
                  cell: (p) => (p.kind === 'family' ? t.kind.family : (p.organizationName ?? '–')),
                },
                { header: tp.email, cell: (p) => p.email ?? tp.noEmail },
                {
                  header: tp.answerToInvitation,
                  cell: (p) => <span data-qa="partstat">{t.partstat[p.partstat]}</span>,
                },
                {
                  header: tp.remove,
                  labelHidden: true,
                  cell: (p) =>
                    editable ? (
                      <form method="post" action={action('participants/remove')}>
                        {hidden}
                        <input type="hidden" name="participantId" value={p.id} />
                        <button
                          type="submit"
                          className="button secondary"
                          aria-label={format(tp.removeLabel, { name: p.name })}
                          data-qa="remove-participant"
                        >
                          {tp.remove}
                        </button>
                      </form>
                    ) : null,
                },
              ]}
            />
          )}
          {editable ? (
            <>
              <form
                method="post"
                action={action('participants')}
                className="card"
                data-qa="add-registry-form"
                noValidate
              >
                <h3>{tp.addFromRegistry}</h3>
                {summary(registryForm)}
                {hidden}
                <input type="hidden" name="source" value="registry" />
                <input type="hidden" name="participantId" value={props.newParticipantId} />
                <Select
                  form={registryForm}
                  name="registry"
                  label={tp.registryPerson}
                  hint={tp.registryHint}
                  required
                  options={[
                    { value: '', label: tp.chooseOne },
                    ...props.registry.map((r) => ({
                      value: r.value,
                      label: `${r.name} – ${r.organization}${r.hasEmail ? '' : ` (${tp.noEmail})`}`,
                    })),
                  ]}
                />
                <Select form={registryForm} name="language" label={tp.language} options={languageOptions} />
                <button type="submit" className="button" data-qa="add-registry">
                  {tp.add}
                </button>
              </form>
              <form
                method="post"
                action={action('participants')}
                className="card"
                data-qa="add-external-form"
                noValidate
              >
                <h3>{tp.addByEmail}</h3>
                {summary(externalForm)}
                {hidden}
                <input type="hidden" name="source" value="external" />
                <input type="hidden" name="participantId" value={props.newParticipantId} />
                <TextField
                  form={externalForm}
                  name="name"
                  label={tp.personName}
                  required
                  autoComplete="off"
                />
                <TextField
                  form={externalForm}
                  name="organizationName"
                  label={tp.organizationName}
                  required
                  autoComplete="off"
                />
                <TextField
                  form={externalForm}
                  name="email"
                  label={tp.email}
                  type="email"
                  inputMode="email"
                  required
                  autoComplete="off"
                  spellCheck={false}
                />
                <Select form={externalForm} name="language" label={tp.language} options={languageOptions} />
                <button type="submit" className="button" data-qa="add-external">
                  {tp.add}
                </button>
              </form>
              {hasFamily ? null : (
                <form
                  method="post"
                  action={action('participants')}
                  className="card"
                  data-qa="add-family-form"
                  noValidate
                >
                  <h3>{tp.addFamily}</h3>
                  <p className="hint">{tp.familyHint}</p>
                  {summary(familyForm)}
                  {hidden}
                  <input type="hidden" name="source" value="family" />
                  <input type="hidden" name="participantId" value={props.newParticipantId} />
                  <TextField
                    form={familyForm}
                    name="familyName"
                    label={tp.personName}
                    required
                    autoComplete="off"
                  />
                  <TextField
                    form={familyForm}
                    name="familyEmail"
                    label={tp.email}
                    type="email"
                    inputMode="email"
                    autoComplete="off"
                    spellCheck={false}
                  />
                  <Select form={familyForm} name="language" label={tp.language} options={languageOptions} />
                  <button type="submit" className="button" data-qa="add-family">
                    {tp.add}
                  </button>
                </form>
              )}
            </>
          ) : null}
        </section>
      ) : null}

      {editable || mayDo(m.state, 'reschedule') ? (
        <section aria-labelledby="place">
          <h2 id="place">{tp.place}</h2>
          <form method="post" action={action('place')} data-qa="place-form" noValidate>
            {summary(placeForm)}
            {hidden}
            <Choices
              form={placeForm}
              name="placeKind"
              legend={tp.placeKind}
              required
              layout="list"
              options={[
                { value: 'address', label: tp.placeAddress },
                ...(m.videoServiceUrl ? [{ value: 'remote', label: tp.placeRemote }] : []),
              ]}
            />
            {m.videoServiceUrl ? null : <p className="hint">{tp.noVideo}</p>}
            <TextField form={placeForm} name="address" label={tp.address} hint={tp.addressHint} />
            {m.videoServiceUrl ? (
              <TextField
                form={placeForm}
                name="remoteUrl"
                label={tp.remoteUrl}
                hint={format(tp.remoteHint, { prefix: m.videoServiceUrl })}
                type="url"
                spellCheck={false}
              />
            ) : null}
            <TextField
              form={placeForm}
              name="duration"
              label={tp.duration}
              inputMode="numeric"
              required
              className="narrow"
            />
            <button type="submit" className="button" data-qa="save-place">
              {m.state === 'invited' ? tp.savePlaceInvited : tp.savePlace}
            </button>
          </form>
        </section>
      ) : null}

      {mayDo(m.state, 'propose') ? (
        <section aria-labelledby="times">
          <h2 id="times">{tp.times}</h2>
          <form method="post" action={action('times')} data-qa="times-form" noValidate>
            {summary(timesForm)}
            {hidden}
            <fieldset id="times-starts">
              <legend>{tp.times}</legend>
              <p className="hint" id="times-hint">
                {tp.timesHint}
              </p>
              {timesForm.problems.some((p) => p.field === 'starts') ? (
                <p className="field-error" id="times-starts-error" data-qa="error-starts">
                  {summaryItems(timesForm).find((i) => i.href === 'times-starts')?.text}
                </p>
              ) : null}
              {SLOT_FIELDS.map((name, i) => (
                <TextField
                  key={name}
                  form={timesForm}
                  name={name}
                  label={format(tp.timeN, { n: i + 1 })}
                  type="datetime-local"
                  describedBy="times-hint"
                  className="narrow"
                />
              ))}
            </fieldset>
            <button type="submit" className="button" data-qa="propose-times">
              {tp.propose}
            </button>
          </form>
        </section>
      ) : null}

      {m.slots.length > 0 && (m.state === 'proposed' || m.state === 'time_locked') ? (
        <section aria-labelledby="poll" data-qa="poll">
          <h2 id="poll">{tp.poll}</h2>
          {summary(lockForm)}
          <DataTable
            qa="tally-table"
            caption={tp.poll}
            rows={m.tallies}
            rowKey={(s) => s.slotId}
            rowQa={(s) => (s.slotId === best ? 'tally-best' : 'tally')}
            columns={[
              {
                header: tp.time,
                rowHeader: true,
                cell: (s) => (
                  <>
                    {when(lang, s.startsAt)}
                    {s.slotId === best ? (
                      <strong className="best" data-qa="best-time">
                        {' '}
                        – {tp.best}
                      </strong>
                    ) : null}
                  </>
                ),
              },
              { header: t.answer.yes, cell: (s) => String(s.yes) },
              { header: t.answer.if_need_be, cell: (s) => String(s.ifNeedBe) },
              { header: t.answer.no, cell: (s) => String(s.no) },
              { header: tp.unanswered, cell: (s) => String(s.unanswered) },
              {
                header: tp.lock,
                labelHidden: true,
                cell: (s) =>
                  mayDo(m.state, 'lock') && s.slotId !== m.lockedSlotId ? (
                    <form method="post" action={action('lock')}>
                      {hidden}
                      <input type="hidden" name="slotId" value={s.slotId} />
                      <button
                        type="submit"
                        className={s.slotId === best ? 'button' : 'button secondary'}
                        aria-label={format(tp.lockLabel, { time: when(lang, s.startsAt) })}
                        data-qa="lock-time"
                      >
                        {tp.lock}
                      </button>
                    </form>
                  ) : null,
              },
            ]}
          />
        </section>
      ) : null}

      {mayDo(m.state, 'invite') ? (
        <section aria-labelledby="invite">
          <h2 id="invite">{tp.invite}</h2>
          {summary(inviteForm)}
          <p className="hint">{tp.inviteHint}</p>
          <form method="post" action={action('invite')} data-qa="invite-form">
            {hidden}
            <button type="submit" className="button" data-qa="send-invitations">
              {tp.invite}
            </button>
          </form>
        </section>
      ) : null}

      {mayDo(m.state, 'reschedule') ? (
        <section aria-labelledby="reschedule">
          <h2 id="reschedule">{tp.reschedule}</h2>
          <form method="post" action={action('reschedule')} data-qa="reschedule-form" noValidate>
            {summary(rescheduleForm)}
            {hidden}
            <TextField
              form={rescheduleForm}
              name="start"
              label={tp.newStart}
              hint={tp.rescheduleHint}
              type="datetime-local"
              required
              className="narrow"
            />
            <button type="submit" className="button" data-qa="reschedule">
              {tp.saveTime}
            </button>
          </form>
        </section>
      ) : null}

      {OPEN_STATES.includes(m.state) ? (
        <section aria-labelledby="cancel">
          <h2 id="cancel">{tp.cancel}</h2>
          <form method="post" action={action('cancel')} data-qa="cancel-form" noValidate>
            {summary(cancelForm)}
            {hidden}
            <TextArea form={cancelForm} name="reason" label={tp.cancelReason} rows={3} />
            <button type="submit" className="button secondary" data-qa="cancel-meeting">
              {tp.cancelSubmit}
            </button>
          </form>
        </section>
      ) : null}

      {m.events.length > 0 ? (
        <section aria-labelledby="events">
          <h2 id="events">{tp.events}</h2>
          <DataTable
            qa="events"
            caption={tp.events}
            rows={m.events}
            rowKey={(e) => e.id}
            columns={[
              { header: tp.at, cell: (e) => when(lang, e.at), rowHeader: true },
              { header: tp.eventKind, cell: (e) => t.event[e.kind] ?? e.kind },
              {
                header: tp.who,
                cell: (e) =>
                  e.staffName ?? (tp.actorKind as Record<string, string>)[e.actorKind] ?? e.actorKind,
              },
            ]}
          />
        </section>
      ) : null}
    </StaffLayout>
  );
}
