/**
 * The family's side of a warm handoff, reached with their status link only (the token): where
 * their handoffs stand with the first appointment and how to reach the receiving unit, the
 * appointment as a calendar file (.ics), and their request to move or cancel the time, which
 * goes to the receiving unit and the sender through the handoff. Every read and write through
 * the door (withAccess: policy.ts and the access log), as the status page; the SQL in queries.ts.
 */
import ical from 'ical-generator';
import type { Transaction } from 'kysely';
import { type Lang, translations } from '../../i18n/index.ts';
import { type StatusLinkHolder, withAccess } from '../../platform/access/index.ts';
import type { DB, HandoffState, LocalizedText } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { publish } from '../../platform/events.ts';
import { enqueue } from '../../platform/outbox.ts';
import { type ContactsDeps, statusHolder } from '../contacts/index.ts';
import { HANDOFF_EVENTS } from './handoffs.ts';
import {
  existingFamilyRequest,
  familyViewRows,
  handoffIdsOf,
  handoffVersion,
  insertFamilyRequest,
  lockForFamilyRequest,
} from './queries.ts';

/** A first appointment is booked for this long in the calendar file (the unit does not say). */
export const APPOINTMENT_MINUTES = 60;

export type FamilyRequestKind = 'change' | 'cancel';

/** How the family reaches the receiving unit: the service's phones, an e-mail, the address. */
export interface UnitContact {
  phones: { number: string; description: LocalizedText | null }[];
  email: string | null;
  address: { street: string; postalCode: string; city: LocalizedText } | null;
}

export interface FamilyHandoff {
  id: string;
  state: HandoffState;
  serviceName: LocalizedText;
  organizationName: LocalizedText;
  /** the unit, or null when the handoff is to the service (organisation) as a whole */
  unitName: LocalizedText | null;
  appointmentAt: Date | null;
  appointmentPlace: string | null;
  appointmentWith: string | null;
  updatedAt: Date;
  contact: UnitContact;
  /** what the family has asked about the appointment, oldest first */
  requests: { kind: FamilyRequestKind; text: string; at: Date }[];
}

const nowOf = (deps: ContactsDeps) => (deps.now ? deps.now() : new Date());

async function holderOf(deps: ContactsDeps, token: string): Promise<StatusLinkHolder> {
  const holder = await statusHolder(deps.db, token);
  if (!holder) throw new AppError('contact.status_not_found', 404);
  return holder;
}

/** One handoff as the family sees it (inside the door's transaction). */
async function familyView(trx: Transaction<DB>, id: string): Promise<FamilyHandoff> {
  const { h, phones, locations, requests } = await familyViewRows(trx, id);
  // the unit's own place: the service's location in the unit's municipality
  const location = locations.find((l) => l.municipality_code === h.unit_municipality) ?? locations[0];
  return {
    id: h.id,
    state: h.state,
    serviceName: h.service_name,
    organizationName: h.organization_name,
    unitName: h.unit_name ?? null,
    appointmentAt: h.appointment_at ? new Date(h.appointment_at) : null,
    appointmentPlace: h.appointment_place,
    appointmentWith: h.appointment_with ?? null,
    updatedAt: new Date(h.updated_at),
    contact: {
      phones: phones.map((p) => ({ number: p.number, description: p.description ?? null })),
      email: h.unit_email ?? h.service_email ?? h.organization_email ?? null,
      address: location
        ? { street: location.street, postalCode: location.postal_code, city: location.city }
        : null,
    },
    requests: requests.map((r) => ({ kind: r.kind, text: r.text, at: new Date(r.created_at) })),
  };
}

/** Where the family's handoffs stand, for their status page (the status-link holder). */
export async function familyHandoffs(deps: ContactsDeps, token: string): Promise<FamilyHandoff[]> {
  const holder = await holderOf(deps, token);
  const result: FamilyHandoff[] = [];
  for (const id of await handoffIdsOf(deps.db, holder.contactId)) {
    result.push(
      await withAccess(
        deps.db,
        holder,
        'read',
        { type: 'handoff_status', id },
        (trx) => familyView(trx, id),
        {
          now: nowOf(deps),
        },
      ),
    );
  }
  return result;
}

/** The handoffs whose first appointment is ahead of the family (set, not yet held). */
const withAppointment = (h: FamilyHandoff): h is FamilyHandoff & { appointmentAt: Date } =>
  h.state === 'appointment_set' && h.appointmentAt !== null;

