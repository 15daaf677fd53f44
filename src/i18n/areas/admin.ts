// Texts of the admin area in fi (source), sv and en; wired into ../fi.ts, ../sv.ts, ../en.ts.
// sv and en are typed against fi, so a missing translation fails the typecheck.
export const adminFi = {};
export type AdminTexts = typeof adminFi;
export const adminSv: AdminTexts = {};
export const adminEn: AdminTexts = {};

/** Error codes of the area ('admin.something') with their messages. */
export const adminErrorsFi = {};
export const adminErrorsSv: typeof adminErrorsFi = {};
export const adminErrorsEn: typeof adminErrorsFi = {};
