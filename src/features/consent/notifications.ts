/**
 * The consent feature's notification templates for the outbox.
 */
import { format, translations } from '../../i18n/index.ts';
import type { Lang3 } from '../../platform/db/types.ts';
import type { RenderTemplate } from '../../platform/outbox.ts';

export const CONSENT_WITHDRAWN = 'consent_withdrawn';

export const CONSENT_TEMPLATES = [CONSENT_WITHDRAWN];

/** The consent feature's e-mail texts for the outbox (neutral: the reference and the date only). */
export const renderConsentTemplate: RenderTemplate = (template, language: Lang3, params) => {
  if (template !== CONSENT_WITHDRAWN) throw new Error(`unknown notification template: ${template}`);
  const t = translations(language).consentModel.withdrawnMail;
  const p = { reference: String(params.reference ?? ''), date: String(params.date ?? '') };
  return { subject: format(t.subject, p), text: format(t.text, p) };
};
