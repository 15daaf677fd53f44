import { mailtoHref, telHref } from './links.ts';

/** An e-mail address as a mailto link (encoded), or as text when it is not a valid address. */
export function EmailLink({ address }: { address: string }) {
  const href = mailtoHref(address);
  return href ? <a href={href}>{address}</a> : address;
}

/** A phone number as a tel link of its digits, or as text when it has none. */
export function PhoneLink({ number }: { number: string }) {
  const href = telHref(number);
  return href ? <a href={href}>{number}</a> : number;
}
