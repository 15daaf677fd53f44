/**
 * Who is asking: the one shape every feature gets from the HTTP layer (request.actor) and
 * passes to the access policy. Built from the session by platform/auth.
 */
export const STAFF_ROLES = [
  'counsellor',
  'receiving_worker',
  'partner',
  'manager',
  'catalogue_editor',
  'administrator',
  'dpo',
  /** a municipality's contact person in the network: reads the shared metrics, opens no contact */
  'municipality_contact',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffActor {
  kind: 'staff';
  userId: string;
  regionId: string;
  /** the organisation the user works for */
  organizationId: string;
  /** the unit the user works in, when they belong to one (a receiving unit's inbox) */
  unitId?: string | null;
  name: string;
  /** roles per organisation (registry) */
  roles: { organizationId: string; role: StaffRole }[];
  sessionId: string;
}

export interface ClientActor {
  kind: 'client';
  clientId: string;
  regionId: string;
  name: string;
  sessionId: string;
}

export interface Anonymous {
  kind: 'anonymous';
}

export type Actor = StaffActor | ClientActor | Anonymous;

export const ANONYMOUS: Anonymous = { kind: 'anonymous' };

export function hasRole(actor: Actor, role: StaffRole, organizationId?: string): boolean {
  return (
    actor.kind === 'staff' &&
    actor.roles.some(
      (r) => r.role === role && (organizationId === undefined || r.organizationId === organizationId),
    )
  );
}
