import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { DataTable } from '../../../ui/DataTable.tsx';
import {
  Choices,
  ErrorSummary,
  type FormModel,
  Select,
  summaryItems,
  TextArea,
  TextField,
} from '../../../ui/forms.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import type { Expansion, ThesaurusEntry, TopicSuggestion } from '../../catalogue/index.ts';
import { CatalogueTabs } from './AdminListPage.tsx';
import { dateTimeText } from './parts.tsx';

export const THESAURUS_PATH = '/staff/catalogue/thesaurus';

export type ThesaurusOrigin = 'shipped' | 'own' | 'hidden';
export type ThesaurusShow = 'all' | 'own' | 'shipped' | 'hidden';

export interface ThesaurusListRow {
  entry: ThesaurusEntry;
  origin: ThesaurusOrigin;
  /** an own entry's last change */
  updated?: { at: Date; by: string };
}

interface Named {
  code: string;
  name: LocalizedText;
}

interface Frame {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
}

export interface ThesaurusFormState {
  form: FormModel;
  /** an own entry being edited, with the version the form was made on */
  editing: { id: string; version: number } | null;
}

export interface ThesaurusPageProps extends Frame {
  flash?: string;
  rows: ThesaurusListRow[];
  total: number;
  page: number;
  pages: number;
  q: string;
  show: ThesaurusShow;
  /** the query string of the list as shown (kept by the pager) */
  search: string;
  tryText: string;
  tryLang: Lang;
  tried: { expansion: Expansion; suggestions: TopicSuggestion[] } | null;
  add: ThesaurusFormState;
  topics: Named[];
  serviceTypes: Named[];
}

const nameIn = (lang: Lang, n: LocalizedText) => n[lang] ?? n.fi;

function codeNames(lang: Lang, codes: string[], named: Named[]): string[] {
  return codes.map((c) => {
    const n = named.find((x) => x.code === c);
    return n ? nameIn(lang, n.name) : c;
  });
}

/** The form of an entry (add on the list page, or edit an own entry on its page). */
export function ThesaurusForm(props: {
  lang: Lang;
  csrf: string;
  state: ThesaurusFormState;
  topics: Named[];
  serviceTypes: Named[];
}) {
  const { lang, state, csrf } = props;
  const tt = translations(lang).thesaurus;
  const form = state.form;
  const action = state.editing
    ? `/${lang}${THESAURUS_PATH}/${state.editing.id}`
    : `/${lang}${THESAURUS_PATH}`;
  return (
    <form method="post" action={action} noValidate data-qa="thesaurus-form" id="thesaurus-form">
      <input type="hidden" name="_csrf" value={csrf} />
      {state.editing ? <input type="hidden" name="version" value={String(state.editing.version)} /> : null}
      <Choices
        form={form}
        name="kind"
        legend={tt.kind}
        required
        layout="list"
        options={(['phrase', 'synonym', 'near'] as const).map((k) => ({
          value: k,
          label: tt.kinds[k],
          hint: tt.kindHints[k],
        }))}
      />
      <Select
        form={form}
        name="lang"
        label={tt.lang}
        required
        options={(['fi', 'sv', 'en'] as const).map((l) => ({ value: l, label: tt.langs[l] }))}
      />
      <TextArea form={form} name="terms" label={tt.terms} hint={tt.termsHint} rows={5} required />
      <Choices
        form={form}
        name="topics"
        legend={tt.topics}
        hint={tt.topicsHint}
        type="checkbox"
        className="wide"
        optionsClassName="grid-3"
        options={props.topics.map((t) => ({ value: t.code, label: nameIn(lang, t.name) }))}
      />
      <Choices
        form={form}
        name="serviceTypes"
        legend={tt.serviceTypes}
        type="checkbox"
        className="wide"
        optionsClassName="grid-3"
        options={props.serviceTypes.map((t) => ({ value: t.code, label: nameIn(lang, t.name) }))}
      />
      <TextField form={form} name="source" label={tt.source} hint={tt.sourceHint} />
      <p>
        <button type="submit" className="button" data-qa="thesaurus-save">
          {state.editing ? tt.save : tt.add}
        </button>{' '}
        {state.editing ? <a href={`/${lang}${THESAURUS_PATH}`}>{tt.cancel}</a> : null}
      </p>
    </form>
  );
}

