// Issue 10, finding 23: Swedish pages called the contact point's counsellor (perheneuvoja)
// "familjerådgivare", the word for the staff of familjerådgivningen (perheneuvola), a different
// service the counsellor guides families to. Swedish names the counsellor "rådgivare" (at the
// family centre's advice, familjecentrets rådgivning) everywhere: every sv text and e-mail, the
// staff pages too (they said "handledare").
// "familjerådgivning" stays where it means perheneuvola, and so does "familjerådgivare" as a
// job title in the network's examples of professionals (a perheneuvola's staff).
import { describe, expect, it } from 'vitest';
import { CONTACT_TEMPLATES, renderContactTemplate } from '../src/features/contacts/notifications.ts';
import { HANDOFF_TEMPLATES, renderHandoffTemplate } from '../src/features/handoffs/notifications.ts';
import { translations } from '../src/i18n/index.ts';

/** Every text of a translation tree with its path. */
function texts(value: unknown, path = ''): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (typeof value === 'function') return [];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => texts(v, path ? `${path}.${k}` : k));
  return [];
}

/** Where the word is the job title of a perheneuvola's worker, not the counsellor. */
const JOB_TITLE_EXAMPLES = /^network\.[\w.]*titleHint$/;

describe('the counsellor in Swedish', () => {
  it('no Swedish text calls the counsellor "familjerådgivare"', () => {
    const clashes = texts(translations('sv'))
      .filter((x) => /familjerådgivar/i.test(x.text) && !JOB_TITLE_EXAMPLES.test(x.path))
      .map((x) => `${x.path}: ${x.text}`);
    expect(clashes).toEqual([]);
  });

  it('the staff pages use the same word as the family’s pages ("rådgivare", not "handledare")', () => {
    const other = texts(translations('sv'))
      .filter((x) => /handledar/i.test(x.text))
      .map((x) => `${x.path}: ${x.text}`);
    expect(other).toEqual([]);
  });

  it('neither does any Swedish e-mail or text message', () => {
    const params = {
      reference: 'PV-2026-000001',
      respondBy: '2026-12-09',
      statusUrl: 'https://perheverkko.example.fi/sv/status/x',
      url: 'https://perheverkko.example.fi/sv/staff/handoffs/x',
      serviceName: 'Kuopion perheneuvola',
      urgency: 'normal',
      kind: 'change',
    };
    for (const template of CONTACT_TEMPLATES) {
      const { subject, text } = renderContactTemplate(template, 'sv', params);
      expect(`${subject}\n${text}`, template).not.toMatch(/familjerådgivar/i);
    }
    // the handoffs' own templates (features/handoffs/notifications.ts)
    for (const template of HANDOFF_TEMPLATES) {
      const { subject, text } = renderHandoffTemplate(template, 'sv', params);
      expect(`${subject}\n${text}`, template).not.toMatch(/familjerådgivar/i);
    }
  });

  it('the counsellor is "rådgivare" on the Swedish pages of asking for advice', () => {
    const cp = texts(translations('sv').contactPublic)
      .map((x) => x.text)
      .join('\n');
    expect(cp).toMatch(/\brådgivare\b/);
    expect(cp).toMatch(/\brådgivaren\b/);
  });
});
