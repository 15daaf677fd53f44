import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText, Urgency } from '../../../platform/db/types.ts';
import { StaffLayout, sectionLabel, sectionsFor, sectionText } from '../../../ui/StaffLayout.tsx';

/**
 * What waits for the user, counted by the features that own it (through the access policy):
 * the shared queue's open contacts by urgency, unclaimed, overdue and the user's own; and the
 * handoffs waiting for the user's unit. Null where the user has no such list.
 */
export interface StaffWaiting {
  queue: {
    open: Record<Urgency, number>;
    unclaimed: number;
    overdue: number;
    mine: number | null;
  } | null;
  handoffs: number | null;
  /** consultations in the region's queue nobody has claimed; null without that queue */
  consultations?: number | null;
  /** families' Yhdessä aika requests waiting for an organiser; null without the section */
  meetingRequests?: number | null;
}

export function StaffHomePage(props: {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  waiting?: StaffWaiting;
}) {
  const { lang, actor, waiting } = props;
  const ta = translations(lang).admin;
  const tools = sectionsFor(actor).filter((s) => s.key !== 'home');
  return (
    <StaffLayout {...props} title={ta.home.title} path="/staff" current="home">
      <h1>{ta.home.title}</h1>
      <p className="lead">{format(ta.home.lead, { name: actor.name })}</p>
      <p>
        {ta.home.yourRoles}: {[...new Set(actor.roles.map((r) => ta.roles[r.role]))].join(', ')}
      </p>
      {waiting &&
      (waiting.queue ||
        waiting.handoffs !== null ||
        typeof waiting.consultations === 'number' ||
        typeof waiting.meetingRequests === 'number') ? (
        <Waiting lang={lang} waiting={waiting} />
      ) : null}
      {tools.length === 0 ? <p className="notice">{ta.home.nothingYet}</p> : null}
      {tools.map((s) => (
        <section key={s.key} className="card" data-qa={`tool-${s.key}`}>
          <h2>
            <a href={`/${lang}${s.href}`}>{sectionLabel(lang, s.key)}</a>
          </h2>
          <p>{sectionText(lang, s.key)}</p>
        </section>
      ))}
    </StaffLayout>
  );
}

/** The counts, each a link to the list it counts; a count above zero stands out in bold. */
function Waiting({ lang, waiting }: { lang: Lang; waiting: StaffWaiting }) {
  const th = translations(lang).contactStaff.home;
  const q = waiting.queue;
  const item = (qa: string, href: string, text: string, n: number) => (
    <li key={qa}>
      <a href={`/${lang}${href}`} data-qa={qa} className={n > 0 ? 'has-waiting' : undefined}>
        {n > 0 ? <strong>{format(text, { n })}</strong> : format(text, { n })}
      </a>
    </li>
  );
  return (
    <section className="card waiting" aria-labelledby="waiting-title" data-qa="waiting">
      <h2 id="waiting-title">{th.waitingTitle}</h2>
      {q ? (
        <>
          <h3>{th.waitingQueue}</h3>
          <ul className="waiting-counts">
            {item(
              'waiting-emergency',
              '/staff/queue?urgency=emergency',
              th.waitingEmergency,
              q.open.emergency,
            )}
            {item('waiting-urgent', '/staff/queue?urgency=urgent', th.waitingUrgent, q.open.urgent)}
            {item('waiting-normal', '/staff/queue?urgency=normal', th.waitingNormal, q.open.normal)}
            {item('waiting-unclaimed', '/staff/queue?show=unassigned', th.waitingUnclaimed, q.unclaimed)}
            {item('waiting-overdue', '/staff/queue', th.waitingOverdue, q.overdue)}
            {q.mine !== null ? item('waiting-mine', '/staff/my-work', th.waitingMine, q.mine) : null}
          </ul>
        </>
      ) : null}
      {waiting.handoffs !== null ? (
        <ul className="waiting-counts">
          {item('waiting-handoffs', '/staff/handoffs', th.waitingHandoffs, waiting.handoffs)}
        </ul>
      ) : null}
      {typeof waiting.consultations === 'number' || typeof waiting.meetingRequests === 'number' ? (
        <ul className="waiting-counts">
          {typeof waiting.consultations === 'number'
            ? item(
                'waiting-consultations',
                '/staff/consultations',
                th.waitingConsultations,
                waiting.consultations,
              )
            : null}
          {typeof waiting.meetingRequests === 'number'
            ? item(
                'waiting-meeting-requests',
                '/staff/meetings',
                th.waitingMeetingRequests,
                waiting.meetingRequests,
              )
            : null}
        </ul>
      ) : null}
    </section>
  );
}
