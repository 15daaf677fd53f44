/**
 * The surveys' access policy (capability 12), registered with the one door (door.ts). Surveys
 * are built, sent and read by the region's managers and administrators; a survey of another
 * region does not exist for them ("not found"), nor for anyone else.
 *
 * Resource types:
 * - survey_section: factless, the navigation's and the section's question (read);
 * - survey: one survey (id), or a new one (id null, create), with its questions, its sending
 *   (update) and its results (read, export).
 *
 * Answering a published survey through its link is no access to anyone's data and does not
 * come to the door: a log row would put a time on an anonymous answer (docs/surveys.md).
 */
import type { Transaction } from 'kysely';
import {
  type AccessAction,
  type AccessActor,
  type AccessDecision,
  definePolicy,
  type LogTarget,
  type ResourceRef,
} from '../../platform/access/door.ts';
import type { StaffRole } from '../../platform/auth/actor.ts';
import type { DB } from '../../platform/db/types.ts';
import type { AccessQuestion } from '../../platform/feature.ts';

export const SURVEY_RESOURCES = ['survey', 'survey_section'] as const;

/** Who builds surveys and reads their results. */
export const SURVEY_ROLES: readonly StaffRole[] = ['manager', 'administrator'];

/** The section's question: the navigation entry and every page's guard ask it. */
export const SURVEY_SECTION: AccessQuestion = {
  action: 'read',
  resource: { type: 'survey_section', id: null },
};

export interface SurveyFacts {
  survey: { regionId: string } | null;
}

const deny = (reason: string): AccessDecision => ({ allowed: false, reason });

/**
 * 1. Only staff with a manager's or an administrator's role.
 * 2. The section: read.
 * 3. A new survey: in their own region.
 * 4. One survey: of their own region (another region's: "not found").
 */
export function decideSurvey(
  actor: AccessActor,
  action: AccessAction,
  resource: ResourceRef,
  facts: SurveyFacts | undefined,
): AccessDecision {
  if (actor.kind !== 'staff') return deny(actor.kind === 'anonymous' ? 'anonymous' : 'not_staff');
  const role = actor.roles.find((r) => SURVEY_ROLES.includes(r.role))?.role;
  if (!role) return deny('role');
  if (resource.type === 'survey_section')
    return action === 'read' ? { allowed: true, role, basis: 'role' } : deny('action_not_allowed');
  if (action === 'create') return { allowed: true, role, basis: 'role' };
  const survey = facts?.survey ?? null;
  if (!survey) return deny('no_such_survey');
  if (survey.regionId !== actor.regionId) return deny('other_region');
  return { allowed: true, role, basis: 'role' };
}

async function loadFacts(
  trx: Transaction<DB>,
  _actor: AccessActor,
  action: AccessAction,
  resource: ResourceRef,
): Promise<SurveyFacts> {
  if (resource.type !== 'survey' || resource.id === null || action === 'create') return { survey: null };
  const row = await trx
    .selectFrom('survey')
    .select('region_id')
    .where('id', '=', resource.id)
    .executeTakeFirst();
  return { survey: row ? { regionId: row.region_id } : null };
}

export const surveyPolicy = definePolicy<SurveyFacts>({
  resources: SURVEY_RESOURCES,
  actions: ['read', 'create', 'update', 'export'],
  notFound: 'survey.not_found',
  factless: ['survey_section'],
  facts: loadFacts,
  decide: decideSurvey,
  target(facts, actor, resource): LogTarget {
    return {
      regionId: facts?.survey?.regionId ?? (actor.kind === 'staff' ? actor.regionId : null),
      clientId: null,
      registryOrganizationId: null,
      resourceId: resource.id ?? null,
    };
  },
});
