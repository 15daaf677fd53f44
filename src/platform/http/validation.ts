import type { z } from 'zod';
import { type ErrorCode, translations } from '../../i18n/index.ts';
import type { FieldProblem } from '../errors.ts';

/** A schema may name our error code as an issue's message (`{ error: 'contact.phone_invalid' }`). */
function ownCode(message: unknown): ErrorCode | undefined {
  return typeof message === 'string' && Object.hasOwn(translations('fi').errors, message)
    ? (message as ErrorCode)
    : undefined;
}

type Issue = { code: string; path: PropertyKey[]; [key: string]: unknown };

/** Turns schema issues into field problems with our error codes (translated in i18n errors.*). */
export function issuesToProblems(issues: readonly Issue[]): FieldProblem[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.') || 'body';
    const origin = issue.origin as string | undefined;
    const own = ownCode(issue.message);
    if (own) {
      const params = { ...((issue.params as Record<string, string | number> | undefined) ?? {}) };
      if (issue.maximum !== undefined) params.max = Number(issue.maximum);
      return { field, code: own, params };
    }
    switch (issue.code) {
      case 'too_big':
        if (origin === 'string')
          return { field, code: 'request.too_long', params: { max: Number(issue.maximum) } };
        return { field, code: 'request.out_of_range', params: rangeParams(issue) };
      case 'too_small':
        if (origin === 'string') return { field, code: 'request.invalid_value' };
        return { field, code: 'request.out_of_range', params: rangeParams(issue) };
      case 'invalid_type':
        return {
          field,
          code: issue.expected === 'number' ? 'request.not_a_number' : 'request.invalid_value',
        };
      case 'invalid_format':
        if (issue.format === 'uuid') return { field, code: 'request.invalid_id' };
        if (issue.format === 'datetime') return { field, code: 'request.invalid_date' };
        return { field, code: 'request.invalid_value' };
      default:
        return { field, code: 'request.invalid_value' };
    }
  });
}

function rangeParams(issue: Issue): Record<string, number> {
  const bounds = (issue as { bounds?: { min: number; max: number } }).bounds;
  return { min: Number(issue.minimum ?? bounds?.min ?? 0), max: Number(issue.maximum ?? bounds?.max ?? 0) };
}

export function zodProblems(error: z.ZodError): FieldProblem[] {
  return issuesToProblems(error.issues as unknown as Issue[]);
}
