/**
 * The matching's written scenarios (issue 6): Finnish family situations on the demo catalogue
 * (data/seed/pohjois-savo) and a small network of units and professionals of its own, each
 * with the services a family counsellor would accept — at least one of them must be in the
 * top 3. The network is inserted here, not taken from the network feature's demo seed, so the
 * scenarios do not move when that seed changes.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { Situation, SuggestionView } from '../src/features/matching/matching.ts';
import type { DB } from '../src/platform/db/types.ts';
import { stableUuid } from '../src/platform/ids.ts';

/** The clock of the scenarios: a Monday in November 2026. */
export const NOW = new Date('2026-11-16T10:00:00Z');
const DAY = 86_400_000;

export const serviceId = (slug: string) => stableUuid('service', `pohjois-savo/${slug}`);
export const unitId = (code: string) => stableUuid('unit', `matching-test/${code}`);
const organizationId = (slug: string) => stableUuid('organization', `pohjois-savo/${slug}`);

export const M = {
  IISALMI: '140',
  JOROINEN: '171',
  KAAVI: '204',
  KEITELE: '239',
  KIURUVESI: '263',
  KUOPIO: '297',
  LAPINLAHTI: '402',
  LEPPAVIRTA: '420',
  PIELAVESI: '595',
  RAUTALAMPI: '686',
  RAUTAVAARA: '687',
  SIILINJARVI: '749',
  SONKAJARVI: '762',
  SUONENJOKI: '778',
  TERVO: '844',
  TUUSNIEMI: '857',
  VARKAUS: '915',
  VESANTO: '921',
  VIEREMA: '925',
  TAMPERE: '837',
} as const;

interface FixtureProfessional {
  methods: string[];
  fte?: number;
  languages?: string[];
}
export interface FixtureUnit {
  code: string;
  service: string;
  name: string;
  municipality: string;
  serves: string[];
  remote: boolean;
  languages?: string[];
  slots: number;
  wait: number | null;
  /** days before NOW the unit's figures were updated (default 7) */
  updatedDaysAgo?: number;
  professionals: FixtureProfessional[];
}

const KUOPIO_AREA = [M.KUOPIO, M.SIILINJARVI, M.KAAVI, M.TUUSNIEMI];
const YLA_SAVO = [M.IISALMI, M.KIURUVESI, M.LAPINLAHTI, M.RAUTAVAARA, M.SONKAJARVI, M.VIEREMA];
const VARKAUS_AREA = [M.VARKAUS, M.JOROINEN, M.LEPPAVIRTA];
const WEST = [M.PIELAVESI, M.KEITELE, M.TERVO, M.VESANTO, M.SUONENJOKI, M.RAUTALAMPI];

