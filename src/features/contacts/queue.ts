/**
 * The shared regional queue: the region's open contacts for its counsellors and managers, most
 * urgent first, with the first line of each family's message for counsellors only.
 */
import { withAccess } from '../../platform/access/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type { ContactState, Urgency } from '../../platform/db/types.ts';
import { type ContactsDeps, nowOf } from './deps.ts';
import { queueRef } from './policy.ts';
import { queueRows } from './queries.ts';

export interface QueueFilters {
  municipality?: string;
  urgency?: Urgency;
  /** 'unassigned': new only; 'mine': assigned to the actor */
  show?: 'all' | 'unassigned' | 'mine';
}

export interface QueueItem {
  id: string;
  reference: string;
  state: ContactState;
  channel: string;
  contacter: string;
  municipalityCode: string | null;
  childAges: number[];
  topics: string[];
  urgency: Urgency;
  safety: string;
  replyChannel: string;
  /** the language the family is answered in */
  language: 'fi' | 'sv' | 'en';
  /**
   * The first line of the family's message, cut short (firstLine): for the counsellors of the
   * contact point only; null for a manager, who sees no free text.
   */
  firstLine: string | null;
  receivedAt: Date;
  respondBy: string;
  firstResponseAt: Date | null;
  assignedTo: string | null;
  assignedName: string | null;
  /** for optimistic concurrency: send it back with claim and assign */
  version: number;
}

/** One segmenter for every call: making one is costly (ICU), segmenting is lazy. */
const GRAPHEMES = new Intl.Segmenter('fi', { granularity: 'grapheme' });

/** Text whose every code unit is a grapheme: Basic Latin, Latin-1 and Latin Extended, nothing combining. */
const ONE_UNIT_GRAPHEMES = /^[\u0020-\u007e\u00a0-\u024f]*$/;

/** How much of the first line the queue shows, in user-perceived characters. */
export const FIRST_LINE_LENGTH = 120;

/**
 * The first non-empty line of a text, at most `max` user-perceived characters (graphemes, so an
 * emoji or a letter with its accent is never cut in two), cut at a word where one is near, with
 * an ellipsis when cut.
 */
export function firstLine(text: string, max = FIRST_LINE_LENGTH): string {
  const line = (text.split(/\r?\n|\r/).find((l) => l.trim() !== '') ?? '').trim();
  // a grapheme is at least one code unit: a short line needs no segmenting (the queue shows
  // 200 rows; a Segmenter made per row cost the queue 50 ms — docs/bench.md)
  if (line.length <= max) return line;
  const graphemes: string[] = [];
  if (ONE_UNIT_GRAPHEMES.test(line.slice(0, max + 1))) {
    // Latin letters as typed (ä, ö, å precomposed), no combining marks or surrogates: each
    // code unit is a grapheme, and segmenting (about 0.1 ms a line) is not needed
    for (const ch of line.slice(0, max + 1)) graphemes.push(ch);
  } else {
    for (const g of GRAPHEMES.segment(line)) {
      graphemes.push(g.segment);
      if (graphemes.length > max) break;
    }
  }
  if (graphemes.length <= max) return line;
  const head = graphemes.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  const cut = space >= max / 2 ? head.slice(0, space) : head;
  return `${cut.join('').trimEnd()}…`;
}

export const QUEUE_LIMIT = 200;

/**
 * The region's open contacts (no free text, no names): the most urgent first, then the oldest.
 * One access-log row per view names the list (resource contact_queue).
 */
export async function readQueue(
  deps: ContactsDeps,
  actor: StaffActor,
  filters: QueueFilters = {},
): Promise<{ items: QueueItem[]; total: number }> {
  return withAccess(
    deps.db,
    actor,
    'read',
    queueRef(filters.show ?? 'all'),
    async (trx, decision) => {
      // the family's words are for the contact point's counsellors, not for a manager's view
      const withText = decision.detail === 'contact_point_team';
      const rows = await queueRows(trx, {
        regionId: actor.regionId,
        userId: actor.userId,
        municipality: filters.municipality,
        urgency: filters.urgency,
        show: filters.show,
        withText,
        limit: QUEUE_LIMIT,
      });
      return {
        total: Number(rows[0]?.total ?? 0),
        items: rows.map((r) => ({
          id: r.id,
          reference: r.reference,
          state: r.state,
          channel: r.channel,
          contacter: r.contacter,
          municipalityCode: r.municipality_code,
          childAges: r.child_ages.map(Number),
          topics: r.topics,
          urgency: r.urgency,
          safety: r.safety,
          replyChannel: r.reply_channel,
          language: r.language,
          firstLine: withText && r.message_start !== null ? firstLine(r.message_start) : null,
          receivedAt: new Date(r.received_at),
          respondBy: r.respond_by,
          firstResponseAt: r.first_response_at ? new Date(r.first_response_at) : null,
          assignedTo: r.assigned_to,
          assignedName: r.assigned_name,
          version: r.version,
        })),
      };
    },
    { now: nowOf(deps) },
  );
}
