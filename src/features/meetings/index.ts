// What other features and the application may use of "Yhdessä aika" meetings (capability 8):
// features import each other only here. H4's family view and notes plug in their routes below.

import type { Feature, PlatformDeps } from '../../platform/feature.ts';
import { familyMeetingRoutes } from './family-routes.ts';
import { MEETING_TEMPLATES, renderMeetingTemplate } from './invitations.ts';
import { outcomeRoutes } from './outcome-routes.ts';
import { meetingListRef, meetingPolicy } from './policy.ts';
import { followUpReminderJob, REMINDER_TEMPLATES, renderReminderTemplate } from './reminders.ts';
import { meetingRoutes } from './routes.ts';

export { familyMeetingPort } from './family-routes.ts';
export { type MeetingsDeps, meetingReplyAddress } from './meetings.ts';
export { commonTime, MAX_SLOTS, MIN_SLOTS } from './model.ts';
export { type MeetingFacts, meetingPolicy, PARTICIPANT_LINK, sideOf } from './policy.ts';
export { familyPollToken, pollPath } from './poll.ts';
export { meetingReplyHandler, type ReplyOutcome, recordCalendarReply } from './replies.ts';
export { meetingCommonTime, meetingRequestCount } from './views.ts';

/** Yhdessä aika: the organiser's pages, the private poll page, the invitations and replies. */
export const feature: Feature<PlatformDeps> = {
  name: 'meetings',
  async register(app, deps) {
    const { db, config, publicUrl } = deps;
    const meetingsDeps = { db, config, publicUrl, ...(deps.now ? { now: deps.now } : {}) };
    await app.register(meetingRoutes, { deps: meetingsDeps });
    // the family's request and calendar under its status page; the notes
    await app.register(familyMeetingRoutes, { deps: meetingsDeps });
    await app.register(outcomeRoutes, { deps: meetingsDeps });
  },
  // the follow-up reminder
  jobs: ({ db, publicUrl }) => [followUpReminderJob(db, { publicUrl })],
  policies: [meetingPolicy],
  templates: {
    names: [...MEETING_TEMPLATES, ...REMINDER_TEMPLATES],
    render: (template, language, params) =>
      REMINDER_TEMPLATES.includes(template)
        ? renderReminderTemplate(template, language, params)
        : renderMeetingTemplate(template, language, params),
  },
  nav: [
    {
      section: 'meetings',
      path: '/staff/meetings',
      labelKey: 'meetings.nav.meetings',
      textKey: 'meetings.home.meetingsText',
      order: 45,
      visible: { action: 'read', resource: meetingListRef('region') },
    },
  ],
};
