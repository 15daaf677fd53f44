// The texts of the duty alert and of an emergency's receipt (issue 10, finding 1).
import { describe, expect, it } from 'vitest';
import { renderContactTemplate } from './notifications.ts';

const ALERT = {
  reference: 'PV-2026-000123',
  urgency: 'emergency',
  contactUrl: 'https://perheverkko.example.fi/fi/staff/contacts/0b0c6a52-8f7e-4d1a-9a55-3f0d2c1e9b77',
};

describe('the duty alert', () => {
  it('says emergency, the reference and the link, in each language, and fits one text message', () => {
    const expected = { fi: 'HÄTÄTILANNE', sv: 'NÖDSITUATION', en: 'EMERGENCY' } as const;
    for (const lang of ['fi', 'sv', 'en'] as const) {
      const { subject, text } = renderContactTemplate('duty_alert', lang, ALERT);
      expect(subject).toBe(
        `${expected[lang]}: ${lang === 'fi' ? 'yhteydenotto' : lang === 'sv' ? 'kontakt' : 'contact'} PV-2026-000123`,
      );
      expect(text.startsWith(expected[lang])).toBe(true);
      expect(text).toContain(ALERT.contactUrl);
      expect(text.length).toBeLessThanOrEqual(160);
    }
  });

  it('an urgent contact a region alerts of is called urgent', () => {
    expect(renderContactTemplate('duty_alert', 'fi', { ...ALERT, urgency: 'urgent' }).subject).toBe(
      'KIIREELLINEN: yhteydenotto PV-2026-000123',
    );
  });
});

describe("an emergency's receipt to the family", () => {
  const params = {
    reference: 'PV-2026-000123',
    respondBy: '2026-12-07',
    statusUrl: 'https://x.example/fi/tilanne/t',
  };

  it('says first that the service cannot answer at once and to call 112', () => {
    const { text } = renderContactTemplate('contact_received', 'fi', { ...params, urgency: 'emergency' });
    expect(text).toContain('Tämä palvelu ei voi vastata heti. Jos joku on vaarassa juuri nyt, soita 112.');
    expect(text.indexOf('vastata heti')).toBeLessThan(text.indexOf('7.12.2026'));
    expect(
      renderContactTemplate('contact_received', 'sv', { ...params, urgency: 'emergency' }).text,
    ).toContain('ring 112');
  });

  it('a normal or urgent receipt does not', () => {
    for (const urgency of ['normal', 'urgent'])
      expect(renderContactTemplate('contact_received', 'fi', { ...params, urgency }).text).not.toContain(
        'ei voi vastata heti',
      );
  });
});