/** The network of the scenarios: 17 units, 26 professionals. */
export const FIXTURE_UNITS: FixtureUnit[] = [
  {
    code: 'MT-PN-KUOPIO',
    service: 'perheneuvola-kuopio',
    name: 'Kuopion perheneuvola',
    municipality: M.KUOPIO,
    serves: KUOPIO_AREA,
    remote: true,
    languages: ['fi', 'en'],
    slots: 3,
    wait: 15,
    professionals: [
      { methods: ['THERAPLAY', 'PERHETERAPIA'] },
      { methods: ['THERAPLAY', 'MARTE_MEO'], fte: 0.8 },
      { methods: ['IHMEELLISET_VUODET'], languages: ['fi', 'sv'] },
      { methods: ['PERHETERAPIA'] },
    ],
  },
  {
    code: 'MT-PN-SIILINJARVI',
    service: 'perheneuvola-kuopio',
    name: 'Kuopion perheneuvola, Siilinjärven toimipiste',
    municipality: M.SIILINJARVI,
    serves: [M.SIILINJARVI, M.KAAVI, M.TUUSNIEMI],
    remote: false,
    slots: 1,
    wait: 30,
    professionals: [{ methods: ['LAPSET_PUHEEKSI'] }],
  },
  {
    code: 'MT-PN-VARKAUS',
    service: 'perheneuvola-varkaus',
    name: 'Varkauden perheneuvola',
    municipality: M.VARKAUS,
    serves: VARKAUS_AREA,
    remote: false,
    slots: 0,
    wait: 45,
    professionals: [{ methods: ['PERHETERAPIA'] }, { methods: ['LAPSET_PUHEEKSI'], fte: 0.6 }],
  },
  {
    code: 'MT-PN-YLASAVO',
    service: 'perheneuvola-yla-savo',
    name: 'Ylä-Savon perheneuvola',
    municipality: M.IISALMI,
    serves: YLA_SAVO,
    remote: true,
    slots: 2,
    wait: 20,
    professionals: [{ methods: ['NEPSY_VALMENNUS', 'IHMEELLISET_VUODET'] }, { methods: ['PERHETERAPIA'] }],
  },
  {
    code: 'MT-SAVOGROW',
    service: 'kasvatus-ja-perheneuvonta-savogrow',
    name: 'SavoGrow-perheneuvonta, Suonenjoki',
    municipality: M.SUONENJOKI,
    serves: WEST,
    remote: true,
    slots: 4,
    wait: 8,
    professionals: [{ methods: ['TURVALLISUUDEN_KEHA', 'ROOLIKARTTA'] }, { methods: ['PERHEKOULU_POP'] }],
  },
  {
    code: 'MT-PT-KUOPIO',
    service: 'perhetyo-kuopio',
    name: 'Perhetyö, Kuopio',
    municipality: M.KUOPIO,
    serves: [M.KUOPIO],
    remote: false,
    slots: 6,
    wait: 5,
    professionals: [
      { methods: ['VAHVUUTTA_VANHEMMUUTEEN', 'LAPSET_PUHEEKSI'] },
      { methods: ['PERHEKOULU_POP'], languages: ['fi', 'ar'] },
      { methods: ['MARTE_MEO'] },
    ],
  },
  {
    code: 'MT-PT-VARKAUS',
    service: 'perhetyo-varkaus',
    name: 'Perhetyö, Varkaus',
    municipality: M.VARKAUS,
    serves: VARKAUS_AREA,
    remote: false,
    slots: 1,
    wait: 25,
    professionals: [{ methods: ['LAPSET_PUHEEKSI'] }],
  },
  {
    code: 'MT-PT-YLASAVO',
    service: 'perhetyo-yla-savo',
    name: 'Perhetyö, Ylä-Savo',
    municipality: M.IISALMI,
    serves: YLA_SAVO,
    remote: false,
    slots: 3,
    wait: 10,
    professionals: [{ methods: ['ROOLIKARTTA'] }],
  },
  {
    code: 'MT-PT-SIILINJARVI',
    service: 'perhetyo-siilinjarvi',
    name: 'Perhetyö, Siilinjärvi',
    municipality: M.SIILINJARVI,
    serves: [M.SIILINJARVI, M.KAAVI, M.TUUSNIEMI],
    remote: false,
    slots: 8,
    wait: 2,
    updatedDaysAgo: 200,
    professionals: [{ methods: [] }],
  },
  {
    code: 'MT-NEUVOLAPSYK',
    service: 'neuvolapsykologi',
    name: 'Neuvolapsykologit',
    municipality: M.KUOPIO,
    serves: [],
    remote: true,
    slots: 2,
    wait: 12,
    professionals: [
      { methods: ['MARTE_MEO', 'VAHVUUTTA_VANHEMMUUTEEN'] },
      { methods: ['TURVALLISUUDEN_KEHA'] },
    ],
  },
  {
    code: 'MT-KYS-LNP',
    service: 'lasten-ja-nuorisopsykiatria-kys',
    name: 'KYS lasten- ja nuorisopsykiatria',
    municipality: M.KUOPIO,
    serves: [],
    remote: true,
    slots: 1,
    wait: 40,
    professionals: [{ methods: ['PERHETERAPIA', 'BEARDSLEE'] }, { methods: ['NEPSY_VALMENNUS'] }],
  },
  {
    code: 'MT-MIEPA',
    service: 'mielenterveys-ja-paihdeneuvonta-aikuisille',
    name: 'Mielenterveys- ja päihdeneuvonta, Kuopio',
    municipality: M.KUOPIO,
    serves: [],
    remote: true,
    slots: 5,
    wait: 7,
    professionals: [{ methods: ['LAPSET_PUHEEKSI', 'BEARDSLEE', 'TOIMIVA_LAPSI_PERHE'] }],
  },
  {
    code: 'MT-NUVA-KUOPIO',
    service: 'nuorten-vastaanotto-kuopio',
    name: 'Nuorten vastaanotto, Kuopio',
    municipality: M.KUOPIO,
    serves: KUOPIO_AREA,
    remote: true,
    slots: 5,
    wait: 3,
    professionals: [{ methods: [] }, { methods: [], languages: ['fi', 'sv'] }],
  },
  {
    code: 'MT-PUHE-KUOPIO',
    service: 'lasten-puheterapia',
    name: 'Lasten puheterapia, Kuopio',
    municipality: M.KUOPIO,
    serves: KUOPIO_AREA,
    remote: false,
    slots: 0,
    wait: 50,
    professionals: [{ methods: [] }],
  },
  {
    code: 'MT-PUHE-IISALMI',
    service: 'lasten-puheterapia',
    name: 'Lasten puheterapia, Iisalmi',
    municipality: M.IISALMI,
    serves: YLA_SAVO,
    remote: false,
    slots: 2,
    wait: 10,
    professionals: [{ methods: [] }],
  },
  {
    code: 'MT-ERO',
    service: 'eroneuvonta',
    name: 'Eroneuvonta, Kuopio',
    municipality: M.KUOPIO,
    serves: [],
    remote: true,
    slots: 4,
    wait: 7,
    professionals: [{ methods: ['PERHETERAPIA'] }],
  },
  {
    code: 'MT-VAKIVALTA-NGO',
    service: 'vakivaltatyon-avopalvelut',
    name: 'Väkivaltatyön avopalvelut, Kuopio',
    municipality: M.KUOPIO,
    serves: [],
    remote: true,
    slots: 3,
    wait: 5,
    professionals: [{ methods: [] }],
  },
];

