/**
 * A hand-made metrics report (the shape src/features/metrics/model.ts gives the page): every
 * kind of cell — shown, small ("<5"), withheld ("..") — in every group, for the page, chart and
 * CSV tests.
 */
import type { MetricsQuery, MetricsReport } from '../../src/features/metrics/model.ts';
import type { Shown } from '../../src/platform/suppression.ts';
import { DEFAULT_SUPPRESSION } from '../../src/platform/suppression.ts';

const v = (value: number): Shown => ({ shown: true, value });
const small: Shown = { shown: false, reason: 'small' };
const withheld: Shown = { shown: false, reason: 'secondary' };
const fewer: Shown = { shown: false, reason: 'denominator' };

/** Municipalities of North Savo (codes of Statistics Finland); 20+ so the chart grows in height. */
export const MUNICIPALITIES: [string, string][] = [
  ['297', 'Kuopio'],
  ['749', 'Siilinjärvi'],
  ['140', 'Iisalmi'],
  ['915', 'Varkaus'],
  ['595', 'Pielavesi'],
  ['174', 'Juankoski'],
  ['204', 'Kaavi'],
  ['227', 'Karttula'],
  ['239', 'Keitele'],
  ['263', 'Kiuruvesi'],
  ['402', 'Lapinlahti'],
  ['420', 'Leppävirta'],
  ['476', 'Maaninka'],
  ['534', 'Nilsiä'],
  ['686', 'Rautavaara'],
  ['687', 'Rautalampi'],
  ['762', 'Sonkajärvi'],
  ['778', 'Suonenjoki'],
  ['844', 'Tervo'],
  ['857', 'Tuusniemi'],
  ['921', 'Vesanto'],
  ['925', 'Vieremä'],
];

const counts = (values: Shown[]) => values;

