/**
 * What the feedback after a contact needs to know of it (issue 13), read through the family's
 * status link like the status page itself (the door's contact_status read, logged): whether it
 * is closed and when, and the region, municipality and channel the answer is counted under.
 * The feedback feature keeps none of it beside the answer but these breakdowns.
 */
import { withAccess } from '../../platform/access/index.ts';
import type { ContactState } from '../../platform/db/types.ts';
import { type ContactsDeps, nowOf } from './deps.ts';
import { partOfContact } from './policy.ts';
import { statusRow } from './queries.ts';
import { statusHolder } from './status-link.ts';

export interface FeedbackSubject {
  contactId: string;
  state: ContactState;
  closedAt: Date | null;
  regionId: string;
  municipalityCode: string | null;
  channel: 'web' | 'phone' | 'walk_in';
  language: 'fi' | 'sv' | 'en';
}

/** The contact a status link opens, as feedback needs it; null for a wrong link. */
export async function feedbackSubject(deps: ContactsDeps, token: string): Promise<FeedbackSubject | null> {
  const holder = await statusHolder(deps.db, token);
  if (!holder) return null;
  return withAccess(
    deps.db,
    holder,
    'read',
    partOfContact('contact_status', holder.contactId),
    async (trx) => {
      const c = await statusRow(trx, holder.contactId);
      return {
        contactId: holder.contactId,
        state: c.state,
        closedAt: c.closed_at ? new Date(c.closed_at) : null,
        regionId: c.region_id,
        municipalityCode: c.municipality_code,
        channel: c.channel,
        language: c.language,
      };
    },
    { now: nowOf(deps) },
  );
}
