// What the public contact pages share: the emergency box, dates in words, the error summary.
import { format, type Lang, translations } from '../../../i18n/index.ts';
import { formatFinnishDate } from '../../../platform/working-days.ts';
import {
  type FormModel,
  type FormValues,
  ErrorSummary as KitErrorSummary,
  summaryItems,
} from '../../../ui/forms.tsx';
import { EMERGENCY_PATHS } from '../../../ui/Layout.tsx';
import { telHref as buildTelHref } from '../../../ui/links.ts';
import { CONTACT_PUBLIC_CSS_URL, QUICK_EXIT_SCRIPT_URL, QUICK_EXIT_URLS } from '../quick-exit.ts';

/** The national numbers the pages give. The region's social emergency number is region data. */
export const NUMBERS = {
  emergency: '112',
  nollalinja: '080 005 005',
  mieli: '09 2525 0111',
  young: '116 111',
} as const;

/** "080 005 005" → "tel:080005005" (the shared builder of ui/links.ts) */
export const telHref = (number: string): string | undefined => buildTelHref(number) ?? undefined;

/** A problem to show beside a field and in the error summary: already in the page's language. */
export interface PageProblem {
  field: string;
  text: string;
}

/** "3 arkipäivän", "1 vardag", "3 working days" */
export function workingDaysText(lang: Lang, count: number): string {
  const t = translations(lang).contactPublic.workingDays;
  return format(count === 1 ? t.one : t.other, { count });
}

/** '2026-12-01' → "tiistaina 1.12.2026" / "tisdag 1.12.2026" / "Tuesday 1.12.2026" */
export function dayText(lang: Lang, day: string): string {
  const t = translations(lang).contactPublic;
  const [y, m, d] = day.split('-').map(Number);
  const weekday = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1)).getUTCDay();
  return format(t.dayWithWeekday, { weekday: t.weekdays[weekday] ?? '', date: formatFinnishDate(day) });
}