/** Methods from the reference data, when the network feature has not loaded them yet. */
export async function ensureMethods(db: Kysely<DB>): Promise<void> {
  const rows: Record<string, string>[] = parse(
    readFileSync(new URL('../data/seed/reference/methods.csv', import.meta.url), 'utf8'),
    { columns: true, skip_empty_lines: true, trim: true },
  );
  await db
    .insertInto('method')
    .values(
      rows.map((r) => ({
        code: String(r.code),
        name: JSON.stringify({ fi: String(r.name_fi), en: String(r.name_en) }),
        description: r.description_en ? JSON.stringify({ en: r.description_en }) : null,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

/**
 * The scenarios' network on a database with the demo catalogue: any other unit is set
 * inactive first, so a network seed of the demo region does not change the answers.
 */
export async function insertMatchingFixture(
  db: Kysely<DB>,
  units: FixtureUnit[] = FIXTURE_UNITS,
): Promise<void> {
  await ensureMethods(db);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('unit').set({ active: false }).execute();
    for (const u of units) {
      const service = await trx
        .selectFrom('service')
        .select(['id', 'organization_id'])
        .where('id', '=', serviceId(u.service))
        .executeTakeFirstOrThrow();
      const id = unitId(u.code);
      const updatedAt = new Date(NOW.getTime() - (u.updatedDaysAgo ?? 7) * DAY);
      await trx
        .insertInto('unit')
        .values({
          id,
          organization_id: service.organization_id,
          name: JSON.stringify({ fi: u.name }),
          code: u.code,
          service_id: service.id,
          municipality_code: u.municipality,
          email: null,
          remote_possible: u.remote,
          languages: u.languages ?? ['fi'],
          free_slots_per_week: u.slots,
          wait_days: u.wait,
          active: true,
          updated_at: updatedAt,
        })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            active: true,
            remote_possible: u.remote,
            free_slots_per_week: u.slots,
            wait_days: u.wait,
            updated_at: updatedAt,
          }),
        )
        .execute();
      if (u.serves.length > 0)
        await trx
          .insertInto('unit_municipality')
          .values(u.serves.map((m) => ({ unit_id: id, municipality_code: m })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      for (const [i, p] of u.professionals.entries()) {
        const pid = stableUuid('professional', `matching-test/${u.code}/${i}`);
        await trx
          .insertInto('professional')
          .values({
            id: pid,
            code: `${u.code}-${i + 1}`,
            unit_id: id,
            staff_user_id: null,
            name: `Työntekijä ${i + 1}`,
            title: null,
            fte: p.fte ?? 1,
            languages: p.languages ?? ['fi'],
            remote_possible: u.remote,
            active: true,
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
        if (p.methods.length > 0)
          await trx
            .insertInto('professional_method')
            .values(p.methods.map((m) => ({ professional_id: pid, method_code: m })))
            .onConflict((oc) => oc.doNothing())
            .execute();
      }
    }
  });
}

// ---------------------------------------------------------------------- the scenarios

/** An acceptable suggestion: a service of the demo catalogue, a unit, or a description. */
export type Acceptable =
  | { service: string }
  | { unit: string }
  | { type: string; municipality?: string; organisation?: string };

export interface Scenario {
  id: number;
  /** the situation in the counsellor's words */
  title: string;
  situation: Situation;
  /** at least one of these must be among the first three */
  accept: Acceptable[];
  /** and, when given, this must be the very first */
  first?: Acceptable;
}

export function isAcceptable(
  s: SuggestionView,
  a: Acceptable,
  serviceTypesOf: (id: string) => string[],
): boolean {
  if ('service' in a) return s.service.id === serviceId(a.service);
  if ('unit' in a) return s.unit?.id === unitId(a.unit);
  if (!serviceTypesOf(s.service.id).includes(a.type)) return false;
  if (a.municipality && s.municipality?.code !== a.municipality) return false;
  if (a.organisation && s.organisation.id !== organizationId(a.organisation)) return false;
  return true;
}

export const describeAcceptable = (a: Acceptable) =>
  'service' in a
    ? a.service
    : 'unit' in a
      ? `unit ${a.unit}`
      : `${a.type}${a.municipality ? ` in ${a.municipality}` : ''}${a.organisation ? ` of ${a.organisation}` : ''}`;

const base = (over: Partial<Situation> & Pick<Situation, 'municipality' | 'topics'>): Situation => ({
  childAges: [],
  language: 'fi',
  urgency: 'normal',
  contacter: 'parent',
  remote: false,
  ...over,
});

export const SCENARIOS: Scenario[] = [
  {
    id: 1,
    title: 'Kuopiolainen äiti: 2-vuotias ei nukahda iltaisin, koko perhe väsynyt',
    situation: base({ municipality: M.KUOPIO, childAges: [2], topics: ['UNI'] }),
    accept: [
      { type: 'NEUVOLA_AITIYS_LAPSI', municipality: M.KUOPIO },
      { service: 'pienten-lasten-uniohjaus' },
    ],
  },
  {
    id: 2,
    title: 'Iisalmi: vauva-arki uuvuttaa, vauva 3 kk',
    situation: base({
      municipality: M.IISALMI,
      childAges: [0],
      topics: ['VAUVAPERHE', 'JAKSAMINEN_VANHEMMUUS'],
    }),
    accept: [
      { service: 'aitiys-ja-lastenneuvola-iisalmi' },
      { service: 'perhekerho-iisalmi' },
      { service: 'perhetyo-yla-savo' },
    ],
  },
  {
    id: 3,
    title: 'Varkaus: 4-vuotiaan raivokohtaukset joka ilta',
    situation: base({ municipality: M.VARKAUS, childAges: [4], topics: ['RAIVOKOHTAUKSET'] }),
    // family counselling anywhere: the own one has a 9-week wait, SavoGrow's is 8 days
    accept: [{ type: 'PERHENEUVOLA' }, { service: 'neuvolapsykologi' }],
  },
  {
    id: 4,
    title: 'Varkaus: 3-vuotiaan ja äidin vuorovaikutus; neuvola ehdottaa Theraplayta, etävastaanotto käy',
    situation: base({
      municipality: M.VARKAUS,
      childAges: [3],
      topics: ['VUOROVAIKUTUS'],
      methods: ['THERAPLAY'],
      remote: true,
    }),
    accept: [{ unit: 'MT-PN-KUOPIO' }],
  },
  {
    id: 5,
    title: 'Leppävirta: 6-vuotiaan tunteet ja käytös; oman alueen perheneuvolassa 9 viikon jono, etä käy',
    situation: base({
      municipality: M.LEPPAVIRTA,
      childAges: [6],
      topics: ['TUNTEET_KAYTTAYTYMINEN'],
      remote: true,
    }),
    accept: [{ service: 'kasvatus-ja-perheneuvonta-savogrow' }, { unit: 'MT-PN-KUOPIO' }],
  },
  {
    id: 6,
    title: 'Kuopio, hätä: isä uhkaa väkivallalla juuri nyt, lapset 5 ja 8',
    situation: base({
      municipality: M.KUOPIO,
      childAges: [5, 8],
      topics: ['LAHISUHDEVAKIVALTA'],
      urgency: 'emergency',
    }),
    first: { service: 'sosiaalipaivystys' },
    accept: [{ service: 'turvakoti-savo' }, { service: 'lahisuhdevakivaltatyo' }],
  },
  {
    id: 7,
    title: 'Siilinjärvi, kiireellinen: naapuri huolissaan 3-vuotiaan turvallisuudesta',
    situation: base({
      municipality: M.SIILINJARVI,
      childAges: [3],
      topics: ['HUOLI_LAPSEN_TURVALLISUUDESTA'],
      urgency: 'urgent',
      contacter: 'professional',
    }),
    accept: [{ service: 'lastensuojeluilmoitus' }, { service: 'sosiaalipaivystys' }],
  },
  {
    id: 8,
    title: 'Tuusniemi: 15-vuotias kirjoittaa itse, ahdistaa eikä uskalla kouluun',
    situation: base({
      municipality: M.TUUSNIEMI,
      childAges: [15],
      topics: ['PELOT_AHDISTUS'],
      contacter: 'young_person',
    }),
    accept: [
      { service: 'nuorten-vastaanotto-kuopio' },
      { service: 'nuorten-chat' },
      { service: 'koulukuraattori-ja-psykologi-siilinjarvi' },
    ],
  },
  {
    id: 9,
    title: 'Kuopio: vanhempi huolissaan 16-vuotiaan alkoholinkäytöstä',
    situation: base({ municipality: M.KUOPIO, childAges: [16], topics: ['PAIHTEET_NUORI'] }),
    accept: [
      { service: 'nuorten-vastaanotto-kuopio' },
      { service: 'paihdeneuvonta-perheille' },
      { service: 'nuorten-paihde-ja-peliapu-chat' },
    ],
  },
  {
    id: 10,
    title: 'Iisalmi: vanhemmat eroamassa, lapset 5 ja 9; tapaamisista ei sovi',
    situation: base({ municipality: M.IISALMI, childAges: [5, 9], topics: ['ERO', 'HUOLTAJUUS_TAPAAMISET'] }),
    accept: [
      { service: 'eroneuvonta' },
      { service: 'lastenvalvoja' },
      { service: 'perheasioiden-sovittelu' },
      { service: 'perheneuvola-yla-savo' },
      { service: 'erovertaisryhmat' },
    ],
  },
  {
    id: 11,
    title: 'Kuopio, ruotsinkielinen perhe: 7-vuotiaan tunteet ja käytös',
    situation: base({
      municipality: M.KUOPIO,
      childAges: [7],
      topics: ['TUNTEET_KAYTTAYTYMINEN'],
      language: 'sv',
    }),
    accept: [
      { service: 'perheneuvola-kuopio' },
      { service: 'koulupsykologi-kuopio' },
      { service: 'perhetyo-kuopio' },
    ],
  },
  {
    id: 12,
    title: 'Varkaus, arabiankielinen perhe muuttanut juuri, lapset 1 ja 4',
    situation: base({
      municipality: M.VARKAUS,
      childAges: [1, 4],
      topics: ['UUSI_PAIKKAKUNTA', 'MONIKULTTUURISUUS'],
      language: 'ar',
    }),
    accept: [
      { service: 'monikulttuuriset-perheet-varkaus' },
      { service: 'tulkkauspalvelu-perhekeskus' },
      { service: 'lapsiperheiden-sosiaaliohjaus' },
    ],
  },
  {
    id: 13,
    title: 'Pielavesi: 3-vuotias puhuu vain muutaman sanan',
    situation: base({ municipality: M.PIELAVESI, childAges: [3], topics: ['PUHEEN_KEHITYS'] }),
    accept: [{ service: 'lasten-puheterapia' }, { service: 'perhekerho-muskari-suonenjoki' }],
  },
  {
    id: 14,
    title: 'Kuopio: 8-vuotiaalla epäillään ADHD:ta, etäyhteys käy',
    situation: base({ municipality: M.KUOPIO, childAges: [8], topics: ['NEPSY'], remote: true }),
    accept: [
      { service: 'lasten-ja-nuorisopsykiatria-kys' },
      { service: 'koulupsykologi-kuopio' },
      { service: 'lasten-toimintaterapia' },
    ],
  },
  {
    id: 15,
    title: 'Siilinjärvi: äidin synnytyksen jälkeinen masennus, vauva 1 v',
    situation: base({ municipality: M.SIILINJARVI, childAges: [1], topics: ['MIELENTERVEYS_VANHEMPI'] }),
    accept: [
      { service: 'mielenterveys-ja-paihdeneuvonta-aikuisille' },
      { service: 'neuvolapsykologi' },
      { service: 'vauvaperhetyo-ensi-ja-turvakoti' },
    ],
  },
  {
    id: 16,
    title: 'Kaavi: isän alkoholinkäyttö huolettaa, lapset 6 ja 10',
    situation: base({ municipality: M.KAAVI, childAges: [6, 10], topics: ['PAIHTEET_VANHEMPI'] }),
    accept: [
      { service: 'laheisten-vertaisryhma-paihteet' },
      { service: 'mielenterveys-ja-paihdeneuvonta-aikuisille' },
      { service: 'vauvaperhetyo-ensi-ja-turvakoti' },
    ],
  },
  {
    id: 17,
    title: 'Kuopio: perheen isä kuoli äkillisesti, lapset 4 ja 12',
    situation: base({
      municipality: M.KUOPIO,
      childAges: [4, 12],
      topics: ['SAIRAUS_KUOLEMA', 'AKILLINEN_KRIISI'],
    }),
    accept: [{ service: 'kriisikeskus-savotta' }, { service: 'psykososiaalinen-tuki-ja-kriisityo' }],
  },
  {
    id: 18,
    title: 'Suonenjoki: 13-vuotiasta kiusataan koulussa',
    situation: base({ municipality: M.SUONENJOKI, childAges: [13], topics: ['KIUSAAMINEN'] }),
    accept: [{ service: 'koulukuraattori-ja-psykologi-lantinen-alue' }],
  },
  {
    id: 19,
    title: 'Tervo: 10-vuotias on ollut paljon pois koulusta',
    situation: base({ municipality: M.TERVO, childAges: [10], topics: ['KOULUNKAYNTI_POISSAOLOT'] }),
    accept: [{ service: 'koulukuraattori-ja-psykologi-lantinen-alue' }],
  },
  {
    id: 20,
    title: 'Rautalampi: ensimmäinen raskaus, mistä tukea?',
    situation: base({ municipality: M.RAUTALAMPI, topics: ['RASKAUS'] }),
    accept: [{ service: 'aitiys-ja-lastenneuvola-rautalampi' }, { service: 'perhevalmennus-verkossa' }],
  },
  {
    id: 21,
    title: 'Joroinen: yksinhuoltajan rahat eivät riitä, lapset 2 ja 6',
    situation: base({
      municipality: M.JOROINEN,
      childAges: [2, 6],
      topics: ['RAHA_TOIMEENTULO', 'YKSINHUOLTAJUUS'],
    }),
    accept: [{ service: 'lapsiperheiden-sosiaaliohjaus' }, { service: 'lastenvalvoja' }],
  },
  {
    id: 22,
    title: 'Kuopio: 17-vuotias itse, lukio jäi kesken eikä tiedä mitä tehdä',
    situation: base({
      municipality: M.KUOPIO,
      childAges: [17],
      topics: ['OPINNOT_JA_TULEVAISUUS'],
      contacter: 'young_person',
    }),
    accept: [{ service: 'ohjaamo-kuopio' }, { service: 'opiskeluhuolto-toinen-aste' }],
  },
  {
    id: 23,
    title: 'Iisalmi: pikkulapsiperheen parisuhde on koetuksella',
    situation: base({ municipality: M.IISALMI, childAges: [3], topics: ['PARISUHDE'] }),
    accept: [
      { service: 'parisuhdeillat-iisalmi' },
      { service: 'perheasiain-neuvottelukeskus' },
      { service: 'eroneuvonta' },
    ],
  },
  {
    id: 24,
    title: 'Keitele: vauvaperhe kaipaa seuraa ja tukea arkeen',
    situation: base({ municipality: M.KEITELE, childAges: [0], topics: ['VAUVAPERHE'] }),
    accept: [
      { service: 'aitiys-ja-lastenneuvola-keitele' },
      { service: 'perhekahvila-keitele' },
      { service: 'perhekerho-pielavesi-keitele' },
    ],
  },
  {
    id: 25,
    title: 'Kuopio, kiireellinen: koulukuraattori soittaa 14-vuotiaan itsetuhoisista ajatuksista',
    situation: base({
      municipality: M.KUOPIO,
      childAges: [14],
      topics: ['ITSETUHOISUUS'],
      urgency: 'urgent',
      contacter: 'professional',
    }),
    accept: [
      { service: 'sosiaalipaivystys' },
      { service: 'lasten-ja-nuorisopsykiatria-kys' },
      { service: 'nuorten-vastaanotto-kuopio' },
    ],
  },
  {
    id: 26,
    title: 'Varkaus: 5-vuotiaan rajat; perhe toivoo Ihmeelliset vuodet -ryhmää, ei etänä',
    situation: base({
      municipality: M.VARKAUS,
      childAges: [5],
      topics: ['RAJAT_KASVATUS'],
      methods: ['IHMEELLISET_VUODET'],
    }),
    accept: [{ unit: 'MT-PN-KUOPIO' }, { unit: 'MT-PN-YLASAVO' }],
  },
  {
    id: 27,
    title: 'Lapinlahti: 9-vuotiaan ADHD, perhe toivoo neuropsykiatrista valmennusta',
    situation: base({
      municipality: M.LAPINLAHTI,
      childAges: [9],
      topics: ['NEPSY'],
      methods: ['NEPSY_VALMENNUS'],
    }),
    accept: [{ unit: 'MT-PN-YLASAVO' }],
  },
  {
    id: 28,
    title: 'Kuopio: masentunut isä haluaa puhua lapsen kanssa sairaudestaan (Lapset puheeksi)',
    situation: base({
      municipality: M.KUOPIO,
      childAges: [6],
      topics: ['MIELENTERVEYS_VANHEMPI'],
      methods: ['LAPSET_PUHEEKSI'],
    }),
    accept: [{ unit: 'MT-MIEPA' }, { unit: 'MT-PT-KUOPIO' }],
  },
  {
    id: 29,
    title: 'Vieremä: äiti kertoo puolison väkivallasta, nyt turvassa',
    situation: base({ municipality: M.VIEREMA, childAges: [7], topics: ['LAHISUHDEVAKIVALTA'] }),
    accept: [
      { service: 'lahisuhdevakivaltatyo' },
      { service: 'vakivaltatyon-avopalvelut' },
      { service: 'turvakoti-savo' },
    ],
  },
  {
    id: 30,
    title: 'Sonkajärvi: 14-vuotias pelaa öisin, vanhemmat huolissaan',
    situation: base({ municipality: M.SONKAJARVI, childAges: [14], topics: ['DIGI_RUUTUAIKA'] }),
    accept: [{ service: 'nuorten-vastaanotto-yla-savo' }, { service: 'nuorten-paihde-ja-peliapu-chat' }],
  },
  {
    id: 31,
    title: 'Kuopio, englanninkielinen perhe: vauvan imetys ei suju',
    situation: base({
      municipality: M.KUOPIO,
      childAges: [0],
      topics: ['SYOMINEN', 'VAUVAPERHE'],
      language: 'en',
    }),
    accept: [{ service: 'imetystuki' }, { type: 'NEUVOLA_AITIYS_LAPSI', municipality: M.KUOPIO }],
  },
  {
    id: 32,
    title: 'Vesanto: 5-vuotiaan uhmaikä, rajojen asettaminen vaikeaa',
    situation: base({ municipality: M.VESANTO, childAges: [5], topics: ['RAJAT_KASVATUS'] }),
    accept: [
      { service: 'kasvatus-ja-perheneuvonta-savogrow' },
      { service: 'perhetyo-lantinen-alue' },
      { service: 'avoin-perhekerho-vesanto' },
    ],
  },
  {
    id: 33,
    title: 'Kuopio, kiireellinen: päiväkodin opettaja epäilee 6-vuotiaan kaltoinkohtelua',
    situation: base({
      municipality: M.KUOPIO,
      childAges: [6],
      topics: ['LAPSEEN_KOHDISTUVA_VAKIVALTA'],
      urgency: 'urgent',
      contacter: 'professional',
    }),
    accept: [{ service: 'lastensuojeluilmoitus' }, { service: 'sosiaalipaivystys' }],
  },
  {
    id: 34,
    title: 'Rautavaara: 4-vuotias syö vain muutamaa ruokaa',
    situation: base({ municipality: M.RAUTAVAARA, childAges: [4], topics: ['SYOMINEN'] }),
    accept: [{ service: 'aitiys-ja-lastenneuvola-rautavaara' }, { service: 'neuvolan-chat' }],
  },
  {
    id: 35,
    title: 'Siilinjärvi: äiti sairastui vakavasti, arki ei pyöri, lapset 1 ja 3',
    situation: base({
      municipality: M.SIILINJARVI,
      childAges: [1, 3],
      topics: ['ARJEN_APU', 'SAIRAUS_KUOLEMA'],
    }),
    accept: [{ service: 'lapsiperheiden-kotipalvelu-siilinjarvi' }, { service: 'mll-lastenhoitoapu' }],
  },
  {
    id: 36,
    title: 'Kuopio: uusperheen sisarukset riitelevät jatkuvasti, lapset 8 ja 11',
    situation: base({ municipality: M.KUOPIO, childAges: [8, 11], topics: ['UUSPERHE', 'SISARUSSUHTEET'] }),
    accept: [
      { service: 'perheneuvola-kuopio' },
      { service: 'perheasiain-neuvottelukeskus' },
      { service: 'erovertaisryhmat' },
    ],
  },
];
