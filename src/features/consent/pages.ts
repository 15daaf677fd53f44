/**
 * What the consent pages show, made from the consent services' answers (the pages never read the
 * database): each consent and request in plain language, organisation names in the page's
 * language; and the two panels other features' pages render through ports that app.ts wires —
 * the status page's (the family with the link) and the counsellor's contact page's.
 */
import type { Kysely } from 'kysely';
import { createElement, type ReactNode } from 'react';
import { type Lang, translations } from '../../i18n/index.ts';
import type { StatusLinkHolder } from '../../platform/access/door.ts';
import type { ClientActor, StaffActor } from '../../platform/auth/actor.ts';
import type { DB, LocalizedText } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import { pick } from '../../ui/Layout.tsx';
import { statusHolder, statusPath } from '../contacts/index.ts';
import {
  type ConsentPanel,
  consentsForStatusLink,
  contactConsentPanel,
  type DirectiveView,
  inForce,
  type MyPersonConsents,
  myConsents,
  type RequestView,
  requestsForStatusLink,
  type StatutoryView,
  searchConsents,
  searchDisclosureEvents,
  statutoryForReview,
} from './consent.ts';
import { plainSentence } from './model.ts';
import {
  type DirectiveItem,
  type EventBasis,
  type EventItem,
  REFUSED_NOTICES,
  type RequestItem,
  type StatutoryItem,
} from './pages/ConsentParts.tsx';
import type { DpoConsentRow, DpoEventRow, DpoFilters } from './pages/DpoConsentsPage.tsx';
import type { PersonConsents } from './pages/MyConsentsPage.tsx';
import type { PersonItem } from './pages/StaffConsentPage.tsx';
import { StaffConsentPanel } from './pages/StaffConsentPanel.tsx';
import { StatusConsentPanel } from './pages/StatusConsentPanel.tsx';

/** Who answers or withdraws on the family's side. */

/** The DPO's search filters as read from the query (csv.ts reads them). */
export interface ReadFilters {
  values: DpoFilters;
  problems: FieldProblem[];
  /** the filters as a query string (for the export link and the language links) */
  query: string;
  /** the search's days, YYYY-MM-DD, both included */
  from?: string;
  to?: string;
}

export type ConsentActor = ClientActor | StatusLinkHolder;

const name = (text: LocalizedText, lang: Lang) => pick(text, lang).value;

export function directiveItem(
  d: DirectiveView,
  lang: Lang,
  today: string,
  canWithdraw: boolean,
): DirectiveItem {
  return {
    id: d.id,
    sentence: plainSentence(
      {
        decision: d.decision,
        recipientNames: d.recipients.map((r) => name(r.name, lang)),
        recipientGuardians: d.recipientGuardians,
        categories: d.categories,
        subjectName: d.subject.name,
        purposeCode: d.purposeCode,
        purposeText: d.purposeText,
        validUntil: d.validUntil,
      },
      lang,
    ),
    decision: d.decision,
    status: d.status,
    channel: d.channel,
    validUntil: d.validUntil,
    expired: d.validUntil < today,
    needsConfirmation: d.needsConfirmation,
    canConfirm: false,
    canWithdraw:
      canWithdraw && (d.status === 'active' || d.status === 'pending_co_grantors') && d.validUntil >= today,
  };
}

export function requestItem(r: RequestView, lang: Lang): RequestItem {
  return {
    id: r.id,
    sentence: plainSentence(
      {
        decision: 'permit',
        recipientNames: r.recipients.map((o) => name(o.name, lang)),
        categories: r.categories,
        subjectName: r.subjects.map((s) => s.name).join(', '),
        purposeCode: r.purposeCode,
        purposeText: r.purposeText,
        validUntil: r.validUntil,
      },
      lang,
    ),
    state: r.state,
    answerBy: r.answerBy,
    recipients: r.recipients.map((o) => ({ id: o.id, name: name(o.name, lang) })),
    categories: r.categories,
    validUntil: r.validUntil,
  };
}

export function statutoryItem(s: StatutoryView, lang: Lang): StatutoryItem {
  return {
    id: s.id,
    basis: s.basis,
    at: s.disclosedAt,
    recipient: name(s.recipient.name, lang),
    items: s.items,
    justification: s.justification,
    validUntil: s.validUntil,
    deferred: s.noticeDeferredReason !== null,
    reviewed: s.reviewedAt !== null,
  };
}

