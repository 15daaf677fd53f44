import type { ErrorCode } from '../i18n/index.ts';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503;

/** A field-level problem, shown next to the field on a page and listed in an API error. */
export interface FieldProblem {
  field: string;
  code: ErrorCode;
  params?: Record<string, string | number>;
}

/**
 * An error with a stable code and a translated message (i18n errors.<code>). The HTTP layer
 * maps it to a status in one place (its `status`), never to a 500.
 */
export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly status: ErrorStatus,
    public readonly params: Record<string, string | number> = {},
    public readonly fields: FieldProblem[] = [],
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const notFound = (code: ErrorCode = 'catalogue.not_found') => new AppError(code, 404);
export const badRequest = (fields: FieldProblem[], code: ErrorCode = 'request.invalid') =>
  new AppError(code, 400, {}, fields);
