/**
 * The consultations' e-mail (rendered by the outbox worker when it sends): the requester is
 * told that there is news on their consultation, with a link that needs sign-in. No text anyone
 * wrote, no family's name is ever sent.
 */
import type { Lang3 } from '../../platform/db/types.ts';
import type { RenderTemplate } from '../../platform/outbox.ts';

type Params = Record<string, unknown>;
const s = (value: unknown) => (typeof value === 'string' ? value : '');

const NEWS: Record<Lang3, Record<string, string>> = {
  fi: {
    answer: 'Perheneuvoja vastasi konsultaatiopyyntöösi.',
    accept: 'Perheneuvoja lupautui työpariksi.',
    decline: 'Perheneuvonta ilmoitti, ettei pyyntösi toteudu.',
    close: 'Konsultaatiosi on päätetty.',
  },
  sv: {
    answer: 'En rådgivare svarade på din begäran om konsultation.',
    accept: 'En rådgivare lovade att komma som arbetspar.',
    decline: 'Familjecentrets rådgivning meddelade att din begäran inte blir av.',
    close: 'Din konsultation har avslutats.',
  },
  en: {
    answer: 'A family counsellor answered your consultation request.',
    accept: 'A family counsellor accepted to come as a co-worker.',
    decline: 'Family counselling let you know that your request is declined.',
    close: 'Your consultation has been closed.',
  },
};
const SUBJECT: Record<Lang3, string> = {
  fi: 'Uutta konsultaatiopyynnössäsi',
  sv: 'Nytt i din begäran om konsultation',
  en: 'News on your consultation request',
};
const SIGN_IN: Record<Lang3, string> = {
  fi: 'Kirjaudu lukemaan:',
  sv: 'Logga in för att läsa:',
  en: 'Sign in to read it:',
};

export const CONSULTATION_TEMPLATES = ['consultation_news'] as const;

export const renderConsultationTemplate: RenderTemplate = (template, language, params: Params) => {
  if (template !== 'consultation_news') throw new Error(`unknown notification template: ${template}`);
  const news = NEWS[language][s(params.step)] ?? NEWS[language].answer;
  return { subject: SUBJECT[language], text: `${news}\n${SIGN_IN[language]}\n${s(params.url)}` };
};
