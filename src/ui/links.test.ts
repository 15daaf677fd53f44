import { describe, expect, it } from 'vitest';
import { isEmailAddress } from '../platform/email.ts';
import { mailtoHref, telHref } from './links.ts';

describe('e-mail addresses', () => {
  it('takes the addresses people have', () => {
    for (const address of [
      'family@example.fi',
      'matti.meikalainen@kuopio.fi',
      'aino+perheneuvola@example.com',
      "o'brien@example.ie",
      'pekka@sähköposti.fi',
      'x@a-b.example.org',
    ]) {
      expect(isEmailAddress(address), address).toBe(true);
    }
  });

  it('refuses anything that could carry more than an address into a link or a header', () => {
    for (const address of [
      'family@example.fi?cc=attacker@example.com&subject=Hei',
      'family@example.fi?subject=x',
      'family@example.fi&cc=x@y.fi',
      'family@example.fi\r\nBcc: x@y.fi',
      'family@example.fi%0Acc:x@y.fi',
      'family@example.fi,attacker@example.com',
      'family@example.fi attacker@example.com',
      '"quoted"@example.fi',
      'javascript:alert(1)//@example.fi',
      'family@localhost',
      'family@example.f1',
      'family@-example.fi',
      '.family@example.fi',
      'fam..ily@example.fi',
      '@example.fi',
      'family@',
      `${'a'.repeat(65)}@example.fi`,
      `a@${'b'.repeat(250)}.fi`,
    ]) {
      expect(isEmailAddress(address), address).toBe(false);
    }
  });
});

describe('mailto and tel links', () => {
  it('builds a mailto link from a valid address, and none from anything else', () => {
    expect(mailtoHref('family@example.fi')).toBe('mailto:family@example.fi');
    expect(mailtoHref("o'brien+x@sähköposti.fi")).toBe(
      `mailto:${encodeURIComponent("o'brien+x")}@${encodeURIComponent('sähköposti.fi')}`,
    );
    expect(mailtoHref('family@example.fi?cc=attacker@example.com&subject=Hei')).toBeNull();
    expect(mailtoHref(null)).toBeNull();
  });

  it('builds a tel link of a leading + and digits only', () => {
    expect(telHref('080 005 005')).toBe('tel:080005005');
    expect(telHref('+358 (40) 123-4567')).toBe('tel:+358401234567');
    expect(telHref('040 123?body=x;ext=9')).toBe('tel:0401239');
    expect(telHref('ei numeroa')).toBeNull();
  });
});