function Tried({ lang, props }: { lang: Lang; props: ThesaurusPageProps }) {
  const tt = translations(lang).thesaurus;
  const tried = props.tried;
  if (!tried) return null;
  const { expansion, suggestions } = tried;
  const nothing = expansion.matched.length === 0 && suggestions.length === 0;
  return (
    <div role="status" data-qa="thesaurus-tried">
      {nothing ? (
        <p>{tt.tryNothing}</p>
      ) : (
        <dl>
          <dt>{tt.tryMatched}</dt>
          <dd data-qa="tried-matched">{expansion.matched.join(', ') || '–'}</dd>
          <dt>{tt.tryTerms}</dt>
          <dd data-qa="tried-terms">{expansion.terms.join(', ') || '–'}</dd>
          <dt>{tt.tryTopics}</dt>
          <dd data-qa="tried-topics">{codeNames(lang, expansion.topics, props.topics).join(', ') || '–'}</dd>
          <dt>{tt.tryTypes}</dt>
          <dd data-qa="tried-types">
            {codeNames(lang, expansion.serviceTypes, props.serviceTypes).join(', ') || '–'}
          </dd>
          <dt>{tt.trySuggested}</dt>
          <dd data-qa="tried-suggested">
            {suggestions.length === 0
              ? '–'
              : suggestions
                  .map((s) =>
                    format(tt.trySuggestion, {
                      topic: codeNames(lang, [s.topic], props.topics)[0] ?? s.topic,
                      matched: s.matched,
                    }),
                  )
                  .join('; ')}
          </dd>
        </dl>
      )}
    </div>
  );
}

/**
 * The thesaurus of the region for its catalogue editors: try what a query expands to, add an
 * own entry, and the list (search, shipped vs own vs hidden) with edit, hide and show.
 */