export function fixtureReport(query: Partial<MetricsQuery> = {}): MetricsReport {
  const q: MetricsQuery = {
    regionId: 'region-1',
    from: '2026-01',
    to: '2026-11',
    municipality: null,
    lang: 'fi',
    ...query,
  };
  const muniCounts = counts(
    MUNICIPALITIES.map((_, i) =>
      i === 0 ? v(1234) : i === 1 ? v(310) : i === 2 ? small : i === 3 ? withheld : v(40 - i),
    ),
  );
  return {
    query: q,
    rules: DEFAULT_SUPPRESSION,
    regionName: 'Pohjois-Savo',
    municipalityName: q.municipality ? 'Kuopio' : null,
    refreshedAt: new Date('2026-11-26T07:12:00Z'),
    contacts: {
      total: v(1812),
      byMunicipality: {
        rows: MUNICIPALITIES.map(([key, label], i) => ({ key, label, count: muniCounts[i] as Shown })),
        total: v(1812),
      },
      byChannel: {
        rows: [
          { key: 'phone', label: 'Puhelin', count: v(900) },
          { key: 'form', label: 'Lomake', count: v(700) },
          { key: 'chat', label: 'Chat', count: v(210) },
          { key: 'walk_in', label: 'Käynti', count: small },
        ],
        total: v(1812),
      },
      byTopic: {
        rows: [
          { key: 'UNI', label: 'Uni ja lepo', count: v(420) },
          { key: 'KASVATUS', label: 'Kasvatus ja vanhemmuus, arjen haasteet perheessä', count: v(600) },
          { key: 'PARISUHDE', label: 'Parisuhde', count: v(0) },
        ],
        total: v(1020),
      },
      byContacter: {
        rows: [
          { key: 'parent', label: 'Vanhempi', count: v(1500) },
          { key: 'child', label: 'Lapsi tai nuori', count: v(200) },
          { key: 'professional', label: 'Ammattilainen', count: withheld },
          { key: 'other', label: 'Muu', count: small },
        ],
        total: v(1812),
      },
      byAgeGroup: {
        rows: [
          { key: '0-6', label: '0–6', count: v(800) },
          { key: '7-12', label: '7–12', count: v(600) },
          { key: '13-17', label: '13–17', count: v(412) },
        ],
        total: v(1812),
      },
      byLanguage: {
        rows: [
          { key: 'fi', label: 'suomi', count: v(1790) },
          { key: 'sv', label: 'ruotsi', count: small },
          { key: 'other', label: 'muu', count: withheld },
        ],
        total: v(1812),
      },
    },
    perThousand: {
      populationYear: 2025,
      populationSource: 'estimate',
      wholeYear: false,
      rows: MUNICIPALITIES.map(([key, label], i) => ({
        key,
        label,
        families: i === 2 ? small : v(100 - i),
        children: 1000 + i * 100,
        perThousand: i === 2 ? small : v((100 - i) / (1 + i * 0.1)),
      })),
      region: {
        key: 'region',
        label: 'Pohjois-Savo',
        families: v(1500),
        children: 45000,
        perThousand: v(33.3),
      },
    },
    withinPromise: {
      rows: MUNICIPALITIES.map(([key, label], i) => ({
        key,
        label,
        numerator: i === 2 ? small : v(80 - i),
        denominator: i === 2 ? small : v(90),
        rate: i === 2 ? small : i === 5 ? fewer : v((80 - i) / 90),
      })),
      total: { numerator: v(1558), denominator: v(1812), rate: v(0.86) },
      target: 0.9,
    },
    timeToFirstResponse: {
      median: v(1),
      n: v(1812),
      buckets: [
        { key: '0', count: v(600), share: v(0.33) },
        { key: '1', count: v(700), share: v(0.39) },
        { key: '2', count: v(300), share: v(0.17) },
        { key: '3', count: v(150), share: v(0.08) },
        { key: 'more', count: v(60), share: v(0.03) },
        { key: 'none', count: small, share: small },
      ],
    },
    oneContactEnough: {
      rows: [
        { key: '297', label: 'Kuopio', numerator: v(700), denominator: v(1000), rate: v(0.7) },
        { key: '749', label: 'Siilinjärvi', numerator: v(150), denominator: v(250), rate: v(0.6) },
        { key: '140', label: 'Iisalmi', numerator: small, denominator: v(12), rate: small },
      ],
      total: { numerator: v(852), denominator: v(1262), rate: v(0.675) },
    },
    feedback: {
      gotHelp: {
        rows: [
          { key: 'yes', label: 'Kyllä', count: v(120) },
          { key: 'partly', label: 'Osittain', count: v(30) },
          { key: 'no', label: 'Ei', count: small },
        ],
        total: withheld,
      },
      gotHelpRate: { numerator: v(120), denominator: withheld, rate: withheld },
      responseRate: { numerator: v(153), denominator: v(1262), rate: v(0.121) },
      ease: {
        rows: [1, 2, 3, 4, 5].map((n) => ({
          key: String(n),
          label: String(n),
          count: n < 3 ? small : v(n * 10),
        })),
        total: v(153),
      },
    },
    handoffs: {
      byService: {
        rows: [
          { key: 's1', label: 'Perheneuvola', count: v(200) },
          { key: 's2', label: 'Lastensuojelu <script>alert(1)</script>', count: v(50) },
        ],
        total: v(250),
      },
      acceptance: {
        rows: [
          { key: 's1', label: 'Perheneuvola', numerator: v(180), denominator: v(195), rate: v(180 / 195) },
          {
            key: 's2',
            label: 'Lastensuojelu <script>alert(1)</script>',
            numerator: v(40),
            denominator: v(48),
            rate: v(40 / 48),
          },
        ],
        total: { numerator: v(220), denominator: v(243), rate: v(220 / 243) },
      },
      timeToAcceptance: {
        median: v(2),
        n: v(220),
        buckets: [
          { key: '0', count: v(20), share: v(0.09) },
          { key: '1', count: v(60), share: v(0.27) },
          { key: '2', count: v(70), share: v(0.32) },
          { key: '3', count: v(40), share: v(0.18) },
          { key: 'more', count: v(30), share: v(0.14) },
          { key: 'none', count: v(0), share: v(0) },
        ],
      },
      closedLoop: { numerator: v(210), denominator: v(250), rate: v(0.84) },
      firstVisit: {
        median: small,
        n: small,
        buckets: [],
      },
      declineReasons: {
        rows: [
          { key: 'no_capacity', label: 'Ei tilaa', count: small },
          { key: 'wrong_service', label: 'Väärä palvelu', count: withheld },
        ],
        total: withheld,
      },
      crossBorderByMethod: {
        rows: [{ key: 'ihmeelliset-vuodet', label: 'Ihmeelliset vuodet', count: v(12) }],
        total: v(12),
      },
      crossBorderShare: { numerator: v(12), denominator: v(250), rate: v(0.048) },
    },
    consultations: {
      requests: v(64),
      withinPromise: { numerator: v(60), denominator: v(64), rate: v(60 / 64) },
    },
    meetings: {
      held: v(1234),
      perThousand: v(27.4),
      bookedToHeld: {
        median: v(5),
        n: v(1234),
        buckets: [
          { key: '0', count: v(0), share: v(0) },
          { key: '1', count: v(10), share: v(0.01) },
          { key: '2', count: v(24), share: v(0.02) },
          { key: '3', count: v(100), share: v(0.08) },
          { key: 'more', count: v(1100), share: v(0.89) },
          { key: 'none', count: v(0), share: v(0) },
        ],
      },
    },
    gaps: { perThousand: 2.4, withinPromise: 1.3, acceptance: null },
    pastPromiseToday: { contacts: v(7), handoffs: small },
  };
}
