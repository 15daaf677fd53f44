/**
 * A survey's results: per question a table of the counts per option (or scale value) and their
 * shares with n, small counts protected ("<5", ".." and a legend that explains them); free texts
 * only when the survey has at least five responses. CSV files of the same figures.
 */
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { type Shown, shownText } from '../../../platform/suppression.ts';
import { DataTable } from '../../../ui/DataTable.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import { UserText } from '../../../ui/UserText.tsx';
import type { ResultRow } from '../results.ts';
import type { ResultsView } from '../surveys.ts';
import { Localized, surveyPath } from './parts.tsx';

export const countText = (figure: Shown) => shownText(figure, (v) => String(v));
export const shareText = (figure: Shown) => shownText(figure, (v) => `${Math.round(v * 100)} %`);

export interface ResultsPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  view: ResultsView;
}

export function ResultsPage(props: ResultsPageProps) {
  const { lang, view } = props;
  const { survey, results } = view;
  const t = translations(lang).surveys;
  const tr = t.results;
  const base = `/${lang}${surveyPath(survey.id)}`;
  const title = format(tr.title, { title: survey.title[lang] || survey.title.fi });
  return (
    <StaffLayout {...props} title={title} path={`${surveyPath(survey.id)}/results`} current="surveys">
      <p>
        <a href={base}>{t.preview.back}</a>
      </p>
      <h1>{title}</h1>
      <p className="lead-small">{tr.lead}</p>
      <p data-qa="responses">{format(tr.responses, { n: countText(results.responses) })}</p>
      <section aria-labelledby="legend-title" className="notice" data-qa="legend">
        <h2 id="legend-title">{tr.legendTitle}</h2>
        <ul>
          <li>{tr.legendSmall}</li>
          <li>{tr.legendWithheld}</li>
        </ul>
      </section>
      <p>
        <a href={`${base}/results.csv`} data-qa="results-csv">
          {tr.csv}
        </a>
        {results.textsShown ? (
          <>
            {' · '}
            <a href={`${base}/texts.csv`} data-qa="texts-csv">
              {tr.textsCsv}
            </a>
          </>
        ) : null}
      </p>
      {results.questions.map((r, i) => (
        <section key={r.question.id} data-qa={`result-${i + 1}`} aria-labelledby={`result-${i + 1}-title`}>
          <h2 id={`result-${i + 1}-title`}>
            {i + 1}. <Localized text={r.question.text} lang={lang} />
          </h2>
          <p data-qa={`n-${i + 1}`}>{format(tr.n, { n: countText(r.n) })}</p>
          {r.question.kind === 'text' ? (
            r.texts === null ? (
              <p className="notice" data-qa={`texts-withheld-${i + 1}`}>
                {tr.textsWithheld}
              </p>
            ) : r.texts.length === 0 ? (
              <p>{tr.noTexts}</p>
            ) : (
              <ul data-qa={`texts-${i + 1}`}>
                {r.texts.map((text, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: texts are sorted, their place is their key
                  <li key={j} dir="auto">
                    <UserText>{text}</UserText>
                  </li>
                ))}
              </ul>
            )
          ) : (
            <DataTable<ResultRow>
              qa={`table-${i + 1}`}
              caption={format(tr.caption, { n: i + 1 })}
              rows={r.rows}
              rowKey={(row) => String(row.key)}
              columns={[
                {
                  header: tr.colAnswer,
                  rowHeader: true,
                  cell: (row) => (row.label ? <Localized text={row.label} lang={lang} /> : String(row.key)),
                },
                { header: tr.colCount, cell: (row) => countText(row.count) },
                { header: tr.colShare, cell: (row) => shareText(row.share) },
              ]}
            />
          )}
        </section>
      ))}
    </StaffLayout>
  );
}
