import { type Lang, translations } from '../../../i18n/index.ts';
import { EmailLink, PhoneLink } from '../../../ui/ContactLinks.tsx';
import type { PageAccount } from '../../../ui/Layout.tsx';
import { Layout, Paragraphs, pick, Text } from '../../../ui/Layout.tsx';
import type { OrganizationDetail } from '../catalogue.ts';

export function OrganizationPage({
  lang,
  detail,
  account,
}: {
  lang: Lang;
  detail: OrganizationDetail;
  account?: PageAccount;
}) {
  const t = translations(lang);
  const { organization, services } = detail;
  const name = pick(organization.name, lang);
  return (
    <Layout lang={lang} title={name.value} path={`/organizations/${organization.id}`} {...account}>
      <h1 lang={name.lang === lang ? undefined : name.lang}>{name.value}</h1>
      <p className="meta">{t.organization.kind[organization.kind]}</p>
      <Paragraphs text={organization.description} lang={lang} />
      {organization.phone || organization.email || organization.website ? (
        <>
          <h2>{t.organization.contact}</h2>
          <dl className="facts">
            {organization.phone ? (
              <>
                <dt>{t.service.phone}</dt>
                <dd>
                  <PhoneLink number={organization.phone} />
                </dd>
              </>
            ) : null}
            {organization.email ? (
              <>
                <dt>{t.service.email}</dt>
                <dd>
                  <EmailLink address={organization.email} />
                </dd>
              </>
            ) : null}
            {organization.website ? (
              <>
                <dt>{t.service.website}</dt>
                <dd>
                  <a href={organization.website}>{organization.website}</a>
                </dd>
              </>
            ) : null}
          </dl>
        </>
      ) : null}
      <h2>{t.organization.services}</h2>
      <ul className="results">
        {services.map((s) => (
          <li key={s.id} className="card">
            <h3>
              <a href={`/${lang}/services/${s.id}`}>
                <Text text={s.name} lang={lang} />
              </a>
            </h3>
            <p>
              <Text text={s.summary} lang={lang} />
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
