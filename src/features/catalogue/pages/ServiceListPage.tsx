import { errorMessage, format, type Lang, translations } from '../../../i18n/index.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import type { PageAccount } from '../../../ui/Layout.tsx';
import { ASK_PATHS, Layout, Text } from '../../../ui/Layout.tsx';
import { type CatalogueOptions, CHANNELS, SERVICE_LANGUAGES, type SearchResult } from '../catalogue.ts';
import { ageText, countText, municipalityName } from './format.ts';

/** What the user sent, as typed, to fill the form again. */
export interface ListFormValues {
  q: string;
  municipality: string;
  age: string;
  topic: string[];
  type: string[];
  channel: string[];
  language: string;
}

export function ServiceListPage({
  lang,
  options,
  values,
  result,
  problems,
  search,
  account,
}: {
  lang: Lang;
  options: CatalogueOptions;
  values: ListFormValues;
  result: SearchResult | null;
  problems: FieldProblem[];
  search: string;
  account?: PageAccount;
}) {
  const t = translations(lang);
  const tc = t.catalogue;
  const problemOf = (field: string) =>
    problems.find((p) => p.field === field || p.field.startsWith(`${field}.`));
  const errorId = (field: string) => `${field}-error`;
  const fieldError = (field: string) => {
    const p = problemOf(field);
    return p ? (
      <p className="field-error" id={errorId(field)} data-qa={errorId(field)}>
        {errorMessage(lang, p.code, p.params)}
      </p>
    ) : null;
  };
  /** aria-invalid and the error's id after the field's own hint, so a screen reader reads both. */
  const invalid = (field: string, hint?: string) => {
    const describedBy = [hint, problemOf(field) ? errorId(field) : undefined].filter(Boolean).join(' ');
    return {
      'aria-invalid': problemOf(field) ? true : undefined,
      'aria-describedby': describedBy || undefined,
    };
  };
  // On a phone the results must not start a screen below: the finer filters fold away until used.
  const moreOpen =
    Boolean(
      values.age || values.language || values.topic.length || values.type.length || values.channel.length,
    ) ||
    problems.some((p) =>
      ['age', 'topic', 'type', 'channel', 'language'].includes(p.field.split('.')[0] ?? ''),
    );
  const title = values.q ? format(tc.searchTitle, { q: values.q.slice(0, 80) }) : tc.title;
  const munName = new Map(options.municipalities.map((m) => [m.code, municipalityName(lang, m.name)]));
  const queryHref = (q: string) => {
    const params = new URLSearchParams(search.replace(/^\?/, ''));
    params.set('q', q);
    params.delete('page');
    return `/${lang}/services?${params.toString()}`;
  };
  const pageHref = (n: number) => {
    const params = new URLSearchParams(search.replace(/^\?/, ''));
    params.set('page', String(n));
    return `/${lang}/services?${params.toString()}`;
  };

  return (
    <Layout lang={lang} title={title} path="/services" search={search} current="services" {...account}>
      <h1>{title}</h1>
      {problems.length > 0 ? (
        <div className="error-summary" role="alert" data-qa="error-summary">
          <h2>{t.errorPage.badRequestTitle}</h2>
          <ul>
            {problems.map((p) => (
              <li key={p.field + p.code}>
                <a href={`#${p.field === 'type' ? 'type' : p.field.split('.')[0]}`}>
                  {errorMessage(lang, p.code, p.params)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="layout">
        {/* noValidate: the server's messages, in the page's language and beside the field, instead of the browser's bubbles */}
        <form
          method="get"
          action={`/${lang}/services`}
          className="filters"
          aria-labelledby="filters-title"
          noValidate
          data-qa="filters"
        >
          <h2 id="filters-title">{tc.filters}</h2>
          <div className="field">
            <label htmlFor="q">{tc.query}</label>
            <input type="search" id="q" name="q" defaultValue={values.q} {...invalid('q')} />
            {fieldError('q')}
          </div>
          <div className="field">
            <label htmlFor="municipality">{tc.municipality}</label>
            <span className="hint" id="municipality-hint">
              {tc.municipalityHint}
            </span>
            <select
              id="municipality"
              name="municipality"
              defaultValue={values.municipality}
              {...invalid('municipality', 'municipality-hint')}
            >
              <option value="">{tc.any}</option>
              {options.municipalities.map((m) => (
                <option key={m.code} value={m.code}>
                  {municipalityName(lang, m.name)}
                </option>
              ))}
            </select>
            {fieldError('municipality')}
          </div>
          <details className="more-filters" open={moreOpen} data-qa="more-filters">
            <summary>{tc.moreFilters}</summary>
            <div className="field">
              <label htmlFor="age">{tc.age}</label>
              <input
                type="number"
                id="age"
                name="age"
                min={0}
                max={25}
                inputMode="numeric"
                defaultValue={values.age}
                {...invalid('age')}
              />
              {fieldError('age')}
            </div>
            <div className="field">
              <label htmlFor="topic">{tc.topic}</label>
              <select id="topic" name="topic" defaultValue={values.topic[0] ?? ''} {...invalid('topic')}>
                <option value="">{tc.any}</option>
                {options.topics.map((x) => (
                  <option key={x.code} value={x.code}>
                    {x.name[lang] ?? x.name.fi}
                  </option>
                ))}
              </select>
              {fieldError('topic')}
            </div>
            <div className="field">
              <label htmlFor="type">{tc.serviceType}</label>
              <select id="type" name="type" defaultValue={values.type[0] ?? ''} {...invalid('type')}>
                <option value="">{tc.any}</option>
                {options.serviceTypes.map((x) => (
                  <option key={x.code} value={x.code}>
                    {x.name[lang] ?? x.name.fi}
                  </option>
                ))}
              </select>
              {fieldError('type')}
            </div>
            <fieldset id="channel">
              <legend>{tc.channel}</legend>
              {CHANNELS.map((c) => (
                <label key={c} className="check">
                  <input
                    type="checkbox"
                    name="channel"
                    value={c}
                    defaultChecked={values.channel.includes(c)}
                  />
                  {t.channel[c]}
                </label>
              ))}
              {fieldError('channel')}
            </fieldset>
            <div className="field">
              <label htmlFor="language">{tc.language}</label>
              <select id="language" name="language" defaultValue={values.language} {...invalid('language')}>
                <option value="">{tc.any}</option>
                {SERVICE_LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {t.lang[l]}
                  </option>
                ))}
              </select>
              {fieldError('language')}
            </div>
          </details>
          <button type="submit" data-qa="filters-submit">
            {tc.apply}
          </button>{' '}
          <a href={`/${lang}/services`}>{tc.clear}</a>
        </form>
        <section aria-labelledby="results-count">
          {result ? (
            <>
              <p id="results-count" role="status" data-qa="result-count" data-count={result.total}>
                <strong>{countText(lang, result.total)}</strong>
                {result.pages > 1
                  ? ` · ${format(tc.pageOf, { page: result.page, pages: result.pages })}`
                  : null}
              </p>
              {result.didYouMean ? (
                <p data-qa="did-you-mean">
                  {tc.didYouMean}:{' '}
                  <a href={queryHref(result.didYouMean)} lang={lang}>
                    <strong>{result.didYouMean}</strong>
                  </a>
                  ?
                </p>
              ) : null}
              {result.total === 0 ? (
                <div className="notice" data-qa="no-results">
                  <p>
                    <strong>{tc.noResults}</strong>
                  </p>
                  <p>{tc.noResultsHelp}</p>
                  <p>
                    <a className="button" href={ASK_PATHS[lang]} data-qa="no-results-ask">
                      {t.contactPublic.cta.button}
                    </a>
                  </p>
                  <h2>{tc.noResultsTopics}</h2>
                  <ul className="tags" data-qa="no-results-topics">
                    {[...options.topics]
                      .sort((a, b) =>
                        (a.name[lang] ?? a.name.fi).localeCompare(b.name[lang] ?? b.name.fi, lang),
                      )
                      .map((x) => (
                        <li key={x.code}>
                          <a href={`/${lang}/services?topic=${encodeURIComponent(x.code)}`}>
                            {x.name[lang] ?? x.name.fi}
                          </a>
                        </li>
                      ))}
                  </ul>
                  <p>
                    <a href={`/${lang}/services`}>{tc.clear}</a>
                  </p>
                </div>
              ) : (
                <ol className="results" data-qa="results">
                  {result.items.map((s) => (
                    <li key={s.id} className="card">
                      <h2>
                        <a href={`/${lang}/services/${s.id}`} data-qa="service-link">
                          <Text text={s.name} lang={lang} />
                        </a>
                      </h2>
                      <p className="meta">
                        <Text text={s.organizationName} lang={lang} />
                      </p>
                      <p>
                        <Text text={s.summary} lang={lang} />
                      </p>
                      <ul className="tags">
                        <li>
                          {s.areaMunicipalities === null
                            ? tc.regionWide
                            : s.areaMunicipalities.map((c) => munName.get(c) ?? c).join(', ')}
                        </li>
                        <li>{ageText(lang, s.minAge, s.maxAge)}</li>
                        {s.referral ? (
                          <li className="tag-referral" data-qa="referral">
                            {tc.referralNeeded}
                          </li>
                        ) : null}
                        {s.channels.map((c) => (
                          <li key={c}>{t.channel[c as keyof typeof t.channel] ?? c}</li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ol>
              )}
              {result.pages > 1 ? (
                <nav className="pager" aria-label={tc.pagination} data-qa="pager">
                  <ul>
                    {result.page > 1 ? (
                      <li>
                        <a href={pageHref(result.page - 1)} rel="prev">
                          {tc.previous}
                        </a>
                      </li>
                    ) : null}
                    {pageNumbers(result.page, result.pages).map((n) => (
                      <li key={n}>
                        {n === result.page ? (
                          <span aria-current="page">{n}</span>
                        ) : (
                          <a href={pageHref(n)} aria-label={format(tc.pageN, { n })}>
                            {n}
                          </a>
                        )}
                      </li>
                    ))}
                    {result.page < result.pages ? (
                      <li>
                        <a href={pageHref(result.page + 1)} rel="next">
                          {tc.next}
                        </a>
                      </li>
                    ) : null}
                  </ul>
                </nav>
              ) : null}
            </>
          ) : (
            <p id="results-count">
              <a href={`/${lang}/services`}>{tc.clear}</a>
            </p>
          )}
        </section>
      </div>
    </Layout>
  );
}

/** At most seven page numbers around the current one. */
export function pageNumbers(page: number, pages: number): number[] {
  const from = Math.max(1, Math.min(page - 3, pages - 6));
  const to = Math.min(pages, from + 6);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
