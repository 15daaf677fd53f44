/**
 * The surveys' use cases (capability 12). The manager's steps each go through the door
 * (withAccess: one transaction, the decision, the access-log row) and change a draft only at
 * the version its form was read at; a failed step changes nothing. A public answer is one
 * transaction of its own: the survey open on Helsinki's day, the required answers given, an
 * invitation used once — or nothing is saved.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Lang } from '../../i18n/index.ts';
import { withAccess } from '../../platform/access/door.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError, badRequest } from '../../platform/errors.ts';
import { enqueue } from '../../platform/outbox.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import { networkOfRegion } from '../network/index.ts';
import {
  answersFromInput,
  MAX_QUESTIONS,
  MAX_RECIPIENTS,
  type Openness,
  openness,
  type Posted,
  publishProblem,
  type QuestionInput,
  type QuestionView,
  type SurveySettings,
} from './model.ts';
import {
  answerCounts,
  deleteQuestion,
  insertInvitations,
  insertQuestion,
  insertResponse,
  insertSurvey,
  invitationByHash,
  invitationCounts,
  markInvitationUsed,
  professionalAddresses,
  questionsOf,
  responseCount,
  type SurveyListRow,
  type SurveyRow,
  setPositions,
  setSurveyState,
  surveyById,
  surveyByPublicToken,
  surveysOfRegion,
  touchSurvey,
  updateQuestion,
  updateSurveySettings,
} from './queries.ts';
import { type SurveyResults, surveyResults } from './results.ts';

export interface SurveyDeps {
  db: Kysely<DB>;
  publicUrl: string;
  now?: () => Date;
}

const clock = (deps: SurveyDeps) => deps.now?.() ?? new Date();
const ref = (id: string) => ({ type: 'survey', id });
const notFound = () => new AppError('survey.not_found', 404);

/** The token of a link, as it is kept: only its hash (an invitation's). */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
/** A link's key: 24 random bytes for the public link, 32 for an invitation (base64url). */
const newToken = (bytes: number) => randomBytes(bytes).toString('base64url');

/** A survey's address for answering, in a language. */
export const answerPath = (lang: Lang, token: string) => `/${lang}/survey/${token}`;

// ---------------------------------------------------------------- the manager's side

export function listSurveys(deps: SurveyDeps, actor: StaffActor): Promise<SurveyListRow[]> {
  return withAccess(
    deps.db,
    actor,
    'read',
    { type: 'survey_section', id: null },
    (trx) => surveysOfRegion(trx, actor.regionId),
    { now: clock(deps) },
  );
}

export async function createSurvey(
  deps: SurveyDeps,
  actor: StaffActor,
  settings: SurveySettings,
): Promise<string> {
  const id = randomUUID();
  await withAccess(
    deps.db,
    actor,
    'create',
    ref(id),
    (trx) => insertSurvey(trx, { id, regionId: actor.regionId, createdBy: actor.userId, ...settings }),
    { now: clock(deps) },
  );
  return id;
}

export interface SurveyView {
  survey: SurveyRow;
  questions: QuestionView[];
  invitations: { sent: number; used: number };
  responses: number;
  openness: Openness;
}

export function readSurvey(deps: SurveyDeps, actor: StaffActor, id: string): Promise<SurveyView> {
  const now = clock(deps);
  return withAccess(
    deps.db,
    actor,
    'read',
    ref(id),
    async (trx) => {
      const survey = await surveyById(trx, id);
      if (!survey) throw notFound();
      return {
        survey,
        questions: await questionsOf(trx, id),
        invitations: await invitationCounts(trx, id),
        responses: await responseCount(trx, id),
        openness: openness(survey, helsinkiDate(now)),
      };
    },
    { now },
  );
}

/**
 * One change of a draft, at the version its form was read at: a published survey's questions
 * and settings are frozen (409 survey.published_frozen), a stale form is 409 survey.stale.
 */
function changeDraft<T>(
  deps: SurveyDeps,
  actor: StaffActor,
  id: string,
  version: number | undefined,
  work: (trx: Transaction<DB>, survey: SurveyRow) => Promise<T>,
): Promise<T> {
  const now = clock(deps);
  return withAccess(
    deps.db,
    actor,
    'update',
    ref(id),
    async (trx) => {
      const survey = await surveyById(trx, id, true);
      if (!survey) throw notFound();
      if (survey.state !== 'draft') throw new AppError('survey.published_frozen', 409);
      if (version !== undefined && version !== survey.version) throw new AppError('survey.stale', 409);
      const result = await work(trx, survey);
      await touchSurvey(trx, id, now);
      return result;
    },
    { now },
  );
}

