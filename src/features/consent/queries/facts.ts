/**
 * What the disclosure decision needs: its facts in one statement (consent_disclosure_facts),
 * and consent as a condition inside another list's query.
 */
import { sql } from 'kysely';
import type { DirectiveFacts, GuardianFacts, StatutoryFacts, SubjectFacts } from '../model.ts';
import type { Trx } from './common.ts';

/**
 * A condition for a list's WHERE (an inbox, a search, an export): may the data of the contact
 * (contactId) kept by the source organisation be shown to the recipient organisation on
 * `day`, for `category`? Same registry; or a statutory disclosure still in force for the
 * recipient's registry; or no active deny and, for every subject of the contact (contacter
 * and children), an active permit in force from the source's to the recipient's registry.
 * Applied inside the query, so a list never holds a row it may not show. Opening one row
 * still asks the door, whose decision (decideDisclosure) also weighs who was entitled to
 * give the permit (guardians, capacity, the 18th birthday): the list may only be narrower.
 */
export function mayDiscloseSql(
  refs: { contactId: string; sourceOrganizationId: string; recipientOrganizationId: string },
  category: string,
  now: Date,
) {
  const registry = (ref: string) =>
    sql`(SELECT coalesce(o.registry_organization_id, o.id) FROM organization o WHERE o.id = ${sql.ref(ref)})`;
  const day = now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });
  const matches = (decision: 'permit' | 'deny') => sql`
    d.status = 'active' AND d.decision = ${decision}
    AND ${category} = ANY(d.categories)
    AND d.valid_from <= ${day}::date AND ${day}::date <= d.valid_until
    AND EXISTS (SELECT 1 FROM organization so WHERE so.id = ANY(d.source_organization_ids)
                AND coalesce(so.registry_organization_id, so.id) = ${registry(refs.sourceOrganizationId)})
    AND EXISTS (SELECT 1 FROM organization ro WHERE ro.id = ANY(d.recipient_organization_ids)
                AND coalesce(ro.registry_organization_id, ro.id) = ${registry(refs.recipientOrganizationId)})`;
  return sql<boolean>`(
    ${registry(refs.sourceOrganizationId)} = ${registry(refs.recipientOrganizationId)}
    OR EXISTS (SELECT 1 FROM statutory_disclosure s
               JOIN organization sr ON sr.id = s.recipient_organization_id
               WHERE s.contact_id = ${sql.ref(refs.contactId)} AND ${category} = ANY(s.items)
                 AND s.valid_until > ${now}
                 AND coalesce(sr.registry_organization_id, sr.id) = ${registry(refs.recipientOrganizationId)})
    OR (
      EXISTS (SELECT 1 FROM consent_person p WHERE p.contact_id = ${sql.ref(refs.contactId)}
              AND p.role IN ('contacter', 'child'))
      AND NOT EXISTS (SELECT 1 FROM consent_person p JOIN consent_directive d ON d.subject_person_id = p.id
                      WHERE p.contact_id = ${sql.ref(refs.contactId)} AND p.role IN ('contacter', 'child')
                        AND ${matches('deny')})
      AND NOT EXISTS (SELECT 1 FROM consent_person p WHERE p.contact_id = ${sql.ref(refs.contactId)}
                      AND p.role IN ('contacter', 'child')
                      AND NOT EXISTS (SELECT 1 FROM consent_directive d
                                      WHERE d.subject_person_id = p.id AND ${matches('permit')}))
    ))`;
}

interface DisclosureFactsJson {
  src: string | null;
  rcp: string | null;
  subjects: {
    personId: string;
    birthDate: string | null;
    turvakielto: boolean;
    directives: DirectiveFacts[];
    guardians: GuardianFacts[];
    capacity: { capable: boolean; categories: string[]; reviewDate: string | null } | null;
  }[];
  statutory: {
    id: string;
    subjectPersonId: string | null;
    recipientRegistryId: string;
    items: string[];
    disclosedAt: string;
    validUntil: string;
  }[];
}

/**
 * What decideDisclosure needs, in one round trip (it is asked on every read across
 * registries): the SQL function consent_disclosure_facts (migration 0014) — the source's and
 * the recipient's registries and, across registries, the contact's subjects with their
 * directives, guardians and latest capacity assessment, and its statutory disclosures.
 */
export async function disclosureFacts(
  trx: Trx,
  q: {
    contactId: string;
    sourceOrganizationId: string;
    recipientOrganizationId: string;
    recipientIsGuardian: boolean;
    day: string;
  },
): Promise<DisclosureFacts> {
  const { rows } = await sql<{ facts: unknown }>`
    SELECT consent_disclosure_facts(${q.contactId}, ${q.sourceOrganizationId}, ${q.recipientOrganizationId}, ${q.recipientIsGuardian}) AS facts`.execute(
    trx,
  );
  return parseDisclosureFacts(rows[0]?.facts, q);
}

/** The same call as a column of another feature's facts query (the handoff policy's). */
export function disclosureFactsSql(refs: {
  contactId: string;
  sourceOrganizationId: string;
  recipientOrganizationId: string;
}) {
  return sql<unknown>`consent_disclosure_facts(${sql.ref(refs.contactId)}, ${sql.ref(refs.sourceOrganizationId)}, ${sql.ref(refs.recipientOrganizationId)}, false)`;
}

export interface DisclosureFacts {
  sourceRegistryId: string;
  recipientRegistryId: string;
  subjects: SubjectFacts[];
  statutory: StatutoryFacts[];
}

/** consent_disclosure_facts' JSON as decideDisclosure's facts; capacity judged on `day`. */
export function parseDisclosureFacts(
  json: unknown,
  q: { sourceOrganizationId: string; recipientOrganizationId: string; day: string },
): DisclosureFacts {
  const row = (typeof json === 'string' ? JSON.parse(json) : json) as DisclosureFactsJson | null;
  const statutory = (row?.statutory ?? []).map((s) => ({
    ...s,
    disclosedAt: new Date(s.disclosedAt),
    validUntil: new Date(s.validUntil),
  }));
  const toStatutory = (s: (typeof statutory)[number]): StatutoryFacts => ({
    id: s.id,
    recipientRegistryId: s.recipientRegistryId,
    items: s.items,
    disclosedAt: s.disclosedAt,
    validUntil: s.validUntil,
  });
  return {
    sourceRegistryId: row?.src ?? q.sourceOrganizationId,
    recipientRegistryId: row?.rcp ?? q.recipientOrganizationId,
    subjects: (row?.subjects ?? []).map((p) => {
      const current =
        p.capacity?.capable && (p.capacity.reviewDate === null || p.capacity.reviewDate >= q.day);
      return {
        personId: p.personId,
        birthDate: p.birthDate,
        turvakielto: p.turvakielto,
        guardians: p.guardians,
        capableFor: current && p.capacity ? p.capacity.categories : [],
        directives: p.directives,
        statutory: statutory.filter((s) => s.subjectPersonId === p.personId).map(toStatutory),
      };
    }),
    statutory: statutory.filter((s) => s.subjectPersonId === null).map(toStatutory),
  };
}
