/** A contact's states and the allowed changes between them: the one table every use case checks. */
import type { ContactState } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';

/** The allowed changes of a contact's state: the one table every use case checks. */
export const TRANSITIONS = {
  claim: { from: ['new'], to: 'assigned' },
  assign: { from: ['new', 'assigned', 'in_progress'], to: null },
  start: { from: ['assigned'], to: 'in_progress' },
  record: { from: ['assigned', 'in_progress'], to: null },
  close: { from: ['assigned', 'in_progress'], to: 'closed' },
  reopen: { from: ['closed'], to: 'in_progress' },
} as const satisfies Record<string, { from: readonly ContactState[]; to: ContactState | null }>;

export type Transition = keyof typeof TRANSITIONS;

export function canTransition(state: ContactState, transition: Transition): boolean {
  return (TRANSITIONS[transition].from as readonly ContactState[]).includes(state);
}

/** Refuses a change the table does not allow: closed, already claimed, or otherwise not now (409). */
export function requireTransition(state: ContactState, transition: Transition): void {
  if (canTransition(state, transition)) return;
  if (state === 'closed') throw new AppError('contact.closed', 409, { state });
  if (transition === 'claim') throw new AppError('contact.already_claimed', 409, { state });
  throw new AppError('contact.transition_not_allowed', 409, { state });
}

/** Refuses a change made on a page older than the contact (optimistic concurrency, 409). */
export function checkVersion(current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) throw new AppError('contact.stale', 409);
}

/** The channel live queue updates are published on (payloads: ids and kinds only). */
export const CONTACT_EVENTS = 'contact_events';
