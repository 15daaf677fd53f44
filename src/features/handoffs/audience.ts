/**
 * What leaves the server about one handoff, by the reader's side. Managers follow the loop —
 * states, clocks, services, who sent it — and see no family: no name, phone or e-mail, and no
 * free text (the summary, reasons, places, what the family asked), which may say anything about
 * a child (issue 10, finding 6). Every field of HandoffDetail is listed below, so a new field is
 * hidden from managers until someone decides otherwise (the typecheck asks).
 */
/** What one field of a handoff is for a manager. */
export type FieldRule = 'shown' | 'hidden' | 'without reasons';

/** Every field of HandoffDetail (handoffs.ts checks that none is missing where it calls forAudience). */
export const MANAGER_VIEW = {
  id: 'shown',
  state: 'shown',
  contactId: 'shown',
  contactReference: 'shown',
  municipalityCode: 'shown',
  childAges: 'shown',
  topics: 'shown',
  urgency: 'shown',
  targetServiceId: 'shown',
  targetServiceName: 'shown',
  targetOrganizationName: 'shown',
  targetUnitName: 'shown',
  senderName: 'shown',
  createdAt: 'shown',
  respondBy: 'shown',
  overdue: 'shown',
  appointmentAt: 'shown',
  version: 'shown',
  // that the family asked to change or cancel (a code; its text is hidden below)
  familyRequest: 'shown',
  side: 'shown',
  familyAgreement: 'shown',
  declineReason: 'shown',
  // the steps and who took them, without their reasons (free text)
  events: 'without reasons',
  summary: 'hidden',
  appointmentPlace: 'hidden',
  appointmentWith: 'hidden',
  declineText: 'hidden',
  matchReasons: 'hidden',
  family: 'hidden',
  familyRequests: 'hidden',
} as const satisfies Record<string, FieldRule>;

/** The handoff as the reader's side may see it: a manager (oversight) by the rules. */
export function forAudience<T extends { side: string; events: readonly { reason: unknown }[] }>(
  detail: T,
  rules: Record<keyof T, FieldRule>,
): T {
  if (detail.side !== 'oversight') return detail;
  const view: Record<string, unknown> = {};
  for (const [key, rule] of Object.entries(rules) as [keyof T & string, FieldRule][]) {
    const value = detail[key];
    if (rule === 'shown') view[key] = value;
    else if (rule === 'without reasons') view[key] = detail.events.map((e) => ({ ...e, reason: null }));
    else view[key] = Array.isArray(value) ? [] : null;
  }
  return view as T;
}
