/**
 * "Where would this family get the best help?" for a region: the situation checked against the
 * reference data, the candidates read in one statement, and the pure ranking of matching.ts.
 */
import type { Kysely } from 'kysely';
import type { Lang } from '../../i18n/index.ts';
import type { DB } from '../../platform/db/types.ts';
import { badRequest } from '../../platform/errors.ts';
import { checkSituation, loadCandidates, matchingReference } from './candidates.ts';
import { askingServiceIds, regionFirstLine } from './first-line-store.ts';
import { DEFAULT_LIMIT, explain, rankSuggestions, type Situation, type SuggestionView } from './matching.ts';

/**
 * The ranked suggestions for a situation in the region, with reasons in `lang`, by the region's
 * first-line table; never the asking service itself (the counsellors' own contact point). Unknown codes
 * and a municipality of another region are refused (AppError 400 naming each field).
 */
export async function suggestionsFor(
  db: Kysely<DB>,
  regionId: string,
  situation: Situation,
  lang: Lang,
  now: Date = new Date(),
  limit: number = DEFAULT_LIMIT,
): Promise<SuggestionView[]> {
  const data = await matchingReference(db);
  const problems = checkSituation(data, regionId, situation);
  if (problems.length > 0) throw badRequest(problems);
  const [firstLine, asking] = await Promise.all([
    regionFirstLine(db, regionId),
    askingServiceIds(db, regionId),
  ]);
  const reference = { ...data, firstLine };
  const candidates = await loadCandidates(db, data, regionId, situation, { firstLine });
  return rankSuggestions(situation, candidates, now, reference, { limit, exclude: asking }).map((s) =>
    explain(s, lang, reference),
  );
}
