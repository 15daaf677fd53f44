import { type Lang, translations } from '../../../i18n/index.ts';
import type { PageAccount } from '../../../ui/Layout.tsx';
import { ASK_PATHS, Layout, Text } from '../../../ui/Layout.tsx';
import type { CatalogueOptions } from '../catalogue.ts';
import { municipalityName } from './format.ts';

const POPULAR_TOPICS = [
  'UNI',
  'RAIVOKOHTAUKSET',
  'ERO',
  'JAKSAMINEN_VANHEMMUUS',
  'KIUSAAMINEN',
  'MIELENTERVEYS_LAPSI',
  'PAIHTEET_NUORI',
  'VAUVAPERHE',
];

export function HomePage({
  lang,
  options,
  oneContactServiceId,
  account,
}: {
  lang: Lang;
  options: CatalogueOptions;
  oneContactServiceId: string | null;
  account?: PageAccount;
}) {
  const t = translations(lang);
  const topics = POPULAR_TOPICS.map((code) => options.topics.find((x) => x.code === code)).filter(
    (x) => x !== undefined,
  );
  return (
    <Layout lang={lang} title={t.home.title} path="" current="home" {...account}>
      <h1>{t.home.title}</h1>
      <p className="lead">{t.home.lead}</p>
      <search>
        <form method="get" action={`/${lang}/services`} className="card" data-qa="home-search">
          <div className="searchbar">
            <div className="field">
              <label htmlFor="q">{t.home.searchLabel}</label>
              <span className="hint" id="q-hint">
                {t.home.searchHint}
              </span>
              <input
                type="search"
                id="q"
                name="q"
                aria-describedby="q-hint"
                maxLength={200}
                data-qa="search-query"
              />
            </div>
            <div className="field">
              <label htmlFor="municipality">{t.home.municipalityLabel}</label>
              <select id="municipality" name="municipality" data-qa="search-municipality">
                <option value="">{t.home.anyMunicipality}</option>
                {options.municipalities.map((m) => (
                  <option key={m.code} value={m.code}>
                    {municipalityName(lang, m.name)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" data-qa="search-submit">
              {t.home.searchButton}
            </button>
          </div>
        </form>
      </search>
      <section className="notice cta" aria-labelledby="one-contact" data-qa="ask-cta">
        <h2 id="one-contact">{t.home.oneContactTitle}</h2>
        <p>{t.home.oneContactText}</p>
        <p className="cta-actions">
          <a className="button" href={ASK_PATHS[lang]} data-qa="ask-link">
            {t.contactPublic.cta.button}
          </a>
          {oneContactServiceId ? (
            <a href={`/${lang}/services/${oneContactServiceId}`}>{t.home.oneContactLink}</a>
          ) : null}
        </p>
      </section>
      <h2>{t.home.topicsTitle}</h2>
      <ul className="topics">
        {topics.map((topic) => (
          <li key={topic.code}>
            <a href={`/${lang}/services?topic=${topic.code}`}>
              <Text text={topic.name} lang={lang} />
            </a>
          </li>
        ))}
      </ul>
      <p>
        <a href={`/${lang}/services`}>{t.home.browseAll}</a>
      </p>
    </Layout>
  );
}
