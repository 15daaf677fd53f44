/**
 * A signed-in client's own contacts (issue 10, finding 19): the ones they sent while signed in
 * (contact.client_id is set on intake when a client session exists). The list is read through
 * the door (withAccess, resource 'client_contacts'), so the read is decided by the policy
 * and logged in the same transaction.
 */
import { withAccess } from '../../platform/access/index.ts';
import type { ClientActor } from '../../platform/auth/actor.ts';
import type { ContactOutcome, ContactState } from '../../platform/db/types.ts';
import type { ContactsDeps } from './deps.ts';
import './policy.ts';
import { contactsOfClient } from './queries.ts';
import { statusPath, statusToken } from './status-link.ts';

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

export async function clientContacts(deps: ContactsDeps, actor: ClientActor): Promise<MyContact[]> {
  return withAccess(deps.db, actor, 'read', { type: 'client_contacts', id: null }, async (trx) => {
    const rows = await contactsOfClient(trx, actor.clientId, MY_CONTACTS_LIMIT);
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
  });
}
