/**
 * The consent panel of a counsellor's contact page (one line there renders it; the data comes
 * through a port that app.ts wires): for each organisation the contact's handoffs go to, may
 * the family's information be disclosed there — same registry, consent given, requested,
 * declined, withdrawn, expired or none — and the way to the consent page's forms.
 */
import { format, type Lang, translations } from '../../../i18n/index.ts';
import { UserText } from '../../../ui/UserText.tsx';
import { dayText } from './ConsentParts.tsx';

export interface OrganisationState {
  organizationId: string;
  name: string;
  sameRegistry: boolean;
  state: 'same_registry' | 'given' | 'requested' | 'declined' | 'withdrawn' | 'expired' | 'none';
  validUntil?: string;
}

export const consentPagePath = (lang: Lang, contactId: string) =>
  `/${lang}/staff/contacts/${contactId}/consent`;

/** Each organisation and its state, as a list (it fits the contact page's narrow work column). */
export function OrganisationStates({ lang, rows }: { lang: Lang; rows: OrganisationState[] }) {
  const t = translations(lang).consentPages;
  return rows.length === 0 ? (
    <p data-qa="consent-no-organisations">{t.staff.noOrganisations}</p>
  ) : (
    <ul className="consent-organisations">
      {rows.map((o) => (
        <li key={o.organizationId} data-qa="consent-organisation">
          <strong>
            <UserText>{o.name}</UserText>
          </strong>
          {': '}
          <span data-qa={`consent-state-${o.state}`}>
            {t.orgState[o.state]}
            {o.validUntil && o.state === 'given'
              ? `, ${format(t.common.validUntil, { date: dayText(o.validUntil, lang) })}`
              : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function StaffConsentPanel({
  lang,
  contactId,
  organisations,
}: {
  lang: Lang;
  contactId: string;
  organisations: OrganisationState[];
}) {
  const t = translations(lang).consentPages.staff;
  return (
    <section className="card" aria-labelledby="consent-panel-title" data-qa="consent-panel">
      <h3 id="consent-panel-title">{t.panelTitle}</h3>
      <p>{t.panelIntro}</p>
      <OrganisationStates lang={lang} rows={organisations} />
      <p>
        <a href={consentPagePath(lang, contactId)} data-qa="consent-manage">
          {t.manage}
        </a>
      </p>
    </section>
  );
}
