/**
 * The surveys' SQL (the only place that names the survey tables). Each function is called
 * inside a transaction: the door's (withAccess) for the manager's reads and changes, the
 * answer's own for a public answer.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type {
  DB,
  Lang3,
  LocalizedText,
  SurveyAudience,
  SurveyQuestionKind,
  SurveyState,
} from '../../platform/db/types.ts';
import type { AnswerInput, QuestionInput, QuestionView, SurveySettings } from './model.ts';
import type { QuestionCounts } from './results.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface SurveyRow {
  id: string;
  regionId: string;
  audience: SurveyAudience;
  title: LocalizedText;
  intro: LocalizedText;
  opensOn: string;
  closesOn: string;
  state: SurveyState;
  publicToken: string | null;
  version: number;
  createdAt: Date;
}

const surveyColumns = [
  'id',
  'region_id',
  'audience',
  'title',
  'intro',
  'opens_on',
  'closes_on',
  'state',
  'public_token',
  'version',
  'created_at',
] as const;

function surveyOf(r: {
  id: string;
  region_id: string;
  audience: SurveyAudience;
  title: LocalizedText;
  intro: LocalizedText;
  opens_on: string;
  closes_on: string;
  state: SurveyState;
  public_token: string | null;
  version: number;
  created_at: Date;
}): SurveyRow {
  return {
    id: r.id,
    regionId: r.region_id,
    audience: r.audience,
    title: r.title,
    intro: r.intro,
    opensOn: r.opens_on,
    closesOn: r.closes_on,
    state: r.state,
    publicToken: r.public_token,
    version: r.version,
    createdAt: r.created_at,
  };
}

export interface SurveyListRow extends SurveyRow {
  responses: number;
}

/** The region's surveys, newest first, with how many responses each has. */
export async function surveysOfRegion(db: Db, regionId: string): Promise<SurveyListRow[]> {
  const rows = await db
    .selectFrom('survey')
    .select(surveyColumns)
    .select((eb) =>
      eb
        .selectFrom('survey_response')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('survey_response.survey_id', '=', 'survey.id')
        .as('responses'),
    )
    .where('region_id', '=', regionId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(500)
    .execute();
  return rows.map((r) => ({ ...surveyOf(r), responses: Number(r.responses ?? 0) }));
}

export async function insertSurvey(
  db: Db,
  survey: { id: string; regionId: string; createdBy: string } & SurveySettings,
): Promise<void> {
  await db
    .insertInto('survey')
    .values({
      id: survey.id,
      region_id: survey.regionId,
      audience: survey.audience,
      title: JSON.stringify(survey.title),
      intro: JSON.stringify(survey.intro),
      opens_on: survey.opensOn,
      closes_on: survey.closesOn,
      created_by: survey.createdBy,
    })
    .execute();
}

export async function surveyById(db: Db, id: string, lock = false): Promise<SurveyRow | null> {
  let q = db.selectFrom('survey').select(surveyColumns).where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? surveyOf(row) : null;
}

export async function surveyByPublicToken(db: Db, token: string): Promise<SurveyRow | null> {
  const row = await db
    .selectFrom('survey')
    .select(surveyColumns)
    .where('public_token', '=', token)
    .executeTakeFirst();
  return row ? surveyOf(row) : null;
}

/** A survey's changes each move its version on (optimistic concurrency). */
export async function touchSurvey(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable('survey')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .execute();
}

export async function updateSurveySettings(db: Db, id: string, settings: SurveySettings): Promise<void> {
  await db
    .updateTable('survey')
    .set({
      audience: settings.audience,
      title: JSON.stringify(settings.title),
      intro: JSON.stringify(settings.intro),
      opens_on: settings.opensOn,
      closes_on: settings.closesOn,
    })
    .where('id', '=', id)
    .execute();
}

export async function setSurveyState(
  db: Db,
  id: string,
  state: SurveyState,
  publicToken?: string,
): Promise<void> {
  await db
    .updateTable('survey')
    .set(publicToken ? { state, public_token: publicToken } : { state })
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------- questions

export async function questionsOf(db: Db, surveyId: string): Promise<QuestionView[]> {
  const rows = await db
    .selectFrom('survey_question')
    .select(['id', 'position', 'kind', 'text', 'options', 'required'])
    .where('survey_id', '=', surveyId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    kind: r.kind as SurveyQuestionKind,
    text: r.text,
    options: r.options,
    required: r.required,
  }));
}

export async function insertQuestion(
  db: Db,
  q: { id: string; surveyId: string; position: number } & QuestionInput,
): Promise<void> {
  await db
    .insertInto('survey_question')
    .values({
      id: q.id,
      survey_id: q.surveyId,
      position: q.position,
      kind: q.kind,
      text: JSON.stringify(q.text),
      options: JSON.stringify(q.options),
      required: q.required,
    })
    .execute();
}