/**
 * One person's consents on My consents. `selves` are the signed-in client's own persons: a
 * worker-recorded consent they gave themselves is theirs to confirm (confirmConsent).
 */
function personConsents(
  p: MyPersonConsents,
  lang: Lang,
  today: string,
  selves: ReadonlySet<string>,
): PersonConsents {
  return {
    personId: p.person.id,
    name: p.person.name,
    self: p.person.self,
    restrictedByChild: p.restrictedByChild,
    pending: p.pendingRequests.map((r) => requestItem(r, lang)),
    active: p.active.map((d) => ({
      ...directiveItem(d, lang, today, true),
      canConfirm: d.needsConfirmation && selves.has(d.grantor.id) && d.validUntil >= today,
    })),
    past: p.past.map((d) => directiveItem(d, lang, today, false)),
    events: p.disclosures.map(
      (e): EventItem => ({
        at: e.at,
        from: name(e.source, lang),
        to: name(e.recipient, lang),
        items: e.items,
        decision: e.decision,
        basis: e.basis as EventBasis,
      }),
    ),
    statutory: p.statutory.map((s) => statutoryItem(s, lang)),
  };
}

/** "My consents": per person, in the page's language. */
export async function myConsentsView(db: Kysely<DB>, client: ClientActor, lang: Lang, now: Date) {
  const today = helsinkiDate(now);
  const persons = await myConsents(db, client, { now });
  const selves = new Set(persons.filter((p) => p.person.self).map((p) => p.person.id));
  return persons.map((p) => personConsents(p, lang, today, selves));
}

/** One open request the family may answer, or "not found". */
export async function familyRequest(db: Kysely<DB>, actor: ConsentActor, requestId: string, lang: Lang) {
  const now = new Date();
  const open =
    actor.kind === 'status_link'
      ? await requestsForStatusLink(db, actor, { now })
      : (await myConsents(db, actor, { now })).flatMap((p) => p.pendingRequests);
  const request = open.find((r) => r.id === requestId);
  if (!request) throw new AppError('consent.request_not_open', 404);
  return requestItem(request, lang);
}

/** One valid consent the family may withdraw, or "not found". */
export async function familyDirective(db: Kysely<DB>, actor: ConsentActor, directiveId: string, lang: Lang) {
  const now = new Date();
  const today = helsinkiDate(now);
  const active =
    actor.kind === 'status_link'
      ? (await statusLinkConsents(db, actor, now)).filter(inForce)
      : (await myConsents(db, actor, { now })).flatMap((p) => p.active);
  const directive = active.find((d) => d.id === directiveId);
  if (!directive) throw new AppError('consent.not_found', 404);
  return directiveItem(directive, lang, today, true);
}

/** The consents of the status link's contact (in force and ended), through the consent services. */
function statusLinkConsents(db: Kysely<DB>, holder: StatusLinkHolder, now: Date): Promise<DirectiveView[]> {
  return consentsForStatusLink(db, holder, { now });
}

// ---------------------------------------------------------------- the panels other pages render

/** The status page's consent part: open requests and valid consents, with the notice after an answer. */
export function statusConsentPort(db: Kysely<DB>, now: () => Date = () => new Date()) {
  return async (token: string, lang: Lang, csrf: string, notice: string): Promise<ReactNode> => {
    const holder = await statusHolder(db, token);
    if (!holder) return null;
    const at = now();
    const [requests, consents] = await Promise.all([
      requestsForStatusLink(db, holder, { now: at }),
      statusLinkConsents(db, holder, at),
    ]);
    const done = translations(lang).consentPages.done;
    const today = helsinkiDate(at);
    return createElement(StatusConsentPanel, {
      lang,
      base: statusPath(lang, token),
      csrf,
      pending: requests.map((r) => requestItem(r, lang)),
      active: consents.filter(inForce).map((d) => directiveItem(d, lang, today, true)),
      // an earlier version of a consent now narrowed is not shown as ended
      past: consents
        .filter((d) => !inForce(d) && d.status !== 'superseded')
        .map((d) => directiveItem(d, lang, today, false)),
      flash: Object.hasOwn(done, notice)
        ? { text: done[notice as keyof typeof done], refused: REFUSED_NOTICES.includes(notice) }
        : undefined,
    });
  };
}

