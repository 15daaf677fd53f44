/**
 * What the consent pages' routes share (routes.ts, dpo-routes.ts): parameter schemas, the
 * language of a request, the notices after a change, and the answer of a page.
 */
import type { FastifyReply } from 'fastify';
import type { ReactElement } from 'react';
import { z } from 'zod';
import { isLang, type Lang, translations } from '../../i18n/index.ts';
import { AppError } from '../../platform/errors.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import { renderPage } from '../../ui/Layout.tsx';

export const HTML = 'text/html; charset=utf-8';
export const hidden = { hide: true };
export const langParams = z.object({ lang: z.string() });
export const idParams = z.object({ lang: z.string(), id: z.string() });
export const doneQuery = z.object({ done: z.string().max(40).optional() });

export function langOf(params: { lang: string; id?: string }): Lang {
  if (!isLang(params.lang)) throw new AppError('http.not_found', 404);
  if (params.id !== undefined && !UUID_PATTERN.test(params.id)) throw new AppError('http.not_found', 404);
  return params.lang;
}

export type DoneKey = keyof ReturnType<typeof translations>['consentPages']['done'];
export function doneText(lang: Lang, done: unknown): string | undefined {
  const texts = translations(lang).consentPages.done;
  return typeof done === 'string' && Object.hasOwn(texts, done) ? texts[done as DoneKey] : undefined;
}

/** A page, never cached. */
export const send = (reply: FastifyReply, status: number, page: ReactElement) =>
  reply.header('cache-control', 'no-store').status(status).type(HTML).send(renderPage(page));
