/**
 * The administrator's child-population page (/:lang/staff/population): the region's figures,
 * and the import in two plain form posts with the CSRF token — preview (a dry run: nothing is
 * saved, the figures to save are carried in the confirm form) and confirm (saved in one
 * transaction, the report shown). A refused file answers the same page (400) with every
 * problem by line and the pasted text kept. Only the region's administrators: others 404.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { createElement } from 'react';
import { z } from 'zod';
import { isLang, type Lang } from '../../i18n/index.ts';
import { organizationName, staffActor, staffOnly } from '../../platform/auth/guard.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { renderPage } from '../../ui/Layout.tsx';
import { importPopulation } from './import.ts';
import { POPULATION_PATH, PopulationPage, type PopulationPageProps } from './pages/PopulationPage.tsx';
import { PopulationFileError } from './parse.ts';
import { POPULATION_IMPORT, POPULATION_READ } from './policy.ts';
import { populationOfRegion } from './queries.ts';

const html = 'text/html; charset=utf-8';
const hidden = { hide: true };
const langParam = z.object({ lang: z.string() });

function lang(params: { lang: string }): Lang {
  if (!isLang(params.lang)) throw new AppError('http.not_found', 404);
  return params.lang;
}

const text = (body: unknown, name: string): string => {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
};

export async function populationRoutes(app: FastifyInstance, { db }: { db: Kysely<DB> }) {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    l: Lang,
    status: number,
    given: Partial<Pick<PopulationPageProps, 'csv' | 'problems' | 'preview' | 'saved'>> = {},
  ) {
    const actor = staffActor(request);
    const props: PopulationPageProps = {
      lang: l,
      actor,
      organizationName: await organizationName(db, actor.organizationId),
      csrf: csrfToken(reply),
      current: await populationOfRegion(db, actor.regionId),
      csv: '',
      problems: [],
      preview: null,
      saved: null,
      ...given,
    };
    return reply
      .status(status)
      .type(html)
      .send(renderPage(createElement(PopulationPage, props)));
  }

  typed.get(
    `/:lang${POPULATION_PATH}`,
    { schema: { ...hidden, params: langParam }, preHandler: staffOnly(POPULATION_READ) },
    async (request, reply) => render(request, reply, lang(request.params), 200),
  );

  // the first step: read the pasted file and show what would be saved; nothing is saved
  typed.post(
    `/:lang${POPULATION_PATH}/preview`,
    { schema: { ...hidden, params: langParam }, preHandler: staffOnly(POPULATION_IMPORT) },
    async (request, reply) => {
      const l = lang(request.params);
      const actor = staffActor(request);
      const csv = text(request.body, 'csv');
      if (csv.trim() === '') {
        return render(request, reply, l, 400, { problems: [{ line: null, code: 'population.empty_paste' }] });
      }
      try {
        const report = await importPopulation(db, csv, {
          regionId: actor.regionId,
          importedBy: actor.name,
          dryRun: true,
        });
        // the confirm form carries the file as pasted: it is read again, so the source saved is
        // always the form the file was read in (a form field cannot name it)
        return render(request, reply, l, 200, { csv, preview: { report, rows: csv } });
      } catch (error) {
        if (error instanceof PopulationFileError) {
          return render(request, reply, l, 400, { csv, problems: error.problems });
        }
        throw error;
      }
    },
  );

  // the second step: read the previewed file again and save it (the form is the user's)
  typed.post(
    `/:lang${POPULATION_PATH}`,
    { schema: { ...hidden, params: langParam }, preHandler: staffOnly(POPULATION_IMPORT) },
    async (request, reply) => {
      const l = lang(request.params);
      const actor = staffActor(request);
      const file = text(request.body, 'csv');
      if (file.trim() === '') {
        return render(request, reply, l, 400, { problems: [{ line: null, code: 'population.empty_paste' }] });
      }
      try {
        const saved = await importPopulation(db, file, { regionId: actor.regionId, importedBy: actor.name });
        return render(request, reply, l, 200, { saved });
      } catch (error) {
        if (error instanceof PopulationFileError) {
          return render(request, reply, l, 400, { problems: error.problems });
        }
        throw error;
      }
    },
  );
}