const helsinki = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant in Helsinki time: "26.11.2026 klo 14.05", "26.11.2026 kl. 14.05", "26.11.2026 at 14:05". */
export function dateTimeText(lang: Lang, at: Date): string {
  const parts = helsinki.formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${Number(get('day'))}.${Number(get('month'))}.${get('year')}`;
  const time = `${Number(get('hour'))}${lang === 'en' ? ':' : '.'}${get('minute')}`;
  return format(translations(lang).contactPublic.dateTime, { date, time });
}

/** The list of problems at the top of a form, each a link to its field. */
export function ErrorSummary({
  lang,
  problems,
  anchors = {},
}: {
  lang: Lang;
  problems: PageProblem[];
  /** the id to link to when it is not the field's name (a radio group's first option) */
  anchors?: Record<string, string>;
}) {
  return (
    <KitErrorSummary
      title={translations(lang).contactPublic.errorSummary}
      titleId="error-summary-title"
      items={summaryItems(publicForm(lang, {}, problems), anchors)}
    />
  );
}

/** A public form as the one form kit takes it: the field's name is its id, "(pakollinen)" its mark. */
export const publicForm = (lang: Lang, values: FormValues, problems: PageProblem[]): FormModel => ({
  lang,
  values,
  problems,
  requiredClass: 'required',
});

/**
 * What to do when someone is in danger now ('now') or faces violence ('violence'): on the form
 * (shown by CSS as soon as the answer is chosen), on the status page and the emergency page.
 */
export function EmergencyBox({
  lang,
  kind,
  socialPhone,
  onForm = false,
}: {
  lang: Lang;
  kind: 'now' | 'violence';
  socialPhone: string | null;
  onForm?: boolean;
}) {
  const t = translations(lang).contactPublic.emergencyBox;
  const tel = (n: string) => <a href={telHref(n)}>{n}</a>;
  return (
    <div className={`emergency-box emergency-${kind}`} id={`emergency-${kind}`} data-qa={`emergency-${kind}`}>
      {kind === 'now' ? (
        <>
          <p className="emergency-title">{t.nowTitle}</p>
          <p>{t.nowText}</p>
          <p>
            <a className="call" href={telHref(NUMBERS.emergency)}>
              {NUMBERS.emergency}
            </a>
          </p>
        </>
      ) : (
        <>
          <p className="emergency-title">{t.violenceTitle}</p>
          <p>
            {t.violenceText} {tel(NUMBERS.emergency)}
          </p>
          <p>
            {t.nollalinja} {tel(NUMBERS.nollalinja)}
          </p>
        </>
      )}
      <p>
        {socialPhone ? (
          <>
            {t.social} {tel(socialPhone)}
          </>
        ) : (
          t.socialVia112
        )}
      </p>
      <p>
        {t.young} {tel(NUMBERS.young)}
      </p>
      {onForm ? <p>{t.sendAnyway}</p> : null}
      {onForm && kind === 'violence' ? <p data-qa="urgent-promise">{t.urgentPromise}</p> : null}
      <p>
        <a href={EMERGENCY_PATHS[lang]}>{t.more}</a>
      </p>
    </div>
  );
}

/**
 * "Poistu sivulta nopeasti" (issue 10, finding 1): a plain link to a neutral site, first on the
 * page; its script (quick-exit.ts) makes the click and Esc twice replace this page in the history.
 */
export function QuickExit({ lang }: { lang: Lang }) {
  const t = translations(lang).contactPublic.quickExit;
  return (
    <div className="quick-exit" data-qa="quick-exit">
      <ContactPublicStyles />
      <a
        className="quick-exit-link"
        href={QUICK_EXIT_URLS[lang]}
        rel="noreferrer"
        data-quick-exit=""
        aria-describedby="quick-exit-hint"
      >
        {t.label}
      </a>
      <span id="quick-exit-hint" className="visually-hidden">
        {t.hint}
      </span>
      <script src={QUICK_EXIT_SCRIPT_URL} defer />
    </div>
  );
}

/**
 * The stylesheet of the quick exit and the promise, out of site.css (every page's weight): React
 * puts it in the head, once however many parts ask for it.
 */
function ContactPublicStyles() {
  return <link rel="stylesheet" href={CONTACT_PUBLIC_CSS_URL} precedence="contact-public" />;
}

/** 'HH:MM' as a time is written: 8.00 (fi, sv), 8:00 (en). */
export function clockText(lang: Lang, hhmm: string): string {
  const [h, m] = hhmm.split(':');
  return `${Number(h)}${lang === 'en' ? ':' : '.'}${m ?? '00'}`;
}

/** What the status page says of an urgent or emergency contact's promise, now. */
export interface UrgencyPromiseView {
  urgency: 'urgent' | 'emergency';
  /** the promised day, 'YYYY-MM-DD', and today in Helsinki */
  respondBy: string;
  today: string;
  /** when nobody is at work now: when the next counsellor on duty is */
  nextDuty: { day: string; from: string } | null;
}

/**
 * The promise by urgency in words: an emergency first says the service cannot answer at once and
 * to call 112 now; both say by when a counsellor answers and, outside office hours, when the next
 * counsellor is on duty.
 */
export function UrgencyPromise({ lang, promise }: { lang: Lang; promise: UrgencyPromiseView }) {
  const t = translations(lang).contactPublic.promise;
  const when = (day: string, template: string) =>
    day === promise.today ? t.today : format(template, { day: dayText(lang, day) });
  const answer = when(promise.respondBy, t.byDay);
  return (
    <div className={`notice promise-${promise.urgency}`} role="status" data-qa={`promise-${promise.urgency}`}>
      <ContactPublicStyles />
      {promise.urgency === 'emergency' ? (
        <>
          <p>
            <strong>{t.emergencyTitle}</strong>
          </p>
          <p>
            {t.emergencyText}{' '}
            <a className="call" href={telHref(NUMBERS.emergency)}>
              {NUMBERS.emergency}
            </a>
          </p>
          <p>{format(t.emergencyQueue, { when: answer })}</p>
        </>
      ) : (
        <>
          <p>
            <strong>{t.urgentTitle}</strong>
          </p>
          <p>{format(t.urgentText, { when: answer })}</p>
        </>
      )}
      {promise.nextDuty ? (
        <p data-qa="next-duty">
          {format(t.offDuty, {
            when: when(promise.nextDuty.day, t.onDay),
            time: format(t.time, { time: clockText(lang, promise.nextDuty.from) }),
          })}
        </p>
      ) : null}
    </div>
  );
}
