/**
 * The routes of "Yhdessä aika": the staff pages (/:lang/staff/meetings…) and the participant's
 * private poll page (/:lang/yhdessa-aika/:token and its sv and en paths).
 */
import type { FastifyInstance } from 'fastify';
import type { MeetingsDeps } from './meetings.ts';

export async function meetingRoutes(_root: FastifyInstance, _opts: { deps: MeetingsDeps }) {}