export async function updateQuestion(
  db: Db,
  surveyId: string,
  id: string,
  q: QuestionInput,
): Promise<number> {
  const result = await db
    .updateTable('survey_question')
    .set({
      kind: q.kind,
      text: JSON.stringify(q.text),
      options: JSON.stringify(q.options),
      required: q.required,
    })
    .where('id', '=', id)
    .where('survey_id', '=', surveyId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function deleteQuestion(db: Db, surveyId: string, id: string): Promise<number> {
  const result = await db
    .deleteFrom('survey_question')
    .where('id', '=', id)
    .where('survey_id', '=', surveyId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Numbers the questions 1, 2, 3 … in the given order. */
export async function setPositions(db: Db, surveyId: string, orderedIds: readonly string[]): Promise<void> {
  for (const [i, id] of orderedIds.entries()) {
    await db
      .updateTable('survey_question')
      .set({ position: i + 1 })
      .where('id', '=', id)
      .where('survey_id', '=', surveyId)
      .execute();
  }
}

// ---------------------------------------------------------------- answers

export async function insertResponse(
  db: Db,
  response: { id: string; surveyId: string; language: Lang3; answeredOn: string },
  answers: readonly AnswerInput[],
): Promise<void> {
  await db
    .insertInto('survey_response')
    .values({
      id: response.id,
      survey_id: response.surveyId,
      language: response.language,
      answered_on: response.answeredOn,
    })
    .execute();
  if (answers.length === 0) return;
  await db
    .insertInto('survey_answer')
    .values(
      answers.map((a) => ({
        response_id: response.id,
        question_id: a.questionId,
        choices: a.choices,
        scale: a.scale,
        text: a.text,
      })),
    )
    .execute();
}

export async function insertInvitations(
  db: Db,
  rows: readonly { id: string; surveyId: string; tokenHash: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('survey_invitation')
    .values(rows.map((r) => ({ id: r.id, survey_id: r.surveyId, token_hash: r.tokenHash })))
    .execute();
}

export async function invitationByHash(
  db: Db,
  tokenHash: string,
): Promise<{ surveyId: string; used: boolean } | null> {
  const row = await db
    .selectFrom('survey_invitation')
    .select(['survey_id', 'used'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? { surveyId: row.survey_id, used: row.used } : null;
}

/** Marks an unused invitation used; false when it was used already (or is not there). */
export async function markInvitationUsed(db: Db, tokenHash: string): Promise<boolean> {
  const result = await db
    .updateTable('survey_invitation')
    .set({ used: true })
    .where('token_hash', '=', tokenHash)
    .where('used', '=', false)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function invitationCounts(db: Db, surveyId: string): Promise<{ sent: number; used: number }> {
  const row = await db
    .selectFrom('survey_invitation')
    .select([sql<string>`count(*)`.as('sent'), sql<string>`count(*) FILTER (WHERE used)`.as('used')])
    .where('survey_id', '=', surveyId)
    .executeTakeFirstOrThrow();
  return { sent: Number(row.sent), used: Number(row.used) };
}

// ---------------------------------------------------------------- recipients

/**
 * The e-mail addresses of the region's network professionals: its active staff users with a
 * partner's, receiving worker's or counsellor's role who have one (the units' own addresses
 * come from the network registry).
 */
export async function professionalAddresses(db: Db, regionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('staff_user')
    .innerJoin('staff_role', 'staff_role.staff_user_id', 'staff_user.id')
    .select('staff_user.email')
    .distinct()
    .where('staff_user.region_id', '=', regionId)
    .where('staff_user.active', '=', true)
    .where('staff_user.email', 'is not', null)
    .where('staff_role.role', 'in', ['partner', 'receiving_worker', 'counsellor'])
    .execute();
  return rows.flatMap((r) => (r.email ? [r.email] : []));
}

// ---------------------------------------------------------------- results

export async function responseCount(db: Db, surveyId: string): Promise<number> {
  const row = await db
    .selectFrom('survey_response')
    .select(sql<string>`count(*)`.as('n'))
    .where('survey_id', '=', surveyId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Per question: how many answered it, the count per option or scale value, and the texts. */
export async function answerCounts(db: Db, surveyId: string): Promise<QuestionCounts[]> {
  const answered = await sql<{ question_id: string; n: string }>`
    SELECT a.question_id, count(*) AS n
    FROM survey_answer a JOIN survey_question q ON q.id = a.question_id
    WHERE q.survey_id = ${surveyId}
    GROUP BY a.question_id`.execute(db);
  const choices = await sql<{ question_id: string; value: number; n: string }>`
    SELECT a.question_id, c.value, count(*) AS n
    FROM survey_answer a JOIN survey_question q ON q.id = a.question_id
      CROSS JOIN LATERAL unnest(a.choices) AS c(value)
    WHERE q.survey_id = ${surveyId}
    GROUP BY a.question_id, c.value`.execute(db);
  const scales = await sql<{ question_id: string; value: number; n: string }>`
    SELECT a.question_id, a.scale AS value, count(*) AS n
    FROM survey_answer a JOIN survey_question q ON q.id = a.question_id
    WHERE q.survey_id = ${surveyId} AND a.scale IS NOT NULL
    GROUP BY a.question_id, a.scale`.execute(db);
  const texts = await sql<{ question_id: string; text: string }>`
    SELECT a.question_id, a.text
    FROM survey_answer a JOIN survey_question q ON q.id = a.question_id
    WHERE q.survey_id = ${surveyId} AND a.text IS NOT NULL
    ORDER BY a.text`.execute(db);
  const out = new Map<string, QuestionCounts>();
  const of = (id: string) => {
    let c = out.get(id);
    if (!c) {
      c = { questionId: id, answered: 0, counts: new Map(), texts: [] };
      out.set(id, c);
    }
    return c;
  };
  for (const r of answered.rows) of(r.question_id).answered = Number(r.n);
  for (const r of [...choices.rows, ...scales.rows])
    of(r.question_id).counts.set(Number(r.value), Number(r.n));
  for (const r of texts.rows) of(r.question_id).texts.push(r.text);
  return [...out.values()];
}
