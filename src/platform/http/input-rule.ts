import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { forbiddenCharacterPaths } from '../text.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * 'form': the route's own schema refuses control characters in its body (with the shared
     * rule of platform/text.ts) and shows the problem in the form, keeping what the user wrote;
     * the edge then checks only the query and the path.
     */
    inputRule?: 'form';
  }
}

/**
 * One input rule at the edge, for every route: a query parameter, a path segment or a text
 * of the body (JSON or form) with a control character (NUL and the other C0 and C1 characters;
 * tab and line breaks are allowed in bodies) or a lone surrogate is refused with a coded 400
 * naming the field, before any route sees it. Runs after the body is parsed, before the schema.
 */
export function installInputRule(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const fields = [
      ...forbiddenCharacterPaths(request.params ?? {}, 'params', false),
      ...forbiddenCharacterPaths(request.query ?? {}, 'query', false),
      ...(request.routeOptions.config.inputRule === 'form'
        ? []
        : forbiddenCharacterPaths(request.body ?? {}, 'body', true)),
    ];
    if (fields.length > 0) {
      throw new AppError(
        'request.control_characters',
        400,
        {},
        fields.map((field) => ({
          field: field.replace(/^(params|query|body)\./, ''),
          code: 'request.control_characters',
        })),
      );
    }
  });
}
