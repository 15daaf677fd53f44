/**
 * The shared metrics of a region for a run of months (model.ts `MetricsReport`): read from the
 * summary tables (refresh.ts) and a few live counts, every figure protected by the small-count
 * rules (src/platform/suppression.ts) before it leaves this module, every key given its label in
 * the page's language. The definitions are METRICS.md's; docs/metrics.md says how each is
 * counted here.
 */
import type { Kysely } from 'kysely';
import { type Lang, translations } from '../../i18n/index.ts';
import type { DB, LocalizedText } from '../../platform/db/types.ts';
import {
  countCell,
  DEFAULT_SUPPRESSION,
  rateCell,
  type Shown,
  type SuppressionRules,
  suppressCounts,
  suppressRates,
} from '../../platform/suppression.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import type {
  BucketRow,
  CountBreakdown,
  DayBucket,
  Duration,
  MetricsQuery,
  MetricsReport,
  PerThousandRow,
  RateBreakdown,
  RateRow,
} from './model.ts';
import {
  closedByMunicipality,
  consultationCounts,
  contactsBy,
  crossBorderMethods,
  facets,
  familiesByMunicipality,
  feedbackCounts,
  handoffHistogram,
  handoffsBy,
  latestPopulation,
  meetingsHeld,
  names,
  pastPromise,
  responseHistogram,
  type Span,
} from './queries/read.ts';
import { lastRefresh } from './queries/refresh.ts';

/** The share of contacts the region promises to answer within its working days. */
export const PROMISE_TARGET = 0.9;

const AGE_GROUPS = ['0-6', '7-12', '13-17', ''] as const;
const CHANNELS = ['web', 'phone', 'walk_in'] as const;
const CONTACTERS = ['parent', 'young_person', 'professional'] as const;
const LANGUAGES = ['fi', 'sv', 'en'] as const;
const GOT_HELP = ['yes', 'partly', 'no'] as const;
const EASE = ['1', '2', '3', '4', '5', ''] as const;

