/**
 * What an e-mail address is, for every form and import that takes one: a strict form of
 * RFC 5321's mailbox — a dot-atom local part of letters, digits and _ + ' - (no quoted strings,
 * no ? & = or other URI characters, which could turn a mailto link into something else), an @,
 * and a domain name of at least two labels (letters, including åäö, digits and hyphens) whose
 * last label is letters only. At most 64 characters before the @ and 254 in all.
 */
const LOCAL = /^[\p{L}\p{N}_+'-]+(?:\.[\p{L}\p{N}_+'-]+)*$/u;
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const TOP_LEVEL = /^\p{L}{2,63}$/u;

export const EMAIL_MAX_LENGTH = 254;

export function isEmailAddress(value: string): boolean {
  if (value.length > EMAIL_MAX_LENGTH) return false;
  const at = value.indexOf('@');
  if (at < 1 || at !== value.lastIndexOf('@')) return false;
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  return (
    local.length <= 64 &&
    LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    TOP_LEVEL.test(labels.at(-1) ?? '')
  );
}
