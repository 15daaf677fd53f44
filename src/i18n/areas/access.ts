// Texts of the access area in fi (source), sv and en; wired into ../fi.ts, ../sv.ts, ../en.ts.
// sv and en are typed against fi, so a missing translation fails the typecheck.
export const accessFi = {};
export type AccessTexts = typeof accessFi;
export const accessSv: AccessTexts = {};
export const accessEn: AccessTexts = {};

/** Error codes of the area ('access.something') with their messages. */
export const accessErrorsFi = {};
export const accessErrorsSv: typeof accessErrorsFi = {};
export const accessErrorsEn: typeof accessErrorsFi = {};
