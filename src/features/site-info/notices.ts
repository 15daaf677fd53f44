/**
 * The region's notices: the privacy notice (GDPR art. 13), the accessibility statement (Act
 * on the Provision of Digital Services 306/2019) and the cookie note. The texts are the
 * product's (src/i18n/areas/notices.ts, true of what the product does); the facts that differ
 * between regions are region configuration (region.notices, migration 0011), each with a
 * default, so a region with '{}' still has a complete notice.
 */
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DB, LocalizedText } from '../../platform/db/types.ts';

const email = z.email().max(254);
const localized = z.object({
  fi: z.string().min(1).max(4000),
  sv: z.string().min(1).max(4000).optional(),
  en: z.string().min(1).max(4000).optional(),
});

/** The facts of region.notices. Unknown keys are refused, so a misspelt fact is not lost silently. */
export const regionNoticesSchema = z
  .object({
    /** the controller's postal address, e.g. "PL 1711, 70211 Kuopio" */
    address: z.string().min(1).max(300).optional(),
    /** the registry office (kirjaamo): where requests under the data subject's rights go */
    registryEmail: email.optional(),
    registryPhone: z.string().min(1).max(40).optional(),
    /** the data protection officer */
    dpoEmail: email.optional(),
    /** the feedback channel of the accessibility statement */
    accessibilityFeedbackEmail: email.optional(),
    /** when the accessibility statement was prepared or last reviewed */
    accessibilityReviewedOn: z.iso.date().optional(),
    /** the region's own paragraphs after each notice (blank lines separate paragraphs) */
    more: z
      .object({
        privacy: localized.optional(),
        accessibility: localized.optional(),
        cookies: localized.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type RegionNotices = z.infer<typeof regionNoticesSchema>;

/** When the product's accessibility statement was written: the default of accessibilityReviewedOn. */
export const STATEMENT_WRITTEN_ON = '2026-12-06';

/** What the notice pages show of a region. */
export interface NoticeFacts {
  controller: LocalizedText;
  notices: RegionNotices & { accessibilityReviewedOn: string };
  /** the settings the notices quote (ACCESS_LOG_RETENTION_DAYS, SESSION_*) */
  settings: { accessLogRetentionDays: number; sessionIdleMinutes: number; sessionAbsoluteHours: number };
}

/**
 * The region's facts. Stored facts that break the schema (written by hand in the database)
 * are left out one by one, never the whole notice: the rest of the page still tells the truth.
 */
export async function readRegionNotices(db: Kysely<DB>, regionId: string): Promise<RegionNotices> {
  const row = await db.selectFrom('region').select('notices').where('id', '=', regionId).executeTakeFirst();
  const stored = (row?.notices ?? {}) as Record<string, unknown>;
  const parsed = regionNoticesSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stored)) {
    const one = regionNoticesSchema.safeParse({ [key]: value });
    if (one.success) Object.assign(kept, one.data);
  }
  return kept as RegionNotices;
}

/** Writes a region's facts (the demo seed; a region's own facts by SQL or a later admin page). */
export async function saveRegionNotices(db: Kysely<DB>, regionCode: string, notices: RegionNotices) {
  await db
    .updateTable('region')
    .set({ notices: sql`${JSON.stringify(regionNoticesSchema.parse(notices))}::jsonb` })
    .where('code', '=', regionCode)
    .execute();
}
