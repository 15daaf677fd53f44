/**
 * The one way pages build mailto: and tel: links. Each part is encoded, so no address or
 * number from a form, an import or the database can add headers (?cc=, &subject=) or another
 * scheme to the link; what is not a valid address gets no link at all (the page shows it as
 * text).
 */
import { isEmailAddress } from '../platform/email.ts';

/** "family@example.fi" → "mailto:family@example.fi"; null for anything that is not an address. */
export function mailtoHref(address: string | null | undefined): string | null {
  const value = address?.trim() ?? '';
  if (!isEmailAddress(value)) return null;
  const at = value.indexOf('@');
  return `mailto:${encodeURIComponent(value.slice(0, at))}@${encodeURIComponent(value.slice(at + 1))}`;
}

/** "080 005 005" → "tel:080005005": a leading + and digits only; null when there are no digits. */
export function telHref(number: string | null | undefined): string | null {
  const value = number?.trim() ?? '';
  const digits = value.replace(/\D/g, '');
  if (digits.length === 0) return null;
  return `tel:${value.startsWith('+') ? '+' : ''}${digits}`;
}
