/**
 * A meeting's notes for its organiser and the contact's counsellors
 * (/:lang/staff/meetings/:id/notes): the agenda, the agreements (who — a participant or a name
 * typed —, what, by when) and the follow-up date, recorded during or after the meeting; a
 * correction with its reason as a new version (the versions listed); then the follow-up marked
 * done with a short note. Two forms, each posting on its own; a problem comes back beside its
 * field and in the form's summary. Works without JavaScript.
 */
import { Fragment } from 'react';
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { formatFinnishDate } from '../../../platform/working-days.ts';
import {
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
import { UserText } from '../../../ui/UserText.tsx';
import { appointmentWhen } from '../../contacts/index.ts';
import { MAX_AGREEMENTS, type NotesView } from '../outcome.ts';
import { REMIND_WORKING_DAYS } from '../reminders.ts';

export const notesPath = (lang: Lang, meetingId: string) => `/${lang}/staff/meetings/${meetingId}/notes`;
export const followUpPath = (lang: Lang, meetingId: string) =>
  `/${lang}/staff/meetings/${meetingId}/follow-up`;

export interface NotesPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  flash?: string;
  view: NotesView;
  /** a form posted with problems, as it was typed */
  again?: { form: 'notes' | 'followup'; values: FormValues; problems: readonly FormProblem[] };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const dateTime = (lang: Lang, at: Date) => appointmentWhen(lang, at);

/** The form's values from the current notes (a correction starts from what is there). */
export function notesValues(view: NotesView): FormValues {
  const current = view.versions.at(-1)?.content;
  const values: FormValues = {
    agenda: str(current?.agenda),
    followUpOn: str(current?.followUpOn) || (view.followUpOn ?? ''),
  };
  const agreements = Array.isArray(current?.agreements)
    ? (current.agreements as Record<string, unknown>[])
    : [];
  agreements.slice(0, MAX_AGREEMENTS).forEach((a, i) => {
    const id = str(a.whoParticipantId);
    const known = id && view.participants.some((p) => p.id === id);
    values[`who-${i}`] = known ? id : 'other';
    values[`whoText-${i}`] = known ? '' : str(a.who);
    values[`what-${i}`] = str(a.what);
    values[`by-${i}`] = str(a.by);
  });
  return values;
}

export function NotesPage(props: NotesPageProps) {
  const { lang, view } = props;
  const t = translations(lang).meetingsFamily;
  const tn = t.notes;
  const correction = view.versions.length > 0;
  const current = view.versions.at(-1);
  const notesForm: FormModel = {
    lang,
    id: 'notes',
    values: props.again?.form === 'notes' ? props.again.values : notesValues(view),
    problems: props.again?.form === 'notes' ? props.again.problems : [],
  };
  const followForm: FormModel = {
    lang,
    id: 'followup',
    values: props.again?.form === 'followup' ? props.again.values : {},
    problems: props.again?.form === 'followup' ? props.again.problems : [],
  };
  const who = [
    { value: '', label: tn.whoChoose },
    ...view.participants.map((p) => ({
      value: p.id,
      label:
        p.kind === 'family'
          ? `${t.panel.familyWho}: ${p.name}`
          : p.organizationName
            ? `${p.name} (${p.organizationName})`
            : p.name,
    })),
    { value: 'other', label: tn.whoOther },
  ];
  return (
    <StaffLayout
      lang={lang}
      title={tn.title}
      path={notesPath(lang, view.id).slice(lang.length + 1)}
      actor={props.actor}
      organizationName={props.organizationName}
      current="meetings"
      csrf={props.csrf}
      flash={props.flash}
    >
      <p>
        <a href={`/${lang}/staff/meetings/${view.id}`} data-qa="notes-back">
          {tn.back}
        </a>
      </p>
      <h1>{tn.title}</h1>
      {view.startsAt ? (
        <p className="lead" data-qa="notes-meeting-at">
          {format(tn.meetingAt, { when: appointmentWhen(lang, view.startsAt) })}
        </p>
      ) : null}
      {current ? <CurrentNotes lang={lang} content={current.content} /> : null}
      {view.remindedAt ? (
        <p className="meta" data-qa="notes-reminded">
          {format(tn.reminded, { at: dateTime(lang, view.remindedAt) })}
        </p>
      ) : null}
      {view.followedUp ? (
        <p data-qa="notes-followed-up">
          {format(tn.followedUpAt, { at: dateTime(lang, view.followedUp.at), note: view.followedUp.note })}
        </p>
      ) : null}

      {view.mayRecord ? (
        <section aria-labelledby="notes-form-title">
          <h2 id="notes-form-title">{correction ? tn.saveCorrection : tn.save}</h2>
          <ErrorSummary
            title={tn.errorTitle}
            items={summaryItems(notesForm)}
            id="notes-errors"
            focus={props.again?.form === 'notes'}
            qa="notes-errors"
          />
          {!correction ? <p>{tn.notYetHeld}</p> : null}
          <form method="post" action={notesPath(lang, view.id)} noValidate data-qa="notes-form">
            <input type="hidden" name="_csrf" value={props.csrf} />
            <input type="hidden" name="version" value={String(view.version)} />
            <TextArea
              form={notesForm}
              name="agenda"
              label={tn.agenda}
              hint={tn.agendaHint}
              required
              rows={6}
            />
            <h3>{tn.agreements}</h3>
            <p className="hint">{tn.agreementsHint}</p>
            {Array.from({ length: MAX_AGREEMENTS }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the rows are a fixed list in their order
              <fieldset key={i} className="agreement" data-qa={`agreement-${i}`}>
                <legend>{format(tn.agreement, { n: i + 1 })}</legend>
                <Select form={notesForm} name={`who-${i}`} label={tn.who} options={who} />
                <TextField form={notesForm} name={`whoText-${i}`} label={tn.whoFree} />
                <TextField form={notesForm} name={`what-${i}`} label={tn.what} />
                <TextField form={notesForm} name={`by-${i}`} label={tn.by} type="date" className="narrow" />
              </fieldset>
            ))}
            <TextField
              form={notesForm}
              name="followUpOn"
              label={tn.followUpOn}
              hint={format(tn.followUpHint, { days: REMIND_WORKING_DAYS })}
              type="date"
              required
              className="narrow"
            />
            {correction ? (
              <TextArea
                form={notesForm}
                name="reason"
                label={tn.reason}
                hint={tn.reasonHint}
                required
                rows={3}
              />
            ) : null}
            <p>
              <button type="submit" data-qa="notes-submit">
                {correction ? tn.saveCorrection : tn.save}
              </button>
            </p>
          </form>
        </section>
      ) : null}

      {view.mayFollowUp ? (
        <section aria-labelledby="followup-title">
          <h2 id="followup-title">{tn.followUpTitle}</h2>
          <ErrorSummary
            title={tn.errorTitle}
            items={summaryItems(followForm)}
            id="followup-errors"
            focus={props.again?.form === 'followup'}
            qa="followup-errors"
          />
          <form method="post" action={followUpPath(lang, view.id)} noValidate data-qa="followup-form">
            <input type="hidden" name="_csrf" value={props.csrf} />
            <input type="hidden" name="version" value={String(view.version)} />
            <TextArea
              form={followForm}
              name="note"
              label={tn.followUpNote}
              hint={tn.followUpNoteHint}
              required
              rows={3}
            />
            <p>
              <button type="submit" data-qa="followup-submit">
                {tn.markFollowedUp}
              </button>
            </p>
          </form>
        </section>
      ) : null}

      {view.versions.length > 1 ? (
        <section aria-labelledby="versions-title">
          <h2 id="versions-title">{tn.versions}</h2>
          <ol data-qa="notes-versions">
            {view.versions.map((v) => (
              <li key={v.version}>
                {format(tn.version, { n: v.version, at: dateTime(lang, v.at), author: v.authorName })}
                {v.reason ? (
                  <>
                    {': '}
                    <UserText>{v.reason}</UserText>
                  </>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </StaffLayout>
  );
}

function CurrentNotes({ lang, content }: { lang: Lang; content: Record<string, unknown> }) {
  const t = translations(lang).meetingsFamily;
  const agreements = Array.isArray(content.agreements)
    ? (content.agreements as Record<string, unknown>[])
    : [];
  return (
    <section aria-labelledby="current-notes-title" data-qa="notes-current">
      <h2 id="current-notes-title">{t.panel.agreements}</h2>
      <dl className="facts">
        <dt>{t.notes.agenda}</dt>
        <dd className="entry-text" data-qa="notes-current-agenda">
          <p>
            <UserText>{str(content.agenda)}</UserText>
          </p>
        </dd>
        {agreements.map((a, i) => (
          // dt and dd straight in the list: a wrapping div would be one cell of its grid
          // biome-ignore lint/suspicious/noArrayIndexKey: the agreements are a fixed list in their order
          <Fragment key={i}>
            <dt data-qa="notes-agreement">
              <UserText>{str(a.who)}</UserText>
            </dt>
            <dd>
              <UserText>{str(a.what)}</UserText>
              {str(a.by) ? ` – ${formatFinnishDate(str(a.by))}` : ''}
            </dd>
          </Fragment>
        ))}
        <dt>{t.notes.followUpOn}</dt>
        <dd data-qa="notes-follow-up-on">
          {str(content.followUpOn) ? formatFinnishDate(str(content.followUpOn)) : ''}
        </dd>
      </dl>
    </section>
  );
}
