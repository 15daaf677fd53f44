/**
 * The results as CSV (src/platform/csv.ts: every cell formula-safe), with the page's small-count
 * protection: the counts file never holds a free text; the texts file (for the managers) only
 * when the survey has at least five responses, else its header alone.
 */
import { type Lang, translations } from '../../i18n/index.ts';
import { toCsv } from '../../platform/csv.ts';
import { shownText } from '../../platform/suppression.ts';
import { inLang } from './model.ts';
import type { SurveyResults } from './results.ts';

export function resultsCsv(results: SurveyResults, lang: Lang): string {
  const tr = translations(lang).surveys.results;
  const rows: { no: string; question: string; answer: string; count: string; share: string }[] = [];
  for (const [i, r] of results.questions.entries()) {
    const question = inLang(r.question.text, lang).value;
    const no = String(i + 1);
    rows.push({ no, question, answer: tr.nRow, count: shownText(r.n, String), share: '' });
    for (const row of r.rows) {
      rows.push({
        no,
        question,
        answer: row.label ? inLang(row.label, lang).value : String(row.key),
        count: shownText(row.count, String),
        share: shownText(row.share, (v) => String(Math.round(v * 100))),
      });
    }
  }
  return toCsv(rows, [
    { key: 'no', header: tr.csvNumber },
    { key: 'question', header: tr.csvQuestion },
    { key: 'answer', header: tr.csvAnswer },
    { key: 'count', header: tr.csvCount },
    { key: 'share', header: tr.csvShare },
  ]);
}

export function textsCsv(results: SurveyResults, lang: Lang): string {
  const tr = translations(lang).surveys.results;
  const rows: { no: string; question: string; text: string }[] = [];
  for (const [i, r] of results.questions.entries()) {
    for (const text of r.texts ?? [])
      rows.push({ no: String(i + 1), question: inLang(r.question.text, lang).value, text });
  }
  return toCsv(rows, [
    { key: 'no', header: tr.csvNumber },
    { key: 'question', header: tr.csvQuestion },
    { key: 'text', header: tr.csvText },
  ]);
}
