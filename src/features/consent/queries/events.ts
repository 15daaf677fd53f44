/**
 * Disclosure events: the append-only record of each decision to disclose or refuse.
 */
import { type Insertable, type QueryCreator, sql } from 'kysely';
import type { DB } from '../../../platform/db/types.ts';
import { type Trx, uuids } from './common.ts';

export type NewDisclosureEvent = Omit<Insertable<DB['disclosure_event']>, 'id' | 'at' | 'items'> & {
  items: string[];
};

/** The same insert, to go in the statement of the access-log row (the door's SideWrite). */
export function disclosureEventWrite(e: NewDisclosureEvent, at: Date) {
  return (creator: QueryCreator<DB>) => creator.insertInto('disclosure_event').values({ ...e, at });
}

export async function insertDisclosureEvent(trx: Trx, e: NewDisclosureEvent, at: Date) {
  await trx
    .insertInto('disclosure_event')
    .values({ ...e, at })
    .execute();
}

export async function disclosureEventsOfPersons(
  trx: Trx,
  personIds: readonly string[],
  contactIds: readonly string[],
) {
  if (personIds.length === 0 && contactIds.length === 0) return [];
  return trx
    .selectFrom('disclosure_event as e')
    .innerJoin('organization as s', 's.id', 'e.source_organization_id')
    .innerJoin('organization as r', 'r.id', 'e.recipient_organization_id')
    .select([
      'e.id',
      'e.at',
      'e.subject_person_id',
      'e.contact_id',
      'e.items',
      'e.decision',
      'e.basis',
      's.name as source_name',
      'r.name as recipient_name',
    ])
    .where((eb) =>
      eb.or([
        sql<boolean>`e.subject_person_id = ANY(${uuids(personIds)})`,
        sql<boolean>`(e.subject_person_id IS NULL AND e.contact_id = ANY(${uuids(contactIds)}))`,
      ]),
    )
    .orderBy('e.at', 'desc')
    .limit(200)
    .execute();
}