/** The contact page's consent panel: where each organisation of the handoffs stands. */
export function staffConsentPort(db: Kysely<DB>, now: () => Date = () => new Date()) {
  return async (actor: StaffActor, contactId: string, lang: Lang): Promise<ReactNode> => {
    const panel = await contactConsentPanel(db, actor, contactId, { now: now() });
    return createElement(StaffConsentPanel, {
      lang,
      contactId,
      organisations: panel.organisations.map((o) => ({ ...o, name: name(o.name, lang) })),
    });
  };
}

/** The counsellor's consent page: the panel's records in the page's language. */
export async function staffConsentView(
  db: Kysely<DB>,
  actor: StaffActor,
  contactId: string,
  lang: Lang,
  now = new Date(),
) {
  const panel: ConsentPanel = await contactConsentPanel(db, actor, contactId, { now });
  const today = helsinkiDate(now);
  return {
    reference: panel.reference,
    persons: panel.persons.map(
      (p): PersonItem => ({ id: p.id, name: p.name, role: p.role, birthDate: p.birthDate }),
    ),
    organisations: panel.organisations.map((o) => ({ ...o, name: name(o.name, lang) })),
    requests: panel.requests.map((r) => requestItem(r, lang)),
    // "withdraw" on the counsellor's page is the family's withdrawal told by phone (recorded)
    directives: panel.directives.map((d) => directiveItem(d, lang, today, inForce(d))),
    statutory: panel.statutory.map((s) => statutoryItem(s, lang)),
  };
}

// ---------------------------------------------------------------- the DPO

/** The search's period as instants: the whole "to" day included; by default the last 30 days. */
function period(filters: ReadFilters, now: Date): { from: Date; to: Date } {
  const dayStart = (day: string) => new Date(`${day}T00:00:00+02:00`);
  const to = filters.to
    ? new Date(dayStart(filters.to).getTime() + 86_400_000)
    : new Date(now.getTime() + 60_000);
  const from = filters.from ? dayStart(filters.from) : new Date(to.getTime() - 30 * 86_400_000);
  return { from, to };
}

export async function dpoView(
  db: Kysely<DB>,
  dpo: StaffActor,
  filters: ReadFilters,
  lang: Lang,
  options: { export?: boolean } = {},
): Promise<{ consents: DpoConsentRow[] | null; events: DpoEventRow[] | null; statutory: StatutoryItem[] }> {
  // the page lists the statutory disclosures waiting for review under its search; the export does not
  const statutory = options.export
    ? []
    : (await statutoryForReview(db, dpo)).map((s) => ({ ...statutoryItem(s, lang), reference: s.reference }));
  if (filters.problems.length > 0) return { consents: null, events: null, statutory };
  const orgName = (n: LocalizedText | null) => (n ? name(n, lang) : '');
  const { from, to } = period(filters, new Date());
  if (filters.values.kind === 'events') {
    const rows = await searchDisclosureEvents(db, dpo, {
      from,
      to,
      decision: filters.values.decision || undefined,
      basis: filters.values.basis || undefined,
    });
    return {
      consents: null,
      events: rows.map((r) => ({
        id: String(r.id),
        at: r.at,
        actor: r.actor_kind,
        role: r.role ?? '',
        from: orgName(r.source_name),
        to: orgName(r.recipient_name),
        items: r.items,
        decision: r.decision,
        basis: r.basis as EventBasis,
        reference: r.reference ?? '',
      })),
      statutory,
    };
  }
  const rows = await searchConsents(db, dpo, { from, to, status: filters.values.status || undefined });
  return {
    consents: rows.map((r) => ({
      id: r.id,
      recordedAt: r.recorded_at,
      subject: r.reference ?? '',
      grantorKind: r.grantor_kind,
      decision: r.decision,
      status: r.status,
      recipients: (r.recipient_names ?? []).map((n) => orgName(n)).join(', '),
      categories: r.categories,
      channel: r.channel,
      validUntil: r.valid_until,
    })),
    events: null,
    statutory,
  };
}