export async function buildMetricsReport(
  db: Kysely<DB>,
  query: MetricsQuery,
  now: Date,
  rules: SuppressionRules = DEFAULT_SUPPRESSION,
): Promise<MetricsReport> {
  const { regionId, municipality, lang } = query;
  const span: Span = { regionId, from: `${query.from}-01`, to: `${query.to}-01`, municipality };
  const whole: Span = { ...span, municipality: null };
  const today = helsinkiDate(now);
  const year = Number(query.from.slice(0, 4));
  const firstMonth = Number(query.from.slice(5, 7));
  const lastMonth = Number(query.to.slice(5, 7));
  let mask = 0;
  for (let m = firstMonth; m <= lastMonth; m++) mask |= 1 << (m - 1);

  const [
    byMunicipality,
    byChannel,
    byContacter,
    byLanguage,
    histogram,
    facetRows,
    closed,
    handoffsByService,
    handoffsByReason,
    handoffsByBorder,
    handoffsByMunicipality,
    acceptHistogram,
    visitHistogram,
    methods,
    families,
    population,
    feedback,
    consultations,
    meetings,
    past,
    refreshed,
  ] = await Promise.all([
    contactsBy(db, span, 'municipality_code'),
    contactsBy(db, span, 'channel'),
    contactsBy(db, span, 'contacter'),
    contactsBy(db, span, 'language'),
    responseHistogram(db, span),
    facets(db, span),
    closedByMunicipality(db, span),
    handoffsBy(db, span, 'service_id'),
    handoffsBy(db, span, 'decline_reason'),
    handoffsBy(db, span, 'cross_border'),
    // the gap between municipalities (#19) compares their acceptance: by the family's municipality
    handoffsBy(db, whole, 'municipality_code'),
    handoffHistogram(db, span, 'accept'),
    handoffHistogram(db, span, 'visit'),
    crossBorderMethods(db, span),
    familiesByMunicipality(db, regionId, year, mask),
    latestPopulation(db, regionId),
    feedbackCounts(db, span),
    consultationCounts(db, span, today),
    meetingsHeld(db, span),
    pastPromise(db, regionId, municipality),
    lastRefresh(db, regionId),
  ]);
  const labels = await names(db, regionId, [...handoffsByService.keys()]);
  const t = translations(lang);
  const text = (value: LocalizedText | undefined, fallback: string) =>
    value ? (value[lang] ?? value.fi) : fallback;
  const unknown = t.metricsData.unknown;
  const municipalityLabel = (code: string) =>
    code === '' ? unknown : text(labels.municipalities.get(code), code);
  const municipalityKeys = [...labels.municipalities.keys(), ...(byMunicipality.has('') ? [''] : [])];

  const counts = (
    keys: readonly string[],
    count: (key: string) => number,
    label: (key: string) => string,
  ): CountBreakdown => {
    const out = suppressCounts(
      keys.map((key) => ({ key, count: count(key) })),
      rules,
    );
    return {
      rows: out.cells.map((c) => ({ key: c.key, label: label(c.key), count: c.count })),
      total: out.total,
    };
  };
  const rates = (
    keys: readonly string[],
    parts: (key: string) => { numerator: number; denominator: number },
    label: (key: string) => string,
  ): RateBreakdown => {
    const out = suppressRates(
      keys.map((key) => ({ key, ...parts(key) })),
      rules,
    );
    return { rows: out.cells.map((c) => ({ ...c, label: label(c.key) })), total: out.total };
  };
  const single = (numerator: number, denominator: number): Omit<RateRow, 'key' | 'label'> => ({
    numerator: countCell(numerator, rules),
    denominator: countCell(denominator, rules),
    rate: rateCell(numerator, denominator, rules),
  });
  const sum = <T>(map: Map<string, T>, pick: (value: T) => number) =>
    [...map.values()].reduce((total, value) => total + pick(value), 0);

  // #1, #18: contacts
  const contactsInScope = sum(byChannel, (v) => v.contacts);
  const topicKeys = facetRows.filter((f) => f.facet === 'topic').map((f) => f.value);
  const facetCount = (facet: 'topic' | 'age', key: string) =>
    facetRows.find((f) => f.facet === facet && f.value === key)?.contacts ?? 0;

  // #2: unique families per 1,000 children
  const perThousand = perThousandRows(
    municipalityKeys,
    families,
    population?.children ?? null,
    municipalityLabel,
    rules,
  );
  const regionFamilies = sum(families, (v) => v);
  const regionChildren = population ? sum(population.children, (v) => v) : null;
  const regionRow: PerThousandRow = {
    key: 'region',
    label: text(labels.region ?? undefined, ''),
    families: countCell(regionFamilies, rules),
    children: regionChildren,
    perThousand: perThousandOf(regionFamilies, regionChildren, countCell(regionFamilies, rules)),
  };

  // #3, #4: the promise and the time to the first response
  const withinPromise = rates(
    municipalityKeys,
    (key) => ({
      numerator: byMunicipality.get(key)?.promiseMet ?? 0,
      denominator: byMunicipality.get(key)?.promiseDue ?? 0,
    }),
    municipalityLabel,
  );
  const responseNone = sum(byChannel, (v) => v.responseNone);

  // #5: one contact was enough (by the month closed)
  const oneContactEnough = rates(
    municipalityKeys.filter((key) => key !== '' || closed.has('')),
    (key) => ({ numerator: closed.get(key)?.oneContact ?? 0, denominator: closed.get(key)?.closed ?? 0 }),
    municipalityLabel,
  );
  const closedInScope =
    municipality === null ? sum(closed, (v) => v.closed) : (closed.get(municipality)?.closed ?? 0);

  // #6, #7: feedback
  const feedbackTotal = sum(feedback.gotHelp, (v) => v);
  const gotHelp = counts(
    GOT_HELP,
    (key) => feedback.gotHelp.get(key) ?? 0,
    (key) => t.metricsData.gotHelp[key] ?? key,
  );

  // #8 – #14: handoffs
  const serviceKeys = [...handoffsByService.keys()].sort((a, b) =>
    text(labels.services.get(a), a).localeCompare(text(labels.services.get(b), b), lang),
  );
  const serviceLabel = (key: string) => text(labels.services.get(key), key);
  const started = sum(handoffsByService, (v) => v.started);
  const reasonKeys = Object.keys(t.handoffs.declineReason);

  // #16: meetings per 1,000 children of the scope
  const scopeChildren =
    municipality === null ? regionChildren : (population?.children.get(municipality) ?? null);

  const report: MetricsReport = {
    query,
    rules,
    regionName: regionRow.label,
    municipalityName: municipality === null ? null : municipalityLabel(municipality),
    refreshedAt: refreshed?.refreshedAt ?? null,
    contacts: {
      total: countCell(contactsInScope, rules),
      byMunicipality: counts(
        municipalityKeys,
        (key) => byMunicipality.get(key)?.contacts ?? 0,
        municipalityLabel,
      ),
      byChannel: counts(
        CHANNELS,
        (key) => byChannel.get(key)?.contacts ?? 0,
        (key) => (t.contacts.channel as Record<string, string>)[key] ?? key,
      ),
      byTopic: counts(
        [...new Set(topicKeys)].sort(),
        (key) => facetCount('topic', key),
        (key) => text(labels.topics.get(key), key),
      ),
      byContacter: counts(
        CONTACTERS,
        (key) => byContacter.get(key)?.contacts ?? 0,
        (key) => (t.contacts.contacter as Record<string, string>)[key] ?? key,
      ),
      byAgeGroup: counts(
        AGE_GROUPS,
        (key) => facetCount('age', key),
        (key) =>
          key === '' ? t.metricsData.noAge : t.metricsData.ageGroup.replace('{group}', key.replace('-', '–')),
      ),
      byLanguage: counts(
        LANGUAGES,
        (key) => byLanguage.get(key)?.contacts ?? 0,
        (key) => t.metricsData.language[key] ?? key,
      ),
    },
    perThousand: {
      populationYear: population?.year ?? null,
      populationSource: population?.source ?? null,
      wholeYear: firstMonth === 1 && lastMonth === 12,
      rows: perThousand,
      region: regionRow,
    },
    withinPromise: { ...withinPromise, target: PROMISE_TARGET },
    timeToFirstResponse: duration(histogram, responseNone, rules),
    oneContactEnough,
    feedback: {
      gotHelp,
      gotHelpRate: single(feedback.gotHelp.get('yes') ?? 0, feedbackTotal),
      responseRate: single(feedbackTotal, closedInScope),
      ease: counts(
        EASE,
        (key) => feedback.ease.get(key) ?? 0,
        (key) => (key === '' ? t.metricsData.noAnswer : key),
      ),
    },
    handoffs: {
      byService: counts(serviceKeys, (key) => handoffsByService.get(key)?.started ?? 0, serviceLabel),
      acceptance: rates(
        serviceKeys,
        (key) => {
          const v = handoffsByService.get(key);
          return {
            numerator: v?.accepted ?? 0,
            denominator: (v?.accepted ?? 0) + (v?.declined ?? 0) + (v?.expired ?? 0),
          };
        },
        serviceLabel,
      ),
      timeToAcceptance: duration(acceptHistogram, started - sumMap(acceptHistogram), rules),
      closedLoop: single(
        sum(handoffsByService, (v) => v.finalOutcome),
        started,
      ),
      firstVisit: duration(visitHistogram, started - sumMap(visitHistogram), rules),
      declineReasons: counts(
        reasonKeys,
        (key) => handoffsByReason.get(key)?.declined ?? 0,
        (key) => (t.handoffs.declineReason as Record<string, string>)[key] ?? key,
      ),
      crossBorderByMethod: counts(
        [...methods.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b))),
        (key) => methods.get(key) ?? 0,
        (key) => (key === '' ? t.metricsData.noMethod : text(labels.methods.get(key), key)),
      ),
      crossBorderShare: single(handoffsByBorder.get('true')?.started ?? 0, started),
    },
    consultations: {
      requests: countCell(consultations.requests, rules),
      withinPromise: single(consultations.met, consultations.due),
    },
    meetings: {
      held: countCell(meetings.held, rules),
      perThousand:
        countCell(meetings.held, rules).shown && scopeChildren
          ? { shown: true, value: (meetings.held / scopeChildren) * 1000 }
          : countCell(meetings.held, rules).shown
            ? { shown: false, reason: 'denominator' }
            : countCell(meetings.held, rules),
      bookedToHeld: duration(meetings.days, 0, rules),
    },
    gaps: {
      perThousand: gap(perThousand.map((r) => r.perThousand)),
      withinPromise: gap(withinPromise.rows.filter((r) => r.key !== '').map((r) => r.rate)),
      acceptance: gap(
        municipalityKeys
          .filter((key) => key !== '')
          .map((key) => {
            const v = handoffsByMunicipality.get(key);
            return v
              ? rateCell(v.accepted, v.accepted + v.declined + v.expired, rules)
              : rateCell(0, 0, rules);
          }),
      ),
    },
    pastPromiseToday: {
      contacts: countCell(past.contacts, rules),
      handoffs: countCell(past.handoffs, rules),
    },
  };
  return report;
}

