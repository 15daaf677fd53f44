// Texts of the auth area in fi (source), sv and en; wired into ../fi.ts, ../sv.ts, ../en.ts.
// sv and en are typed against fi, so a missing translation fails the typecheck.
export const authFi = {};
export type AuthTexts = typeof authFi;
export const authSv: AuthTexts = {};
export const authEn: AuthTexts = {};

/** Error codes of the area ('auth.something') with their messages. */
export const authErrorsFi = {
  'auth.unknown_demo_user': 'Demokäyttäjää {username} ei ole.',
};
export const authErrorsSv: typeof authErrorsFi = {
  'auth.unknown_demo_user': 'Demoanvändaren {username} finns inte.',
};
export const authErrorsEn: typeof authErrorsFi = {
  'auth.unknown_demo_user': 'There is no demo user {username}.',
};
