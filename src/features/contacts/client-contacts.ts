/**
 * A signed-in client's own contacts (issue 10, finding 19): the ones they sent while signed in
 * (contact.client_id is set on intake when a client session exists). The list is read through
 * the door (accessContact, resource 'client_contacts'), so the read is decided by the policy
 * and logged in the same transaction.
 */
import type { Kysely } from 'kysely';
import { accessContact } from '../../platform/access/index.ts';
import type { ClientActor } from '../../platform/auth/actor.ts';
import type { ContactOutcome, ContactState, DB } from '../../platform/db/types.ts';
import { type ContactsDeps, statusPath, statusToken } from './contacts.ts';

/** How many of their contacts the client's page shows, newest first. */
export const MY_CONTACTS_LIMIT = 50;

export interface MyContact {
  reference: string;
  state: ContactState;
  receivedAt: Date;
  /** the day the first answer is promised by (YYYY-MM-DD, Helsinki) */
  respondBy: string;
  outcome: ContactOutcome | null;
  closedAt: Date | null;
  /** the status page of the contact in each language */
  statusPaths: Record<'fi' | 'sv' | 'en', string>;
}

/** The client's own contacts, newest first (SQL). */
async function contactsOfClient(db: Kysely<DB>, clientId: string) {
  return db
    .selectFrom('contact')
    .select(['id', 'reference', 'state', 'received_at', 'respond_by', 'outcome', 'closed_at'])
    .where('client_id', '=', clientId)
    .orderBy('received_at', 'desc')
    .orderBy('id')
    .limit(MY_CONTACTS_LIMIT)
    .execute();
}

export async function clientContacts(deps: ContactsDeps, actor: ClientActor): Promise<MyContact[]> {
  return accessContact(
    deps.db,
    actor,
    { contactId: null, action: 'read', resource: { type: 'client_contacts' } },
    async (trx) => {
      const rows = await contactsOfClient(trx, actor.clientId);
      return rows.map((r) => {
        const token = statusToken(deps.statusKey, r.id);
        return {
          reference: r.reference,
          state: r.state,
          receivedAt: new Date(r.received_at),
          respondBy: String(r.respond_by).slice(0, 10),
          outcome: r.outcome,
          closedAt: r.closed_at ? new Date(r.closed_at) : null,
          statusPaths: {
            fi: statusPath('fi', token),
            sv: statusPath('sv', token),
            en: statusPath('en', token),
          },
        };
      });
    },
  );
}
