// What other features may use of the contact point (features import each other only here).
// The handoff pages (features/handoffs/pages.ts): one contact as its counsellor reads it (the
// situation for the suggestions), and the counsellors' page parts (fields, dates, notices).
// The client's own page (features/identity): the contacts they sent while signed in.

export { appointmentWhen } from './appointment-text.ts';
export { clientContacts, MY_CONTACTS_LIMIT, type MyContact } from './client-contacts.ts';
export {
  type ContactDetail,
  type ContactsDeps,
  closeContactByHandoff,
  contactForHandoff,
  notifyFamilyOfAppointment,
  notifyFamilyOfNews,
  readContact,
  recordHandoffEntry,
  statusHolder,
  statusPath,
} from './contacts.ts';
export {
  agesText,
  Choices,
  ConflictNotice,
  dateTime,
  day,
  ErrorSummary,
  type FormCtx,
  type FormValues,
  Hidden,
  label,
  many,
  OverdueBadge,
  one,
  SelectField,
  TextArea,
  TextField,
  UrgencyBadge,
} from './pages/StaffParts.tsx';
export { type QueueCounts, queueCounts } from './waiting.ts';
