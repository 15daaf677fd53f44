/**
 * An access-log row in words (issue 10, finding 16). The log keeps what happened as stable
 * codes, and it is hash-chained, so its rows are never rewritten: the words are made here,
 * when a page shows a row, in the reader's language. Nothing a person reads is a code — the
 * CSV export keeps the codes for the data-protection officer's tools.
 */
import { format, formatDate, type Lang, translations } from '../../i18n/index.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import type { AccessLogView } from './queries.ts';

const texts = (lang: Lang) => translations(lang).access;

/** The actor names the system writes for those who are not signed-in people (platform/access). */
const SYSTEM_ACTORS: Record<string, keyof ReturnType<typeof texts>['actors']> = {
  'status link': 'statusLink',
  'public form': 'publicForm',
  retention: 'retention',
  'handoff expiry job': 'handoffExpiry',
};

/** Who: a person's name, or what the system calls a way in or a job. */
export function actorLabel(lang: Lang, row: Pick<AccessLogView, 'actorKind' | 'actorName'>): string {
  if (row.actorKind === 'staff' || row.actorKind === 'client') return row.actorName;
  const key = SYSTEM_ACTORS[row.actorName] ?? 'system';
  return texts(lang).actors[key];
}

/** The roles as words ("counsellor,manager" → "Perheneuvoja, Esihenkilö"); nothing for none. */
export function roleLabel(lang: Lang, role: string | null): string {
  const roles = texts(lang).roles as Record<string, string>;
  return (role ?? '')
    .split(',')
    .filter(Boolean)
    .map((r) => roles[r] ?? texts(lang).reasons.byRole.other)
    .join(', ');
}

/** What was accessed, as a noun: "yhteydenotto", never "contact". */
export function resourceLabel(lang: Lang, type: string): string {
  const resources = texts(lang).resources;
  return resources[type] ?? resources.other ?? '';
}

/** What: "Luki: yhteydenotto". */
export function whatLabel(lang: Lang, row: Pick<AccessLogView, 'action' | 'resourceType'>): string {
  return `${texts(lang).actions[row.action]}: ${resourceLabel(lang, row.resourceType)}`;
}

const REFUSED = /^(\w+) refused \(([\w-]+)\)(?::\s*([\s\S]*))?$/;
const EXPIRED = /^expired: no answer by (\d{4})-(\d{2})-(\d{2})$/;
const RETENTION = /^removed rows older than (\S+) \(kept (\d+) days\)/;
const SEARCH = /^search (.*)$/;

/**
 * Why: the reason a person typed, as typed; a reason the system wrote, in words; and where
 * there is none, the usual reason of the actor's role (a client is never left with a blank).
 */
export function reasonLabel(
  lang: Lang,
  row: Pick<
    AccessLogView,
    'actorKind' | 'actorName' | 'role' | 'action' | 'reason' | 'clientId' | 'clientName'
  >,
): string {
  const t = texts(lang);
  const reason = row.reason?.trim() ?? '';
  if (reason === 'search (no filters)') return t.reasons.noFilters;
  const refused = REFUSED.exec(reason);
  if (refused) {
    const why = t.denied[refused[2] ?? ''] ?? t.denied.other ?? '';
    const typed = refused[3]?.trim();
    return `${format(t.reasons.refused, { why })}${typed ? `: ${typed}` : ''}`;
  }
  const expired = EXPIRED.exec(reason);
  if (expired)
    return format(t.reasons.expired, { date: `${Number(expired[3])}.${Number(expired[2])}.${expired[1]}` });
  const retention = RETENTION.exec(reason);
  if (retention) {
    const at = new Date(retention[1] ?? '');
    return format(t.reasons.retention, {
      date: Number.isNaN(at.getTime()) ? '' : formatDate(at, lang),
      days: retention[2] ?? '',
    });
  }
  const search = SEARCH.exec(reason);
  if (search && row.actorKind === 'staff' && row.role === 'dpo')
    return searchLabel(lang, search[1] ?? '', row);
  if (reason) return reason;
  if (row.actorKind === 'public')
    return row.actorName === 'status link' ? t.reasons.statusLink : t.reasons.publicForm;
  if (row.actorKind === 'system') return t.reasons.system;
  const role = (row.role ?? '').split(',')[0] ?? '';
  return t.reasons.byRole[role] ?? t.reasons.byRole.other ?? '';
}

/** "client=… user=… from=2026-01-01T… until=…" (access-log.ts) as the filters in words. */
function searchLabel(
  lang: Lang,
  filters: string,
  row: Pick<AccessLogView, 'clientId' | 'clientName'>,
): string {
  const t = texts(lang).reasons;
  const words: string[] = [];
  // values may hold spaces (a part of a name): each key starts a new filter
  for (const m of filters.matchAll(/(client|user|from|until)=(.*?)(?=\s(?:client|user|from|until)=|$)/g)) {
    const [, key, raw = ''] = m;
    if (key === 'client') {
      const value = UUID_PATTERN.test(raw) ? (row.clientName ?? '') : raw;
      words.push(format(t.filterClient, { value }));
    } else if (key === 'user') {
      // a user's id says nothing to a reader: the filter is named without it
      words.push(format(t.filterUser, { value: UUID_PATTERN.test(raw) ? '' : raw }).trim());
    } else {
      const at = new Date(raw);
      if (Number.isNaN(at.getTime())) continue;
      // until is exclusive (the start of the next day): the last day searched is the day before
      const day = key === 'until' ? new Date(at.getTime() - 1) : at;
      words.push(format(key === 'from' ? t.filterFrom : t.filterUntil, { value: formatDate(day, lang) }));
    }
  }
  return words.length > 0 ? format(t.search, { filters: words.join(', ') }) : t.noFilters;
}