/**
 * The family's appointments as an iCalendar file, in the page's language. Times are written in
 * UTC (…Z), so every calendar shows 9.00 in Helsinki as 9.00, summer or winter (a plain Date
 * with a `timezone` would be a floating time, 2–3 hours off). Null when there is none.
 * Only what the status page shows goes in: the service, the unit, the place, whom, the phone.
 */
export async function familyCalendar(deps: ContactsDeps, token: string, lang: Lang): Promise<string | null> {
  const holder = await holderOf(deps, token);
  const appointments: (FamilyHandoff & { appointmentAt: Date; version: number })[] = [];
  for (const id of await handoffIdsOf(deps.db, holder.contactId)) {
    const h = await withAccess(
      deps.db,
      holder,
      'read',
      { type: 'handoff_calendar', id },
      async (trx) => ({ ...(await familyView(trx, id)), version: await handoffVersion(trx, id) }),
      { now: nowOf(deps) },
    );
    if (withAppointment(h)) appointments.push(h);
  }
  if (appointments.length === 0) return null;
  const t = translations(lang);
  const ta = t.familyAppointment;
  const pickText = (text: LocalizedText | null | undefined) => (text ? text[lang] || text.fi : '');
  const calendar = ical({
    prodId: { company: 'Perheverkko', product: 'Perheverkko', language: lang.toUpperCase() },
    name: t.site.name,
  });
  for (const h of appointments) {
    const unit = pickText(h.unitName ?? h.serviceName);
    const phone = h.contact.phones[0]?.number;
    const address = h.contact.address
      ? `${h.contact.address.street}, ${h.contact.address.postalCode} ${pickText(h.contact.address.city)}`
      : null;
    calendar.createEvent({
      id: `handoff-${h.id}@perheverkko`,
      // a moved appointment replaces the one imported before
      sequence: h.version,
      stamp: h.updatedAt,
      start: h.appointmentAt,
      end: new Date(h.appointmentAt.getTime() + APPOINTMENT_MINUTES * 60_000),
      summary: `${pickText(h.serviceName)}${unit && unit !== pickText(h.serviceName) ? ` (${unit})` : ''}`,
      location: h.appointmentPlace ?? address,
      description: [
        h.appointmentWith ? `${ta.withLabel}: ${h.appointmentWith}` : null,
        `${ta.serviceLabel}: ${pickText(h.serviceName)}, ${pickText(h.organizationName)}`,
        phone ? `${ta.phone}: ${phone}` : null,
        h.contact.email ? `${ta.email}: ${h.contact.email}` : null,
      ]
        .filter(Boolean)
        .join('\n'),
    });
  }
  return calendar.toString();
}

export interface FamilyRequestInput {
  /** made by the form: a retried post creates nothing twice */
  requestId: string;
  handoffId: string;
  kind: FamilyRequestKind;
  text: string;
}

/**
 * The family asks, from their status page, to move or cancel their first appointment. Kept on
 * the handoff (the receiving unit and the sender see it on the handoff page and in their lists
 * until the handoff next changes) and announced to both by e-mail, without what was written.
 */
export async function requestAppointmentChange(
  deps: ContactsDeps,
  token: string,
  input: FamilyRequestInput,
): Promise<{ created: boolean }> {
  const holder = await holderOf(deps, token);
  const now = nowOf(deps);
  return withAccess(
    deps.db,
    holder,
    'create',
    { type: 'handoff_request', id: input.requestId, parentId: input.handoffId },
    async (trx) => {
      const h = await lockForFamilyRequest(trx, input.handoffId);
      const existing = await existingFamilyRequest(trx, input.requestId);
      if (existing) {
        if (existing.handoff_id !== input.handoffId) throw new AppError('handoff.not_found', 404);
        return { created: false };
      }
      if (h.state !== 'appointment_set' || !h.appointment_at)
        throw new AppError('handoff.request_not_open', 409, { state: h.state });
      await insertFamilyRequest(trx, {
        id: input.requestId,
        handoff_id: input.handoffId,
        kind: input.kind,
        text: input.text,
        appointment_at: h.appointment_at,
        created_at: now,
      });
      const url = `${deps.publicUrl}/fi/staff/handoffs/${input.handoffId}`;
      const recipients = new Set(
        [h.unit_email ?? h.organization_email, h.sender_email].filter((x): x is string => Boolean(x)),
      );
      for (const recipient of recipients)
        await enqueue(trx, {
          channel: 'email',
          recipient,
          template: 'handoff_family_request',
          language: 'fi',
          params: { kind: input.kind, url },
        });
      await publish(trx, HANDOFF_EVENTS, {
        type: 'family_request',
        handoffId: input.handoffId,
        regionId: h.region_id,
      });
      return { created: true };
    },
    { now },
  );
}
