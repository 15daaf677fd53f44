/**
 * The survey invitation e-mail (rendered by the outbox worker when it sends): the survey's
 * title, the recipient's own link and the last day. The recipient's address lives only in the
 * outbox row, which the worker clears once sent.
 */
import { format, translations } from '../../i18n/index.ts';
import type { RenderTemplate } from '../../platform/outbox.ts';
import { formatFinnishDate } from '../../platform/working-days.ts';

const s = (value: unknown) => (typeof value === 'string' ? value : '');

export const SURVEY_TEMPLATES = ['survey_invitation'] as const;

export const renderSurveyTemplate: RenderTemplate = (template, language, params) => {
  if (template !== 'survey_invitation') throw new Error(`unknown notification template: ${template}`);
  const t = translations(language).surveys.mail;
  const closesOn = s(params.closesOn);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(closesOn) ? formatFinnishDate(closesOn) : closesOn;
  return {
    subject: format(t.subject, { title: s(params.title) }),
    text: `${format(t.body, { title: s(params.title), date })}\n\n${s(params.url)}`,
  };
};
