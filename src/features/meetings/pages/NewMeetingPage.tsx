/** Starting a Yhdessä aika for a contact (/:lang/staff/meetings/new?contact=<id>). */
import { type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import {
  ErrorSummary,
  type FormModel,
  type FormProblem,
  type FormValues,
  summaryItems,
  TextField,
} from '../../../ui/forms.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import { MEETINGS_PATH, NEW_MEETING_PATH } from './MeetingParts.tsx';

export interface NewMeetingPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  contactId: string;
  meetingId: string;
  values: FormValues;
  problems: FormProblem[];
}

export function NewMeetingPage(props: NewMeetingPageProps) {
  const { lang, csrf } = props;
  const t = translations(lang).meetings;
  const form: FormModel = { lang, values: props.values, problems: props.problems };
  return (
    <StaffLayout
      {...props}
      title={t.create.title}
      path={NEW_MEETING_PATH}
      search={`?contact=${props.contactId}`}
      current="meetings"
    >
      <p>
        <a href={`/${lang}${MEETINGS_PATH}`}>{t.page.back}</a>
      </p>
      <h1>{t.create.title}</h1>
      <p className="lead-small">{t.create.lead}</p>
      <ErrorSummary title={t.page.errorsTitle} items={summaryItems(form)} focus />
      <form method="post" action={`/${lang}${MEETINGS_PATH}`} data-qa="new-meeting-form" noValidate>
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="meetingId" value={props.meetingId} />
        <input type="hidden" name="contactId" value={props.contactId} />
        <TextField
          form={form}
          name="duration"
          label={t.create.duration}
          hint={t.create.durationHint}
          inputMode="numeric"
          required
          className="narrow"
        />
        <button type="submit" className="button" data-qa="start-meeting">
          {t.create.submit}
        </button>
      </form>
    </StaffLayout>
  );
}
