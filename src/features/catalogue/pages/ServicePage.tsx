import { Fragment } from 'react';
import { format, formatDate, type Lang, translations } from '../../../i18n/index.ts';
import { EmailLink, PhoneLink } from '../../../ui/ContactLinks.tsx';
import type { PageAccount } from '../../../ui/Layout.tsx';
import { ASK_PATHS, Layout, Paragraphs, pick, Text } from '../../../ui/Layout.tsx';
import type { CatalogueOptions, ServiceDetail } from '../catalogue.ts';
import { ageText, daysText, municipalityName, timeText } from './format.ts';

export function ServicePage({
  lang,
  detail,
  options,
  account,
}: {
  lang: Lang;
  detail: ServiceDetail;
  options: CatalogueOptions;
  account?: PageAccount;
}) {
  const t = translations(lang);
  const ts = t.service;
  const { service, organization, locations, terms } = detail;
  const name = pick(service.name, lang);
  const munName = new Map(options.municipalities.map((m) => [m.code, municipalityName(lang, m.name)]));
  const onlyFinnish = pick(service.description, lang).lang !== lang;
  const topics = terms.filter((x) => x.taxonomyCode === 'topic');
  const types = terms.filter((x) => x.taxonomyCode === 'service_type');
  return (
    <Layout lang={lang} title={name.value} path={`/services/${service.id}`} {...account}>
      <p>
        <a href={`/${lang}/services`}>← {ts.backToList}</a>
      </p>
      <h1 lang={name.lang === lang ? undefined : name.lang}>{name.value}</h1>
      <p className="meta">
        {ts.organization}:{' '}
        <a href={`/${lang}/organizations/${organization.id}`} data-qa="organization-link">
          <Text text={organization.name} lang={lang} />
        </a>
      </p>
      {onlyFinnish ? <p className="notice">{ts.onlyInFinnish}</p> : null}
      <p className="lead">
        <Text text={service.summary} lang={lang} />
      </p>
      <Paragraphs text={service.description} lang={lang} />

      <h2>{ts.forWhom}</h2>
      <dl className="facts">
        <dt>{ts.ages}</dt>
        <dd>{ageText(lang, service.minAge, service.maxAge)}</dd>
        <dt>{ts.area}</dt>
        <dd>
          {service.areaMunicipalities === null
            ? t.catalogue.regionWide
            : format(ts.areaMunicipalities, {
                list: service.areaMunicipalities.map((c) => munName.get(c) ?? c).join(', '),
              })}
        </dd>
        {service.eligibility ? (
          <>
            <dt>{ts.eligibility}</dt>
            <dd>
              <Text text={service.eligibility} lang={lang} />
            </dd>
          </>
        ) : null}
        <dt>{ts.languages}</dt>
        <dd>{service.languages.map((l) => t.lang[l as keyof typeof t.lang] ?? l).join(', ')}</dd>
        {types.length ? (
          <>
            <dt>{ts.types}</dt>
            <dd>{types.map((x) => x.name[lang] ?? x.name.fi).join(', ')}</dd>
          </>
        ) : null}
      </dl>

      <h2>{ts.howTo}</h2>
      {/* the heading names the application process: its text follows it, not a label saying the same */}
      {service.applicationProcess ? (
        <p data-qa="service-how-to">
          <Text text={service.applicationProcess} lang={lang} />
        </p>
      ) : null}
      <dl className="facts">
        <dt>{ts.channels}</dt>
        <dd>{service.channels.map((c) => t.channel[c as keyof typeof t.channel] ?? c).join(', ')}</dd>
        {service.fees ? (
          <>
            <dt>{ts.fees}</dt>
            <dd>
              <Text text={service.fees} lang={lang} />
            </dd>
          </>
        ) : null}
      </dl>

      <h2>{ts.contact}</h2>
      <dl className="facts" data-qa="service-contact">
        {service.phones.map((p) => (
          <Fragment key={p.id}>
            <dt>{p.description ? <Text text={p.description} lang={lang} /> : ts.phone}</dt>
            <dd>
              <PhoneLink number={p.number} />
            </dd>
          </Fragment>
        ))}
        {service.email ? (
          <>
            <dt>{ts.email}</dt>
            <dd>
              <EmailLink address={service.email} />
            </dd>
          </>
        ) : null}
        {service.url ? (
          <>
            <dt>{ts.website}</dt>
            <dd>
              <a href={service.url}>{service.url}</a>
            </dd>
          </>
        ) : null}
      </dl>

      <section className="notice cta" aria-labelledby="ask-cta" data-qa="ask-cta">
        <h2 id="ask-cta">{t.contactPublic.cta.serviceTitle}</h2>
        <p>{t.contactPublic.cta.serviceText}</p>
        <p className="cta-actions">
          <a className="button" href={ASK_PATHS[lang]} data-qa="ask-link">
            {t.contactPublic.cta.button}
          </a>
        </p>
      </section>

      {service.schedules.length ? (
        <>
          <h2 id="hours">{ts.hours}</h2>
          {/* named by its heading, not by a hidden caption that repeats it */}
          <table data-qa="service-hours" aria-labelledby="hours">
            <tbody>
              {service.schedules.map((x) => (
                <tr key={x.id}>
                  <th scope="row">{daysText(lang, x.byday)}</th>
                  <td>
                    {timeText(lang, x.opensAt)}–{timeText(lang, x.closesAt)}
                    {x.description ? (
                      <>
                        {' '}
                        (<Text text={x.description} lang={lang} />)
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}

      {locations.length ? (
        <>
          <h2>{ts.locations}</h2>
          {locations.map((l) => (
            <section key={l.id} className="card" aria-labelledby={`loc-${l.id}`}>
              <h3 id={`loc-${l.id}`}>
                <Text text={l.name} lang={lang} />
              </h3>
              <p>
                {l.street}
                <br />
                {l.postalCode} <Text text={l.city} lang={lang} />
              </p>
              {l.transportation ? (
                <p>
                  <strong>{ts.transportation}:</strong> <Text text={l.transportation} lang={lang} />
                </p>
              ) : null}
              {l.accessibility ? (
                <p>
                  <strong>{ts.accessibility}:</strong> <Text text={l.accessibility} lang={lang} />
                </p>
              ) : null}
              {l.latitude !== null && l.longitude !== null ? (
                <p>
                  <a
                    href={`https://www.openstreetmap.org/?mlat=${l.latitude}&mlon=${l.longitude}#map=16/${l.latitude}/${l.longitude}`}
                  >
                    {ts.directions}
                  </a>
                </p>
              ) : null}
            </section>
          ))}
        </>
      ) : null}

      {topics.length ? (
        <>
          <h2>{ts.topics}</h2>
          <ul className="tags">
            {topics.map((x) => (
              <li key={x.code}>
                <a href={`/${lang}/services?topic=${x.code}`}>{x.name[lang] ?? x.name.fi}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="meta">{format(ts.updated, { date: formatDate(service.updatedAt, lang) })}</p>
    </Layout>
  );
}
