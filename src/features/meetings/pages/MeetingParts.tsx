/**
 * What the meeting pages share: their addresses, a time in Helsinki ("ti 8.12.2026 klo 9.00"),
 * the state in words, a refusal's message with the state named.
 */
import { type ErrorCode, errorMessage, type Lang, translations } from '../../../i18n/index.ts';
import type { MeetingState } from '../../../platform/db/types.ts';
import { appointmentWhen } from '../../contacts/index.ts';

export const MEETINGS_PATH = '/staff/meetings';
export const NEW_MEETING_PATH = `${MEETINGS_PATH}/new`;
export const meetingPath = (id: string) => `${MEETINGS_PATH}/${id}`;

/** A time as people read it, in Helsinki whatever the server's zone. */
export const when = (lang: Lang, at: Date) => appointmentWhen(lang, at);

export function StateBadge({ lang, state }: { lang: Lang; state: MeetingState }) {
  return (
    <span className={`meeting-state state-${state}`} data-qa="meeting-state">
      {translations(lang).meetings.state[state]}
    </span>
  );
}

/** The message of a refusal (409, 404), with the meeting's state in words. */
export function meetingConflict(lang: Lang, code: ErrorCode, params: Record<string, string | number>) {
  const states = translations(lang).meetings.state as Record<string, string>;
  const state = typeof params.state === 'string' ? (states[params.state] ?? params.state) : undefined;
  return errorMessage(lang, code, state ? { ...params, state } : params);
}