export function saveSettings(
  deps: SurveyDeps,
  actor: StaffActor,
  id: string,
  version: number | undefined,
  settings: SurveySettings,
): Promise<void> {
  return changeDraft(deps, actor, id, version, (trx) => updateSurveySettings(trx, id, settings));
}

export function addQuestion(
  deps: SurveyDeps,
  actor: StaffActor,
  id: string,
  version: number | undefined,
  question: QuestionInput,
): Promise<string> {
  return changeDraft(deps, actor, id, version, async (trx) => {
    const questions = await questionsOf(trx, id);
    if (questions.length >= MAX_QUESTIONS)
      throw badRequest([
        { field: 'text_fi', code: 'survey.too_many_questions', params: { max: MAX_QUESTIONS } },
      ]);
    const questionId = randomUUID();
    await insertQuestion(trx, { id: questionId, surveyId: id, position: questions.length + 1, ...question });
    return questionId;
  });
}

export function editQuestion(
  deps: SurveyDeps,
  actor: StaffActor,
  id: string,
  questionId: string,
  version: number | undefined,
  question: QuestionInput,
): Promise<void> {
  return changeDraft(deps, actor, id, version, async (trx) => {
    if ((await updateQuestion(trx, id, questionId, question)) !== 1) throw notFound();
  });
}

export function moveQuestion(
  deps: SurveyDeps,
  actor: StaffActor,
  id: string,
  questionId: string,
  version: number | undefined,
  direction: 'up' | 'down',
): Promise<void> {
  return changeDraft(deps, actor, id, version, async (trx) => {
    const ids = (await questionsOf(trx, id)).map((q) => q.id);
    const at = ids.indexOf(questionId);
    if (at < 0) throw notFound();
    const to = direction === 'up' ? at - 1 : at + 1;
    if (to < 0 || to >= ids.length) return;
    [ids[at], ids[to]] = [ids[to] as string, ids[at] as string];
    await setPositions(trx, id, ids);
  });
}

export function removeQuestion(
  deps: SurveyDeps,
  actor: StaffActor,
  id: string,
  questionId: string,
  version: number | undefined,
): Promise<void> {
  return changeDraft(deps, actor, id, version, async (trx) => {
    if ((await deleteQuestion(trx, id, questionId)) !== 1) throw notFound();
    await setPositions(
      trx,
      id,
      (await questionsOf(trx, id)).map((q) => q.id),
    );
  });
}

/** Publishes a draft with its public link; a survey with no questions stays a draft (400). */
export function publishSurvey(
  deps: SurveyDeps,
  actor: StaffActor,
  id: string,
  version: number | undefined,
): Promise<string> {
  const today = helsinkiDate(clock(deps));
  return changeDraft(deps, actor, id, version, async (trx, survey) => {
    const problem = publishProblem(survey, (await questionsOf(trx, id)).length, today);
    if (problem) throw badRequest([problem], problem.code);
    const token = newToken(24);
    await setSurveyState(trx, id, 'published', token);
    return token;
  });
}

/** Closes a published survey before its last day: its links take no more answers. */
export function closeSurvey(
  deps: SurveyDeps,
  actor: StaffActor,
  id: string,
  version: number | undefined,
): Promise<void> {
  const now = clock(deps);
  return withAccess(
    deps.db,
    actor,
    'update',
    ref(id),
    async (trx) => {
      const survey = await surveyById(trx, id, true);
      if (!survey) throw notFound();
      if (survey.state !== 'published') throw new AppError('survey.not_published', 409);
      if (version !== undefined && version !== survey.version) throw new AppError('survey.stale', 409);
      await setSurveyState(trx, id, 'closed');
      await touchSurvey(trx, id, now);
    },
    { now },
  );
}

export interface SendInput {
  /** to the region's network professionals (a professionals' survey only) */
  network: boolean;
  /** the addresses the manager pasted, checked (recipientsFromInput) */
  addresses: string[];
  /** the language of the mail and of the link */
  language: Lang;
}

/**
 * E-mails every recipient a link of their own through the outbox (one answer each). The
 * addresses go only into the outbox, which clears them once sent; the survey keeps the hashes.
 * Returns how many were sent.
 */
