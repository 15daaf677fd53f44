/**
 * The consent part of the family's status page (rendered there through a port that app.ts
 * wires, so the contact point does not import consent): the open consent requests with accept,
 * decline and narrow, the family's valid consents with "withdraw", and the ended ones. Nothing
 * is shown when there is none of these.
 */
import { type Lang, translations } from '../../../i18n/index.ts';
import { DirectiveCard, type DirectiveItem, Flash, RequestCard, type RequestItem } from './ConsentParts.tsx';

export function StatusConsentPanel({
  lang,
  base,
  csrf,
  pending,
  active,
  past = [],
  flash,
}: {
  lang: Lang;
  /** the status page's address; the consent forms are under it (…/consent/…) */
  base: string;
  csrf: string;
  pending: RequestItem[];
  active: DirectiveItem[];
  /** the consents that ended (withdrawn, expired): shown without "withdraw" */
  past?: DirectiveItem[];
  flash?: { text: string; refused: boolean };
}) {
  if (pending.length === 0 && active.length === 0 && past.length === 0 && !flash) return null;
  const t = translations(lang).consentPages;
  return (
    <section aria-labelledby="consent-title" id="consent" data-qa="status-consent">
      <h2 id="consent-title" tabIndex={-1}>
        {t.status.title}
      </h2>
      <Flash text={flash?.text} refused={flash?.refused} />
      {pending.length > 0 ? (
        <>
          <p>{t.status.intro}</p>
          <h3>{t.status.pending}</h3>
          <ul className="results consent-list">
            {pending.map((r) => (
              <RequestCard
                key={r.id}
                lang={lang}
                item={r}
                csrf={csrf}
                answerAction={`${base}/consent/${r.id}/answer`}
                narrowHref={`${base}/consent/${r.id}/narrow`}
              />
            ))}
          </ul>
        </>
      ) : null}
      {active.length > 0 ? (
        <>
          <h3>{t.status.active}</h3>
          <ul className="results consent-list">
            {active.map((d) => (
              <DirectiveCard
                key={d.id}
                lang={lang}
                item={d}
                withdrawHref={`${base}/consent/${d.id}/withdraw`}
              />
            ))}
          </ul>
        </>
      ) : null}
      {past.length > 0 ? (
        <>
          <h3>{t.my.past}</h3>
          <ul className="results consent-list" data-qa="status-consent-past">
            {past.map((d) => (
              <DirectiveCard key={d.id} lang={lang} item={d} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
