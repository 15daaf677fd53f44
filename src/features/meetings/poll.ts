/**
 * A participant's private poll link (/fi/yhdessa-aika/<token>, /sv/tillsammans-tid/<token>,
 * /en/together-time/<token>): no account, no sign-in. The token is an HMAC-SHA-256 of the
 * participant's id with the installation's key (base64url, 256 bits), the same in every mail;
 * only its SHA-256 is kept. Its holder is the door's PrivateLinkHolder of the
 * meetings' policy: they see that meeting's neutral details and their own answers only, answer
 * the poll while it is open, and after the invitations accept, tentatively accept or decline
 * (the same PARTSTAT as a mailed calendar REPLY).
 *
 * An altered or unknown token, a removed participant: not found (404). A cancelled meeting, or
 * 30 days after it ended: gone (410). Answering the poll after the time is locked: 409.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { Lang } from '../../i18n/index.ts';
import { type PrivateLinkHolder, withAccess } from '../../platform/access/door.ts';
import type {
  LocalizedText,
  MeetingPartStat,
  MeetingState,
  MeetingVoteAnswer,
} from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import type { MeetingsDeps } from './deps.ts';
import { linkExpired, mayDo } from './model.ts';
import { PARTICIPANT_LINK, participantLinkRef } from './policy.ts';
import {
  insertMeetingEvent,
  meetingById,
  participantById,
  participantByTokenHash,
  saveVotes,
  setPartstat,
  slotsOf,
  staffPerson,
  votesOf,
} from './queries/core.ts';

export const POLL_PATHS = { fi: 'yhdessa-aika', sv: 'tillsammans-tid', en: 'together-time' } as const;

export function pollPath(lang: Lang, token: string): string {
  return `/${lang}/${POLL_PATHS[lang]}/${token}`;
}

export const POLL_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const pollTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Another participant's private poll link: made from the installation's key (the status links'
 * key) and the participant's id, so it is the same in every mail and needs no keeping.
 */
export function participantPollToken(key: Buffer, participantId: string): string {
  return createHmac('sha256', key).update(`perheverkko/meeting-poll:${participantId}`).digest('base64url');
}

/**
 * The family's private poll link: made from its status link's token and its participant's id
 * (the same as family.ts makes it for the status page), so it needs no keeping and does not
 * change from mail to mail.
 */
export function familyPollToken(statusToken: string, participantId: string): string {
  return createHmac('sha256', statusToken)
    .update(`perheverkko/meeting-family-poll:${participantId}`)
    .digest('base64url');
}

/** The link is past its time (the meeting cancelled, or 30 days after it): answered with 410. */
export class PollLinkGone extends Error {
  constructor(public readonly cancelled: boolean) {
    super('meeting.link_gone');
    this.name = 'PollLinkGone';
  }
}

const notFound = () => new AppError('meeting.not_found', 404);

/** Who holds the token, or a 404: the door is then asked about them. */
async function holderOf(deps: MeetingsDeps, token: string) {
  if (!POLL_TOKEN_PATTERN.test(token)) throw notFound();
  const found = await participantByTokenHash(deps.db, pollTokenHash(token));
  if (!found) throw notFound();
  const holder: PrivateLinkHolder = { kind: 'private_link', linkType: PARTICIPANT_LINK, holderId: found.id };
  return { holder, participantId: found.id, meetingId: found.meetingId };
}

export interface PollView {
  participantId: string;
  participantName: string;
  language: Lang;
  state: MeetingState;
  organizer: { name: string; organization: LocalizedText } | null;
  durationMinutes: number;
  placeKind: 'address' | 'remote' | null;
  address: string | null;
  remoteUrl: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  slots: { id: string; startsAt: Date; endsAt: Date }[];
  /** this participant's own answers, by slot */
  answers: Record<string, MeetingVoteAnswer>;
  partstat: MeetingPartStat;
  /** the poll is open (answers may change) */
  pollOpen: boolean;
  /** the invitation may be answered (accept, tentative, decline) */
  replyOpen: boolean;
}

type Trx = Parameters<Parameters<typeof withAccess>[4]>[0];

