/**
 * The client's own consents (My consents) and how many wait for their confirmation.
 */
import type { Kysely } from 'kysely';
import { withAccess } from '../../platform/access/door.ts';
import type { ClientActor } from '../../platform/auth/actor.ts';
import type { DB, LocalizedText } from '../../platform/db/types.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import { countToConfirm, type DirectiveRow, directivesOfSubjects } from './queries/directives.ts';
import { disclosureEventsOfPersons } from './queries/events.ts';
import { personsOfClient, personsOfContact, wardsOf } from './queries/persons.ts';
import { openRequestsForPersons } from './queries/requests.ts';
import { statutoryOfContacts } from './queries/statutory.ts';
import {
  type DirectiveView,
  directiveView,
  inForce,
  orgNames,
  type RequestView,
  requestView,
  type StatutoryView,
  statutoryView,
} from './views.ts';

/**
 * How many consents a worker recorded for the client wait for their confirmation (the count on
 * the client's home page, which links to My consents): a read of their own consents.
 */
export async function consentsToConfirm(
  db: Kysely<DB>,
  client: ClientActor,
  { now = new Date() }: { now?: Date } = {},
): Promise<number> {
  return withAccess(
    db,
    client,
    'read',
    { type: 'my_consents', id: null },
    (trx) => countToConfirm(trx, client.clientId, helsinkiDate(now)),
    { now },
  );
}

export interface MyPersonConsents {
  person: { id: string; name: string; self: boolean };
  active: DirectiveView[];
  past: DirectiveView[];
  pendingRequests: RequestView[];
  disclosures: {
    id: string;
    at: Date;
    source: LocalizedText;
    recipient: LocalizedText;
    items: string[];
    decision: 'permit' | 'deny';
    basis: string;
  }[];
  statutory: StatutoryView[];
  /** a capable minor has restricted what the guardians see: shown without content */
  restrictedByChild: boolean;
}

/** Per person (the client themself in each contact, and the children in their custody). */
export async function myConsents(
  db: Kysely<DB>,
  client: ClientActor,
  { now = new Date() }: { now?: Date } = {},
): Promise<MyPersonConsents[]> {
  return withAccess(
    db,
    client,
    'read',
    { type: 'my_consents', id: null },
    async (trx) => {
      const day = helsinkiDate(now);
      const selves = await personsOfClient(trx, client.clientId);
      const wards = (
        await wardsOf(
          trx,
          selves.map((p) => p.id),
        )
      ).filter((w) => !selves.some((s) => s.id === w.id));
      const persons = [...selves.map((p) => ({ p, self: true })), ...wards.map((p) => ({ p, self: false }))];
      const ids = persons.map((x) => x.p.id);
      const contactIds = [
        ...new Set(persons.map((x) => x.p.contactId).filter((c): c is string => c !== null)),
      ];
      const [directives, requests, events, statutory] = await Promise.all([
        directivesOfSubjects(trx, ids),
        openRequestsForPersons(trx, ids),
        disclosureEventsOfPersons(trx, ids, contactIds),
        statutoryOfContacts(trx, contactIds),
      ]);
      const orgIds = new Set<string>();
      for (const d of directives) for (const o of d.recipient_organization_ids) orgIds.add(o);
      for (const r of requests) for (const o of r.recipient_organization_ids) orgIds.add(o);
      for (const s of statutory) orgIds.add(s.recipient_organization_id);
      const orgs = await orgNames(trx, [...orgIds]);
      const allPersons = new Map<string, string>();
      for (const cid of contactIds)
        for (const p of await personsOfContact(trx, cid)) allPersons.set(p.id, p.name);
      return persons.map(({ p, self }) => {
        // the guardians' view leaves out what a capable minor has hidden from them
        const hidden = (d: DirectiveRow) =>
          !self && d.grantor_kind === 'capable_minor' && d.recipient_guardians;
        const own = directives.filter((d) => d.subject_person_id === p.id);
        const views = own.filter((d) => !hidden(d)).map((d) => directiveView(d, allPersons, orgs, day));
        return {
          person: { id: p.id, name: p.name, self },
          active: views.filter(inForce),
          past: views.filter((v) => !inForce(v)),
          pendingRequests: requests
            .filter((r) => r.subject_person_ids.includes(p.id))
            .map((r) => requestView(r, allPersons, orgs, now))
            .filter((r) => r.state === 'requested'),
          disclosures: events
            .filter(
              (e) =>
                e.subject_person_id === p.id ||
                (e.subject_person_id === null && e.contact_id === p.contactId),
            )
            .map((e) => ({
              id: String(e.id),
              at: e.at,
              source: e.source_name,
              recipient: e.recipient_name,
              items: e.items,
              decision: e.decision,
              basis: e.basis,
            })),
          statutory: statutory
            .filter(
              (s) =>
                s.contact_id === p.contactId &&
                (s.subject_person_id === null || s.subject_person_id === p.id) &&
                s.notice_deferred_reason === null,
            )
            .map((s) => statutoryView(s, orgs)),
          restrictedByChild: own.some((d) => hidden(d) && d.status === 'active' && d.valid_until >= day),
        };
      });
    },
    { now },
  );
}
