/**
 * "My consents" (/:lang/my/consents): a signed-in client's consents about themselves and the
 * children in their custody, per person, in plain language — pending requests to accept,
 * decline or narrow, the valid consents with "withdraw" (and "confirm" for one a worker recorded
 * for the client: the notice at the top counts them), the ended ones, the disclosure log,
 * the statutory disclosures (unless notice is deferred) and, for a child who restricted their
 * information from the guardians, only that they did (CONSENT.md, "What the client sees").
 */
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { ClientActor } from '../../../platform/auth/actor.ts';
import { Layout } from '../../../ui/Layout.tsx';
import { UserText } from '../../../ui/UserText.tsx';
import {
  DirectiveCard,
  type DirectiveItem,
  type EventItem,
  EventTable,
  Flash,
  RequestCard,
  type RequestItem,
  type StatutoryItem,
  StatutoryList,
} from './ConsentParts.tsx';

export interface PersonConsents {
  personId: string;
  name: string;
  self: boolean;
  /** a capable child restricted something from the guardians: shown without content */
  restrictedByChild: boolean;
  pending: RequestItem[];
  active: DirectiveItem[];
  past: DirectiveItem[];
  events: EventItem[];
  statutory: StatutoryItem[];
}

export const MY_CONSENTS_PATH = '/my/consents';

/** How many consents a worker recorded for the client wait for the client's own confirmation. */
export function waitingConfirmation(persons: readonly PersonConsents[]): number {
  return persons.reduce((n, p) => n + p.active.filter((d) => d.canConfirm).length, 0);
}

/** "1 consent is waiting…" / "3 consents are waiting…" in the page's language. */
export function waitingText(lang: Lang, count: number): string {
  const t = translations(lang).consentPages.confirm;
  return count === 1 ? t.waitingOne : format(t.waitingMany, { count });
}

export function MyConsentsPage({
  lang,
  actor,
  csrfToken,
  persons,
  flash,
}: {
  lang: Lang;
  actor: ClientActor;
  csrfToken: string;
  persons: PersonConsents[];
  flash?: { text: string; refused: boolean };
}) {
  const t = translations(lang).consentPages;
  const base = `/${lang}${MY_CONSENTS_PATH}`;
  const waiting = waitingConfirmation(persons);
  return (
    <Layout lang={lang} title={t.my.title} path={MY_CONSENTS_PATH} actor={actor} csrfToken={csrfToken}>
      <h1>{t.my.title}</h1>
      <Flash text={flash?.text} refused={flash?.refused} />
      {waiting > 0 ? (
        <p className="notice" data-qa="consent-waiting">
          {waitingText(lang, waiting)}
        </p>
      ) : null}
      <p className="lead">{t.my.intro}</p>
      {persons.length === 0 ? <p data-qa="my-consents-none">{t.my.noPersons}</p> : null}
      {persons.map((p) => {
        const heading = `consent-person-${p.personId}`;
        const empty = p.pending.length + p.active.length + p.past.length === 0;
        return (
          <section key={p.personId} aria-labelledby={heading} data-qa="consent-person">
            <h2 id={heading}>{p.self ? t.my.self : <UserText>{p.name}</UserText>}</h2>
            {p.restrictedByChild ? (
              <p className="notice" data-qa="consent-restricted">
                {t.my.restricted}. {t.common.restrictedByChild}
              </p>
            ) : null}
            {empty ? <p>{t.my.nothing}</p> : null}
            {p.pending.length > 0 ? (
              <>
                <h3>{t.my.pending}</h3>
                <ul className="results consent-list">
                  {p.pending.map((r) => (
                    <RequestCard
                      key={r.id}
                      lang={lang}
                      item={r}
                      csrf={csrfToken}
                      answerAction={`${base}/requests/${r.id}/answer`}
                      narrowHref={`${base}/requests/${r.id}/narrow`}
                    />
                  ))}
                </ul>
              </>
            ) : null}
            {p.active.length > 0 ? (
              <>
                <h3>{t.my.active}</h3>
                <ul className="results consent-list">
                  {p.active.map((d) => (
                    <DirectiveCard
                      key={d.id}
                      lang={lang}
                      item={d}
                      withdrawHref={`${base}/${d.id}/withdraw`}
                      confirm={{ action: `${base}/${d.id}/confirm`, csrf: csrfToken }}
                    />
                  ))}
                </ul>
              </>
            ) : null}
            {p.past.length > 0 ? (
              <>
                <h3>{t.my.past}</h3>
                <ul className="results consent-list">
                  {p.past.map((d) => (
                    <DirectiveCard key={d.id} lang={lang} item={d} />
                  ))}
                </ul>
              </>
            ) : null}
            {p.events.length > 0 ? (
              <>
                <h3>{t.my.events}</h3>
                <p>{t.my.eventsIntro}</p>
                <EventTable lang={lang} rows={p.events} />
              </>
            ) : null}
            {p.statutory.length > 0 ? (
              <>
                <h3>{t.my.statutory}</h3>
                <p>{t.my.statutoryIntro}</p>
                <StatutoryList lang={lang} rows={p.statutory} />
              </>
            ) : null}
          </section>
        );
      })}
      <p>
        <a href={`/${lang}/my`}>{format(t.common.back, {})}</a>
      </p>
    </Layout>
  );
}
