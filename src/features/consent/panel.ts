/**
 * The counsellor's consent panel of a contact: its persons, organisations, requests, consents
 * and statutory disclosures.
 */
import type { Kysely, Transaction } from 'kysely';
import { withAccess } from '../../platform/access/door.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type { DB } from '../../platform/db/types.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import { requireContact, staffBy } from './checks.ts';
import { ofContact } from './policy.ts';
import { type ConsentContact, handoffOrganisationIds, registriesOf } from './queries/contacts.ts';
import { directivesOfSubjects } from './queries/directives.ts';
import { capableFor, ensureContacter, guardiansOf, personsOfContact } from './queries/persons.ts';
import { requestsOfContact } from './queries/requests.ts';
import { statutoryOfContacts } from './queries/statutory.ts';
import {
  type ConsentPanel,
  type DirectiveView,
  directiveView,
  type OrganisationConsent,
  type OrganisationRef,
  orgNames,
  type PersonView,
  type RequestView,
  requestView,
  statutoryView,
} from './views.ts';

export async function contactConsentPanel(
  db: Kysely<DB>,
  staff: StaffActor,
  contactId: string,
  { now = new Date() }: { now?: Date } = {},
): Promise<ConsentPanel> {
  return withAccess(
    db,
    staff,
    'read',
    ofContact('consent_directive', contactId, 'panel'),
    async (trx) => {
      const contact = await requireContact(trx, contactId);
      await ensureContacter(trx, contact, staffBy(staff), now);
      return panelOf(trx, contact, now);
    },
    { now },
  );
}

async function panelOf(trx: Transaction<DB>, contact: ConsentContact, now: Date): Promise<ConsentPanel> {
  const day = helsinkiDate(now);
  const persons = await personsOfContact(trx, contact.id);
  const ids = persons.map((p) => p.id);
  const [guardians, capacity, directives, requests, statutory, handoffOrgs] = await Promise.all([
    guardiansOf(trx, ids),
    capableFor(trx, ids, day),
    directivesOfSubjects(trx, ids),
    requestsOfContact(trx, contact.id),
    statutoryOfContacts(trx, [contact.id]),
    handoffOrganisationIds(trx, contact.id),
  ]);
  const orgIds = new Set<string>([contact.registryOrganizationId, ...handoffOrgs]);
  for (const d of directives) for (const o of d.recipient_organization_ids) orgIds.add(o);
  for (const r of requests) for (const o of r.recipient_organization_ids) orgIds.add(o);
  for (const s of statutory) orgIds.add(s.recipient_organization_id);
  const orgs = await orgNames(trx, [...orgIds]);
  const names = new Map(persons.map((p) => [p.id, p.name]));
  const personViews: PersonView[] = persons.map((p) => ({
    id: p.id,
    name: p.name,
    birthDate: p.birthDate,
    role: p.role,
    turvakielto: p.turvakielto,
    identified: p.clientId !== null,
    guardianOf: [...guardians.entries()]
      .filter(([, gs]) => gs.some((g) => g.personId === p.id))
      .map(([child]) => child),
    capableFor: capacity.get(p.id) ?? [],
  }));
  const directiveViews = directives.map((d) => directiveView(d, names, orgs, day));
  const requestViews = requests.map((r) => requestView(r, names, orgs, now));
  const sourceRegistry = (await registriesOf(trx, [...orgIds])) as Map<string, string>;
  const own = sourceRegistry.get(contact.registryOrganizationId) ?? contact.registryOrganizationId;
  const organisations: OrganisationConsent[] = [...orgIds]
    .filter((id) => id !== contact.registryOrganizationId)
    .map((id) => organisationState(id, orgs, sourceRegistry.get(id) === own, directiveViews, requestViews));
  return {
    reference: contact.reference,
    persons: personViews,
    organisations,
    requests: requestViews,
    directives: directiveViews,
    statutory: statutory.map((s) => statutoryView(s, orgs)),
  };
}

function organisationState(
  id: string,
  orgs: Map<string, OrganisationRef>,
  sameRegistry: boolean,
  directives: DirectiveView[],
  requests: RequestView[],
): OrganisationConsent {
  const base = { organizationId: id, name: orgs.get(id)?.name ?? { fi: id }, sameRegistry };
  if (sameRegistry) return { ...base, state: 'same_registry' };
  const mine = directives.filter((d) => d.recipients.some((r) => r.id === id) && d.status !== 'superseded');
  const given = mine.find((d) => d.state === 'given');
  if (given) return { ...base, state: 'given', directiveId: given.id, validUntil: given.validUntil };
  const open = requests.find((r) => r.state === 'requested' && r.recipients.some((o) => o.id === id));
  if (open) return { ...base, state: 'requested' };
  const latest = mine[0];
  const latestRequest = requests.find((r) => r.recipients.some((o) => o.id === id));
  if (latest && (latest.state === 'withdrawn' || latest.state === 'expired' || latest.state === 'declined'))
    return { ...base, state: latest.state, directiveId: latest.id, validUntil: latest.validUntil };
  if (latestRequest?.state === 'declined' || latestRequest?.state === 'expired')
    return { ...base, state: latestRequest.state };
  return { ...base, state: 'none' };
}
