/**
 * The duty roster, 14 days at a time: who answers the region's phone and who works the queue.
 * Counsellors read it; a manager ticks the counsellors of each day and saves that day (each
 * row is its own form, joined to its checkboxes with the form attribute, so no JavaScript).
 */
import { errorMessage, format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import type { FieldProblem } from '../../../platform/errors.ts';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import type { Roster, RosterDay } from '../roster.ts';
import { day as dayText, Hidden } from './StaffParts.tsx';

export const ROSTER_DAYS = 14;

/** 'YYYY-MM-DD' moved by n calendar days. */
export function shiftDay(value: string, n: number): string {
  const d = new Date(`${value}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const weekdayFormats = new Map<Lang, Intl.DateTimeFormat>();
function weekday(lang: Lang, value: string): string {
  let f = weekdayFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'sv' ? 'sv-FI' : lang === 'en' ? 'en-GB' : 'fi-FI', {
      weekday: 'long',
      timeZone: 'UTC',
    });
    weekdayFormats.set(lang, f);
  }
  const name = f.format(new Date(`${value}T12:00:00Z`));
  return name.charAt(0).toUpperCase() + name.slice(1);
}

const isWeekend = (value: string) => [0, 6].includes(new Date(`${value}T12:00:00Z`).getUTCDay());

export interface RosterAgain {
  day: string;
  phone: string[];
  queue: string[];
  problems: FieldProblem[];
}

export function StaffRosterPage(props: {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  flash?: string;
  roster: Roster;
  today: string;
  again?: RosterAgain;
}) {
  const { lang, roster, today, again } = props;
  const tr = translations(lang).contactStaff.roster;
  const from = roster.from;
  const to = shiftDay(from, roster.days.length - 1);
  const search = from === today ? '' : `?from=${from}`;
  return (
    <StaffLayout
      lang={lang}
      title={tr.title}
      path="/staff/roster"
      search={search}
      actor={props.actor}
      organizationName={props.organizationName}
      current="roster"
      csrf={props.csrf}
      flash={props.flash}
    >
      <h1>{tr.title}</h1>
      <p>{roster.canEdit ? tr.leadManager : tr.lead}</p>
      <nav aria-label={tr.pager} className="roster-pager wide">
        <ul>
          <li>
            <a href={`/${lang}/staff/roster?from=${shiftDay(from, -ROSTER_DAYS)}`} data-qa="roster-previous">
              <span aria-hidden="true">← </span>
              {tr.previous}
            </a>
          </li>
          {from !== today ? (
            <li>
              <a href={`/${lang}/staff/roster`}>{tr.today}</a>
            </li>
          ) : null}
          <li>
            <a href={`/${lang}/staff/roster?from=${shiftDay(from, ROSTER_DAYS)}`} data-qa="roster-next">
              {tr.next}
              <span aria-hidden="true"> →</span>
            </a>
          </li>
        </ul>
      </nav>
      <h2 className="roster-range">{format(tr.range, { from: dayText(from), to: dayText(to) })}</h2>
      {roster.counsellors.length === 0 ? <p className="notice">{tr.noCounsellors}</p> : null}
      <table className="roster-table wide" data-qa="roster">
        <thead>
          <tr>
            <th scope="col">{tr.day}</th>
            <th scope="col">{tr.phone}</th>
            <th scope="col">{tr.queue}</th>
            {roster.canEdit ? (
              <th scope="col">
                <span className="visually-hidden">{tr.save}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {roster.days.map((d) => (
            <DayRow
              key={d.day}
              lang={lang}
              d={d}
              today={today}
              roster={roster}
              csrf={props.csrf}
              again={again?.day === d.day ? again : undefined}
            />
          ))}
        </tbody>
      </table>
    </StaffLayout>
  );
}

function DayRow({
  lang,
  d,
  today,
  roster,
  csrf,
  again,
}: {
  lang: Lang;
  d: RosterDay;
  today: string;
  roster: Roster;
  csrf: string;
  again?: RosterAgain;
}) {
  const tr = translations(lang).contactStaff.roster;
  const date = dayText(d.day);
  const formId = `roster-${d.day}`;
  const off = !d.workingDay ? (isWeekend(d.day) ? tr.weekend : tr.holiday) : null;
  const duty = (kind: 'phone' | 'queue') => {
    const chosen = new Set(again ? again[kind] : d[kind].map((p) => p.id));
    const problem = again?.problems.find((p) => p.field === kind);
    if (!roster.canEdit) {
      return d[kind].length > 0 ? (
        d[kind].map((p) => p.name).join(', ')
      ) : (
        <span className="meta">{tr.nobody}</span>
      );
    }
    const legend = format(kind === 'phone' ? tr.phoneFor : tr.queueFor, { day: date });
    return (
      <fieldset
        className="roster-duty"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${formId}-${kind}-error` : undefined}
      >
        <legend className="visually-hidden">{legend}</legend>
        {problem ? (
          <p className="field-error" id={`${formId}-${kind}-error`}>
            {errorMessage(lang, problem.code, problem.params)}
          </p>
        ) : null}
        {roster.counsellors.map((c) => (
          <label key={c.id} className="check">
            <input
              type="checkbox"
              name={kind}
              value={c.id}
              form={formId}
              defaultChecked={chosen.has(c.id)}
              data-qa={`${formId}-${kind}-${c.name}`}
            />
            <span>{c.name}</span>
          </label>
        ))}
      </fieldset>
    );
  };
  return (
    <tr
      id={`day-${d.day}`}
      className={`${off ? 'off' : ''}${d.day === today ? ' today' : ''}`.trim() || undefined}
    >
      <th scope="row">
        <span className="weekday">{weekday(lang, d.day)}</span> {date}
        {d.day === today ? <strong className="today-mark"> ({tr.todayMark})</strong> : null}
        {off ? <span className="off-mark">{off}</span> : null}
      </th>
      <td data-qa="roster-phone">
        <span className="cell-label">{tr.phone}</span>
        {duty('phone')}
      </td>
      <td data-qa="roster-queue">
        <span className="cell-label">{tr.queue}</span>
        {duty('queue')}
      </td>
      {roster.canEdit ? (
        <td>
          <form id={formId} method="post" action={`/${lang}/staff/roster/${d.day}`}>
            <Hidden name="_csrf" value={csrf} />
            <Hidden name="from" value={roster.from} />
            <button type="submit" className="secondary" data-qa={`save-${d.day}`}>
              {tr.save}
              <span className="visually-hidden"> {date}</span>
            </button>
          </form>
        </td>
      ) : null}
    </tr>
  );
}
