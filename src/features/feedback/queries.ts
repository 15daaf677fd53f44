/**
 * The feedback's SQL (feedback and feedback_receipt). An answer and its receipt are written in
 * one transaction; the receipt's key makes a second answer for the same contact write nothing.
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB, FeedbackTable } from '../../platform/db/types.ts';

export type FeedbackRow = Insertable<FeedbackTable>;

/**
 * The answer and its receipt, once: false when the receipt is already there (the contact has
 * answered; nothing is written). A second answer sent at the same moment waits for the first's
 * receipt and then writes nothing.
 */
export async function insertFeedbackOnce(
  db: Kysely<DB>,
  row: FeedbackRow,
  receipt: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const written = await trx
      .insertInto('feedback_receipt')
      .values({ key: receipt })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!written) return false;
    await trx.insertInto('feedback').values(row).execute();
    return true;
  });
}

/** Whether a contact (by its receipt's key) has answered. */
export async function hasReceipt(db: Kysely<DB>, receipt: string): Promise<boolean> {
  const row = await db
    .selectFrom('feedback_receipt')
    .select('key')
    .where('key', '=', receipt)
    .executeTakeFirst();
  return row !== undefined;
}

export interface CommentRow {
  month: string;
  got_help: 'yes' | 'partly' | 'no';
  comment: string;
  language: 'fi' | 'sv' | 'en';
}

/**
 * A region's free-text comments, newest month first (within a month in the order of their
 * random ids: not the order they came in), a page of them, and how many there are.
 */
export async function regionComments(
  trx: Transaction<DB>,
  regionId: string,
  { from, to, limit, offset }: { from: string | null; to: string | null; limit: number; offset: number },
): Promise<{ rows: CommentRow[]; total: number }> {
  let query = trx.selectFrom('feedback').where('region_id', '=', regionId).where('comment', 'is not', null);
  if (from) query = query.where('month', '>=', from);
  if (to) query = query.where('month', '<=', to);
  const rows = await query
    .select(['month', 'got_help', 'comment', 'language'])
    .orderBy('month', 'desc')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
  const count = await query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return {
    rows: rows.map((r) => ({ ...r, comment: r.comment ?? '' })),
    total: Number(count.n),
  };
}
