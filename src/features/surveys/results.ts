/**
 * A survey's results with the metrics' small-count protection (src/platform/suppression.ts,
 * ../shared/design/METRICS.md "Rules"), as a pure function of the counts: per question the
 * count of each option (or scale value) and n, each breakdown protected with suppressCounts (a
 * count of 1–4 "<5", and the next smallest hidden too while a hidden one could be recovered
 * from n), no percentage when n is under 20. Free texts only when the survey has at least five
 * responses. The page and the CSV both format these `Shown` figures, so they agree.
 */
import type { LocalizedText } from '../../platform/db/types.ts';
import {
  countCell,
  DEFAULT_SUPPRESSION,
  rateCell,
  type Shown,
  type SuppressionRules,
  suppressCounts,
} from '../../platform/suppression.ts';
import { MIN_RESPONSES_FOR_TEXTS, type QuestionView, SCALE_VALUES } from './model.ts';

/** What the database counted for one question. */
export interface QuestionCounts {
  questionId: string;
  /** responses that answered it */
  answered: number;
  /** per option index (choice) or scale value (scale) */
  counts: Map<number, number>;
  /** the free texts (a text question), in no meaningful order */
  texts: string[];
}

export interface ResultRow {
  /** an option's index or a scale value */
  key: number;
  /** the option's text, or null for a scale value */
  label: LocalizedText | null;
  count: Shown;
  share: Shown;
}

export interface QuestionResult {
  question: QuestionView;
  n: Shown;
  rows: ResultRow[];
  /** a text question's texts, or null when they are withheld (fewer than five responses) */
  texts: string[] | null;
}

export interface SurveyResults {
  responses: Shown;
  /** whether free texts are listed (at least five responses) */
  textsShown: boolean;
  questions: QuestionResult[];
}

const hiddenLike = (figure: Shown): Shown =>
  figure.shown ? figure : { shown: false, reason: figure.reason };

export function surveyResults(
  questions: readonly QuestionView[],
  counts: readonly QuestionCounts[],
  responses: number,
  rules: SuppressionRules = DEFAULT_SUPPRESSION,
): SurveyResults {
  const textsShown = responses >= MIN_RESPONSES_FOR_TEXTS;
  const byQuestion = new Map(counts.map((c) => [c.questionId, c]));
  return {
    responses: countCell(responses, rules),
    textsShown,
    questions: questions.map((question) => {
      const c = byQuestion.get(question.id) ?? {
        questionId: question.id,
        answered: 0,
        counts: new Map(),
        texts: [],
      };
      if (question.kind === 'text') {
        return {
          question,
          n: countCell(c.answered, rules),
          rows: [],
          texts: textsShown ? [...c.texts].sort() : null,
        };
      }
      const keys: { key: number; label: LocalizedText | null }[] =
        question.kind === 'scale'
          ? SCALE_VALUES.map((v) => ({ key: v, label: null }))
          : question.options.map((label, i) => ({ key: i, label }));
      const protectedCounts = suppressCounts(
        keys.map((k) => ({ key: k.key, count: c.counts.get(k.key) ?? 0 })),
        rules,
      );
      // one answer per response: n is the breakdown's total; several per response: n on its own
      const n = question.kind === 'multiple' ? countCell(c.answered, rules) : protectedCounts.total;
      const rows = keys.map((k, i): ResultRow => {
        const count = protectedCounts.cells[i]?.count ?? { shown: false, reason: 'secondary' };
        const share =
          count.shown && n.shown
            ? rateCell(count.value, c.answered, rules)
            : hiddenLike(count.shown ? n : count);
        return { key: k.key, label: k.label, count, share };
      });
      return { question, n, rows, texts: null };
    }),
  };
}