export function ThesaurusPage(props: ThesaurusPageProps) {
  const { lang, rows } = props;
  const tt = translations(lang).thesaurus;
  const tc = translations(lang).admin.catalogue;
  const base = `/${lang}${THESAURUS_PATH}`;
  const pageHref = (n: number) => {
    const params = new URLSearchParams(props.search.replace(/^\?/, ''));
    params.delete('done');
    params.set('page', String(n));
    return `${base}?${params.toString()}`;
  };
  const tryForm: FormModel = {
    lang,
    id: 'try',
    values: { text: props.tryText, lang: props.tryLang },
    problems: [],
  };
  return (
    <StaffLayout
      {...props}
      title={`${tc.title}: ${tt.title}`}
      path={THESAURUS_PATH}
      search={props.search}
      current="catalogue"
    >
      <h1>{tc.title}</h1>
      <CatalogueTabs lang={lang} entity="thesaurus" />
      <h2>{tt.title}</h2>
      {props.flash ? (
        <p className="notice success" role="status" data-qa="flash">
          {props.flash}
        </p>
      ) : null}
      <p>{tt.lead}</p>

      <section aria-labelledby="thesaurus-try">
        <h3 id="thesaurus-try">{tt.tryTitle}</h3>
        <p>{tt.tryLead}</p>
        <form method="get" action={base} data-qa="thesaurus-try-form">
          <TextField form={tryForm} name="text" postAs="try" label={tt.tryLabel} qa="try-text" />
          <Select
            form={tryForm}
            name="lang"
            postAs="trylang"
            label={tt.tryLang}
            options={(['fi', 'sv', 'en'] as const).map((l) => ({ value: l, label: tt.langs[l] }))}
          />
          <p>
            <button type="submit" className="button">
              {tt.tryButton}
            </button>
          </p>
        </form>
        <Tried lang={lang} props={props} />
      </section>

      <section aria-labelledby="thesaurus-add">
        <h3 id="thesaurus-add">{tt.addTitle}</h3>
        <ErrorSummary
          title={tt.problemsTitle}
          focus
          qa="error-summary"
          items={summaryItems(props.add.form)}
        />
        <ThesaurusForm
          lang={lang}
          csrf={props.csrf}
          state={props.add}
          topics={props.topics}
          serviceTypes={props.serviceTypes}
        />
      </section>

      <section aria-labelledby="thesaurus-list">
        <h3 id="thesaurus-list">{tt.listTitle}</h3>
        <search>
          <form method="get" action={base} className="searchbar" data-qa="thesaurus-search">
            <div className="field">
              <label htmlFor="q">{tt.search}</label>
              <input type="search" id="q" name="q" defaultValue={props.q} />
            </div>
            <div className="field">
              <label htmlFor="show">{tt.show_}</label>
              <select id="show" name="show" defaultValue={props.show}>
                <option value="all">{tt.showAll}</option>
                <option value="own">{tt.showOwn}</option>
                <option value="shipped">{tt.showShipped}</option>
                <option value="hidden">{tt.showHidden}</option>
              </select>
            </div>
            <button type="submit" className="button">
              {tt.filter}
            </button>
          </form>
        </search>
        <p role="status">{format(tt.count, { count: props.total })}</p>
        {rows.length === 0 ? (
          <p>{tt.none}</p>
        ) : (
          <DataTable
            className="admin-table wide"
            qa="thesaurus-list"
            caption={tt.caption}
            rows={rows}
            rowKey={(r) => r.entry.id}
            columns={[
              {
                header: tt.colTerms,
                rowHeader: true,
                cell: (r: ThesaurusListRow) => <span lang={r.entry.lang}>{r.entry.terms.join('; ')}</span>,
              },
              { header: tt.colKind, cell: (r: ThesaurusListRow) => tt.kinds[r.entry.kind] },
              { header: tt.colLang, cell: (r: ThesaurusListRow) => tt.langs[r.entry.lang] },
              {
                header: tt.colCodes,
                cell: (r: ThesaurusListRow) =>
                  [
                    ...codeNames(lang, r.entry.topics, props.topics),
                    ...codeNames(lang, r.entry.serviceTypes, props.serviceTypes),
                  ].join(', ') || '–',
              },
              {
                header: tt.colSource,
                cell: (r: ThesaurusListRow) =>
                  r.origin === 'own' && r.updated
                    ? [
                        r.entry.source,
                        format(tt.updatedBy, { date: dateTimeText(lang, r.updated.at), who: r.updated.by }),
                      ]
                        .filter(Boolean)
                        .join(' · ')
                    : (tt.sources[r.entry.source] ?? r.entry.source),
              },
              { header: tt.colOrigin, cell: (r: ThesaurusListRow) => tt.origins[r.origin] },
              {
                header: tt.colActions,
                cell: (r: ThesaurusListRow) =>
                  r.origin === 'own' ? (
                    <a href={`${base}/${r.entry.id}`} data-qa="thesaurus-edit">
                      {tt.edit}
                      <span className="visually-hidden">: {r.entry.terms[0]}</span>
                    </a>
                  ) : (
                    <form
                      method="post"
                      action={`${base}/shipped/${r.entry.id}/${r.origin === 'hidden' ? 'show' : 'hide'}`}
                      data-qa={r.origin === 'hidden' ? 'thesaurus-show' : 'thesaurus-hide'}
                    >
                      <input type="hidden" name="_csrf" value={props.csrf} />
                      <button type="submit" className="button secondary">
                        {r.origin === 'hidden' ? tt.show : tt.hide}
                        <span className="visually-hidden">: {r.entry.terms[0]}</span>
                      </button>
                    </form>
                  ),
              },
            ]}
          />
        )}
        {props.pages > 1 ? (
          <nav aria-label={tt.pager} className="pager">
            <ul>
              {props.page > 1 ? (
                <li>
                  <a href={pageHref(props.page - 1)}>{tt.previous}</a>
                </li>
              ) : null}
              <li>
                <span aria-current="page">{format(tt.page, { n: props.page, pages: props.pages })}</span>
              </li>
              {props.page < props.pages ? (
                <li>
                  <a href={pageHref(props.page + 1)}>{tt.next}</a>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
      </section>
    </StaffLayout>
  );
}

/** The page of an own entry: its form and its delete button. */
export function ThesaurusEditPage(
  props: Frame & { state: ThesaurusFormState; topics: Named[]; serviceTypes: Named[] },
) {
  const { lang, state } = props;
  const tt = translations(lang).thesaurus;
  const tc = translations(lang).admin.catalogue;
  const editing = state.editing;
  return (
    <StaffLayout
      {...props}
      title={`${tc.title}: ${tt.editTitle}`}
      path={editing ? `${THESAURUS_PATH}/${editing.id}` : THESAURUS_PATH}
      current="catalogue"
    >
      <h1>{tc.title}</h1>
      <CatalogueTabs lang={lang} entity="thesaurus" />
      <h2>{tt.editTitle}</h2>
      <ErrorSummary title={tt.problemsTitle} focus qa="error-summary" items={summaryItems(state.form)} />
      <ThesaurusForm
        lang={lang}
        csrf={props.csrf}
        state={state}
        topics={props.topics}
        serviceTypes={props.serviceTypes}
      />
      {editing ? (
        <form
          method="post"
          action={`/${lang}${THESAURUS_PATH}/${editing.id}/delete`}
          data-qa="thesaurus-delete"
        >
          <input type="hidden" name="_csrf" value={props.csrf} />
          <input type="hidden" name="version" value={String(editing.version)} />
          <button type="submit" className="button secondary">
            {tt.deleteConfirm}
          </button>
        </form>
      ) : null}
    </StaffLayout>
  );
}
