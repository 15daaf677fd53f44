/**
 * Every SQL statement on the consent tables (migration 0013) stands in this folder, one file per
 * responsibility, each statement named by what it returns or writes. Called only inside the
 * door's transaction (the consent services through withAccess, the policy's facts loader,
 * disclosureFor inside another policy's decision). This file: what they all share.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../../platform/db/types.ts';

export type Trx = Transaction<DB> | Kysely<DB>;

export const uuids = (ids: readonly string[]) => sql`${sql.val([...ids])}::uuid[]`;