export function sendInvitations(
  deps: SurveyDeps,
  actor: StaffActor,
  id: string,
  input: SendInput,
): Promise<number> {
  const now = clock(deps);
  return withAccess(
    deps.db,
    actor,
    'update',
    ref(id),
    async (trx) => {
      const survey = await surveyById(trx, id, true);
      if (!survey) throw notFound();
      if (survey.state === 'draft') throw new AppError('survey.not_published', 409);
      if (openness(survey, helsinkiDate(now)) === 'closed') throw new AppError('survey.closed', 409);
      if (input.network && survey.audience !== 'professionals')
        throw badRequest([{ field: 'network', code: 'survey.network_only_professionals' }]);
      const recipients = new Set(input.addresses);
      if (input.network) {
        for (const address of await professionalAddresses(trx, survey.regionId))
          recipients.add(address.toLowerCase());
        for (const unit of await networkOfRegion(trx, survey.regionId))
          if (unit.email) recipients.add(unit.email.toLowerCase());
      }
      if (recipients.size === 0) throw badRequest([{ field: 'addresses', code: 'survey.no_recipients' }]);
      if (recipients.size > MAX_RECIPIENTS)
        throw badRequest([
          { field: 'addresses', code: 'survey.too_many_recipients', params: { max: MAX_RECIPIENTS } },
        ]);
      const invitations = [...recipients].map((recipient) => ({
        recipient,
        token: newToken(32),
        id: randomUUID(),
      }));
      await insertInvitations(
        trx,
        invitations.map((i) => ({ id: i.id, surveyId: id, tokenHash: tokenHash(i.token) })),
      );
      const title = survey.title[input.language] || survey.title.fi;
      for (const i of invitations) {
        await enqueue(trx, {
          channel: 'email',
          recipient: i.recipient,
          template: 'survey_invitation',
          language: input.language,
          params: {
            title,
            url: `${deps.publicUrl}${answerPath(input.language, i.token)}`,
            closesOn: survey.closesOn,
          },
        });
      }
      return invitations.length;
    },
    { now },
  );
}

export interface ResultsView {
  survey: SurveyRow;
  results: SurveyResults;
}

/** The results with small counts protected; 'export' for the CSV files (logged as such). */
export function readResults(
  deps: SurveyDeps,
  actor: StaffActor,
  id: string,
  action: 'read' | 'export' = 'read',
): Promise<ResultsView> {
  return withAccess(
    deps.db,
    actor,
    action,
    ref(id),
    async (trx) => {
      const survey = await surveyById(trx, id);
      if (!survey) throw notFound();
      const questions = await questionsOf(trx, id);
      const results = surveyResults(questions, await answerCounts(trx, id), await responseCount(trx, id));
      return { survey, results };
    },
    { now: clock(deps) },
  );
}

// ---------------------------------------------------------------- the respondent's side

export interface AnswerView {
  survey: SurveyRow;
  questions: QuestionView[];
  openness: Openness;
  /** an invitation's link that has been used already */
  used: boolean;
}

/** Whose link: the survey's public token, or an invitation's (then its hash). */
async function surveyOfLink(
  db: Kysely<DB> | Transaction<DB>,
  token: string,
): Promise<{ survey: SurveyRow; invitationHash: string | null; used: boolean } | null> {
  const survey = await surveyByPublicToken(db, token);
  if (survey) return { survey, invitationHash: null, used: false };
  const hash = tokenHash(token);
  const invitation = await invitationByHash(db, hash);
  if (!invitation) return null;
  const invited = await surveyById(db, invitation.surveyId);
  return invited ? { survey: invited, invitationHash: hash, used: invitation.used } : null;
}

export async function surveyForAnswering(deps: SurveyDeps, token: string): Promise<AnswerView> {
  const link = await surveyOfLink(deps.db, token);
  if (!link || link.survey.state === 'draft') throw notFound();
  return {
    survey: link.survey,
    questions: await questionsOf(deps.db, link.survey.id),
    openness: openness(link.survey, helsinkiDate(clock(deps))),
    used: link.used,
  };
}

/**
 * Saves one anonymous response: 404 for an unknown link, 409 survey.closed outside the survey's
 * days, 400 with the problems beside their questions, 409 survey.already_answered for an
 * invitation used before. Nothing is saved unless everything is.
 */
export async function answerSurvey(
  deps: SurveyDeps,
  token: string,
  lang: Lang,
  values: Posted,
): Promise<void> {
  const now = clock(deps);
  await deps.db.transaction().execute(async (trx) => {
    const link = await surveyOfLink(trx, token);
    if (!link || link.survey.state === 'draft') throw notFound();
    const open = openness(link.survey, helsinkiDate(now));
    if (open !== 'open') throw new AppError('survey.closed', 409);
    const questions = await questionsOf(trx, link.survey.id);
    const parsed = answersFromInput(questions, values);
    if (!parsed.ok) throw badRequest(parsed.problems);
    if (link.invitationHash !== null && !(await markInvitationUsed(trx, link.invitationHash)))
      throw new AppError('survey.already_answered', 409);
    await insertResponse(
      trx,
      { id: randomUUID(), surveyId: link.survey.id, language: lang, answeredOn: helsinkiDate(now) },
      parsed.value,
    );
  });
}
