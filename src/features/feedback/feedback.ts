/**
 * Feedback after a contact (issue 13, capability 12): the family answers once, from the status
 * page of its closed contact; the managers read the region's comments.
 *
 * Anonymity: the contact is read through the status link (the door's contact_status read, in
 * its own transaction and logged as the status page's reads are); the answer is written in a
 * transaction of its own with only the month the contact closed, its region, municipality and
 * channel — no contact id, no time — and the receipt, a keyed hash of the contact's id.
 */
import { randomUUID } from 'node:crypto';
import { withAccess } from '../../platform/access/door.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { type ContactsDeps, feedbackSubject, statusHolder } from '../contacts/index.ts';
import { COMMENTS_PAGE_SIZE, closingMonth, type FeedbackAnswer, receiptKey } from './model.ts';
import { COMMENTS_READ } from './policy.ts';
import { type CommentRow, hasReceipt, insertFeedbackOnce, regionComments } from './queries.ts';

/** What the feedback needs: the contact point's database, key (the receipts') and clock. */
export type FeedbackDeps = ContactsDeps;

/**
 * The family's answer for the contact of a status link. Throws contact.status_not_found (404)
 * for a wrong link, feedback.not_closed (409) for an open contact and feedback.already_given
 * (409) when the contact has answered (nothing is written then).
 */
export async function giveFeedback(
  deps: FeedbackDeps,
  token: string,
  answer: FeedbackAnswer,
  form: { language?: 'fi' | 'sv' | 'en'; plain: boolean },
): Promise<void> {
  const subject = await feedbackSubject(deps, token);
  if (!subject) throw new AppError('contact.status_not_found', 404);
  if (subject.state !== 'closed' || !subject.closedAt) throw new AppError('feedback.not_closed', 409);
  const language = form.language ?? subject.language;
  const saved = await insertFeedbackOnce(
    deps.db,
    {
      id: randomUUID(),
      region_id: subject.regionId,
      month: closingMonth(subject.closedAt),
      municipality_code: subject.municipalityCode,
      channel: subject.channel,
      got_help: answer.gotHelp,
      ease: answer.ease,
      comment: answer.comment,
      language,
      // the plain-language form is the Finnish one
      plain_language: form.plain && language === 'fi',
    },
    receiptKey(deps.statusKey, subject.contactId),
  );
  if (!saved) throw new AppError('feedback.already_given', 409);
}

/**
 * Whether the contact of a status link has answered (the status page shows the thanks instead
 * of the form); null for a wrong link. Reads only the receipt: the status page itself has read
 * the contact through the door.
 */
export async function feedbackGiven(deps: FeedbackDeps, token: string): Promise<boolean | null> {
  const holder = await statusHolder(deps.db, token);
  if (!holder) return null;
  return hasReceipt(deps.db, receiptKey(deps.statusKey, holder.contactId));
}

export interface CommentsPage {
  comments: CommentRow[];
  page: number;
  pages: number;
  total: number;
}

/** A page of the region's comments (the read logged for the data-protection officer). */
export async function readComments(
  deps: Pick<FeedbackDeps, 'db' | 'now'>,
  actor: StaffActor,
  period: { from: string | null; to: string | null },
  page: number,
): Promise<CommentsPage> {
  return withAccess(
    deps.db,
    actor,
    COMMENTS_READ.action,
    COMMENTS_READ.resource,
    async (trx) => {
      const { rows, total } = await regionComments(trx, actor.regionId, {
        ...period,
        limit: COMMENTS_PAGE_SIZE,
        offset: (page - 1) * COMMENTS_PAGE_SIZE,
      });
      return { comments: rows, page, pages: Math.max(1, Math.ceil(total / COMMENTS_PAGE_SIZE)), total };
    },
    { now: deps.now ? deps.now() : new Date() },
  );
}