function sumMap(map: Map<number, number>): number {
  let total = 0;
  for (const n of map.values()) total += n;
  return total;
}

/** Families per 1,000 children, by municipality: families protected as a breakdown first. */
function perThousandRows(
  keys: readonly string[],
  families: Map<string, number>,
  children: Map<string, number> | null,
  label: (key: string) => string,
  rules: SuppressionRules,
): PerThousandRow[] {
  const protectedFamilies = suppressCounts(
    keys.map((key) => ({ key, count: families.get(key) ?? 0 })),
    rules,
  );
  return protectedFamilies.cells
    .filter((c) => c.key !== '')
    .map((c) => {
      const kids = children?.get(c.key) ?? null;
      return {
        key: c.key,
        label: label(c.key),
        families: c.count,
        children: kids,
        perThousand: perThousandOf(families.get(c.key) ?? 0, kids, c.count),
      };
    });
}

function perThousandOf(families: number, children: number | null, shownFamilies: Shown): Shown {
  // without the children there is no rate at all, however few the families
  if (!children) return { shown: false, reason: 'denominator' };
  if (!shownFamilies.shown) return shownFamilies;
  return { shown: true, value: (families / children) * 1000 };
}

/** Working-day buckets (0, 1, 2, 3, more, not yet) and the median of a histogram. */
function duration(histogram: Map<number, number>, none: number, rules: SuppressionRules): Duration {
  const bucketOf = (days: number): DayBucket =>
    days <= 0 ? '0' : days <= 3 ? (String(days) as DayBucket) : 'more';
  const totals = new Map<DayBucket, number>([
    ['0', 0],
    ['1', 0],
    ['2', 0],
    ['3', 0],
    ['more', 0],
    ['none', Math.max(0, none)],
  ]);
  for (const [days, n] of histogram) totals.set(bucketOf(days), (totals.get(bucketOf(days)) ?? 0) + n);
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  const protectedBuckets = suppressCounts(
    [...totals].map(([key, count]) => ({ key, count })),
    rules,
  );
  const buckets: BucketRow[] = protectedBuckets.cells.map((c) => ({
    key: c.key,
    count: c.count,
    share: c.count.shown ? rateCell(c.count.value, all, rules) : c.count,
  }));
  const happened = sumMap(histogram);
  const n = countCell(happened, rules);
  // no median of nothing: ".." (not "0 working days") when none has happened
  const middle: Shown =
    happened === 0
      ? { shown: false, reason: 'denominator' }
      : n.shown
        ? { shown: true, value: median(histogram, happened) }
        : n;
  return { median: middle, buckets, n };
}

function median(histogram: Map<number, number>, n: number): number {
  const half = Math.ceil(n / 2);
  let seen = 0;
  for (const days of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(days) ?? 0;
    if (seen >= half) return days;
  }
  return 0;
}

/** The highest ÷ the lowest of the shown, non-zero figures (null with fewer than two). */
function gap(figures: readonly Shown[]): number | null {
  const values = figures.flatMap((f) => (f.shown && f.value > 0 ? [f.value] : []));
  if (values.length < 2) return null;
  return Math.max(...values) / Math.min(...values);
}

export type { Lang };