async function loadPoll(trx: Trx, participantId: string, meetingId: string, now: Date): Promise<PollView> {
  const m = await meetingById(trx, meetingId);
  const p = await participantById(trx, participantId);
  if (!m || !p || p.removed_at !== null) throw notFound();
  const slots = await slotsOf(trx, meetingId);
  const last = slots.at(-1)?.ends_at ?? null;
  if (linkExpired(m.state, m.ends_at, last, now)) throw new PollLinkGone(m.state === 'cancelled');
  const own = (await votesOf(trx, meetingId)).filter((v) => v.participant_id === participantId);
  const organizer = m.organizer_id ? await staffPerson(trx, m.organizer_id) : undefined;
  return {
    participantId,
    participantName: p.name,
    language: p.language,
    state: m.state,
    organizer: organizer ? { name: organizer.name, organization: organizer.organizationName } : null,
    durationMinutes: m.duration_minutes,
    placeKind: m.place_kind,
    address: m.place_address,
    remoteUrl: m.remote_url,
    startsAt: m.starts_at,
    endsAt: m.ends_at,
    slots: slots.map((s) => ({ id: s.id, startsAt: s.starts_at, endsAt: s.ends_at })),
    answers: Object.fromEntries(own.map((v) => [v.slot_id, v.answer])),
    partstat: p.partstat,
    pollOpen: mayDo(m.state, 'vote') && slots.length > 0,
    replyOpen: mayDo(m.state, 'reply'),
  };
}

/** The poll page's content for the link's holder. Throws 404 (AppError) or PollLinkGone. */
export async function readPoll(deps: MeetingsDeps, token: string): Promise<PollView> {
  const { holder, participantId, meetingId } = await holderOf(deps, token);
  const now = deps.now ? deps.now() : new Date();
  return withAccess(
    deps.db,
    holder,
    'read',
    participantLinkRef(participantId, meetingId),
    (trx) => loadPoll(trx, participantId, meetingId, now),
    { now },
  );
}

const ANSWERS: readonly MeetingVoteAnswer[] = ['yes', 'if_need_be', 'no'];

async function participantEvent(
  trx: Trx,
  meetingId: string,
  participantId: string,
  kind: string,
  now: Date,
  detail: Record<string, unknown>,
) {
  await insertMeetingEvent(trx, {
    id: randomUUID(),
    meeting_id: meetingId,
    at: now,
    kind,
    actor_kind: 'participant',
    staff_user_id: null,
    participant_id: participantId,
    detail: JSON.stringify(detail) as never,
  });
}

/**
 * The holder's answers (slot id → yes / if_need_be / no), one for every proposed time. After
 * the lock: 409 meeting.poll_closed, nothing changed.
 */
export async function answerPoll(
  deps: MeetingsDeps,
  token: string,
  answers: Record<string, string>,
): Promise<void> {
  const { holder, participantId, meetingId } = await holderOf(deps, token);
  const now = deps.now ? deps.now() : new Date();
  await withAccess(
    deps.db,
    holder,
    'update',
    participantLinkRef(participantId, meetingId),
    async (trx) => {
      const view = await loadPoll(trx, participantId, meetingId, now);
      if (!view.pollOpen) throw new AppError('meeting.poll_closed', 409);
      const missing = view.slots.filter((s) => !ANSWERS.includes(answers[s.id] as MeetingVoteAnswer));
      if (missing.length > 0)
        throw new AppError(
          'meeting.answer_invalid',
          400,
          {},
          missing.map((s) => ({ field: `slot-${s.id}`, code: 'meeting.answer_invalid' as const })),
        );
      await saveVotes(
        trx,
        participantId,
        view.slots.map((s) => ({ slotId: s.id, answer: answers[s.id] as MeetingVoteAnswer })),
        now,
      );
      await participantEvent(trx, meetingId, participantId, 'voted', now, {});
    },
    { now },
  );
}

export const REPLIES: readonly MeetingPartStat[] = ['ACCEPTED', 'TENTATIVE', 'DECLINED'];

/** The holder answers the invitation (after the invitations only: else 409 meeting.not_locked). */
export async function replyToInvitation(deps: MeetingsDeps, token: string, partstat: string): Promise<void> {
  if (!REPLIES.includes(partstat as MeetingPartStat))
    throw new AppError('meeting.answer_invalid', 400, {}, [
      { field: 'partstat', code: 'meeting.answer_invalid' },
    ]);
  const { holder, participantId, meetingId } = await holderOf(deps, token);
  const now = deps.now ? deps.now() : new Date();
  await withAccess(
    deps.db,
    holder,
    'update',
    participantLinkRef(participantId, meetingId),
    async (trx) => {
      const view = await loadPoll(trx, participantId, meetingId, now);
      if (!view.replyOpen) throw new AppError('meeting.not_locked', 409);
      await setPartstat(trx, participantId, partstat as MeetingPartStat, now);
      await participantEvent(trx, meetingId, participantId, 'replied', now, { partstat, via: 'link' });
    },
    { now },
  );
}
