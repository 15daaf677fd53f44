/**
 * The routing's written situations (issue 14, part 2): families' situations as a counsellor
 * would write them down from a contact, each with the service types a skilled family-centre
 * counsellor would point to first (`primary`) and, when the situation is urgent, the route that
 * must come first (`urgentFirst`), judged by the first-line table
 * (data/seed/reference/first-line.csv, docs/routing.md). Run on the demo catalogue by
 * test/routing.test.ts, which prints the top-3, "primary type first" and "urgent route first"
 * rates. The situations are written from the table and the counsellor's judgement, not from
 * the catalogue's texts.
 */
import type { Situation } from '../src/features/matching/matching.ts';
import { M } from './matching-scenarios.ts';

export interface RoutingSituation {
  id: number;
  /** the situation in the counsellor's words */
  title: string;
  situation: Situation;
  /** the service types of the first help: one of them should lead the list (after the urgent routes) */
  primary: string[];
  /** urgent or emergency: the route that must come first */
  urgentFirst: string[];
}

const s = (
  over: Pick<Situation, 'municipality' | 'childAges' | 'topics'> & Partial<Situation>,
): Situation => ({ language: 'fi', urgency: 'normal', contacter: 'parent', remote: false, ...over });

export const ROUTING_SITUATIONS: RoutingSituation[] = [
  {
    id: 1,
    title: 'Kuopio: äidillä synnytyksen jälkeinen masennus, vauva 4 kk',
    situation: s({
      municipality: M.KUOPIO,
      childAges: [0],
      topics: ['MIELENTERVEYS_VANHEMPI', 'VAUVAPERHE'],
    }),
    primary: ['NEUVOLA_AITIYS_LAPSI', 'MIELENTERVEYS_AIKUISET'],
    urgentFirst: [],
  },
  {
    id: 2,
    title: 'Siilinjärvi, kiireellinen: äiti ei ole nukkunut päiviin ja itkee koko ajan, vauva 2 kk',
    situation: s({
      municipality: M.SIILINJARVI,
      childAges: [0],
      topics: ['MIELENTERVEYS_VANHEMPI'],
      urgency: 'urgent',
    }),
    primary: ['NEUVOLA_AITIYS_LAPSI', 'MIELENTERVEYS_AIKUISET'],
    urgentFirst: ['MIELENTERVEYS_AIKUISET'],
  },
  {
    id: 3,
    title: 'Kuopio, kiireellinen: 17-vuotias kirjoittaa itse itsetuhoisista ajatuksista',
    situation: s({
      municipality: M.KUOPIO,
      childAges: [17],
      topics: ['ITSETUHOISUUS'],
      urgency: 'urgent',
      contacter: 'young_person',
    }),
    primary: ['KOULUTERVEYDENHOITO', 'KRIISIAPU', 'NUORISOASEMA'],
    urgentFirst: ['LASTENPSYKIATRIA'],
  },
  {
    id: 4,
    title: 'Iisalmi: 16-vuotias kertoo ajattelevansa kuolemaa, ei välitöntä vaaraa',
    situation: s({
      municipality: M.IISALMI,
      childAges: [16],
      topics: ['ITSETUHOISUUS'],
      contacter: 'young_person',
    }),
    primary: ['KOULUTERVEYDENHOITO', 'KRIISIAPU', 'NUORISOASEMA'],
    urgentFirst: [],
  },
  {
    id: 5,
    title: 'Varkaus, kiireellinen: äiti kertoo puolison lyöneen häntä eilen, lapset 3 ja 7',
    situation: s({
      municipality: M.VARKAUS,
      childAges: [3, 7],
      topics: ['LAHISUHDEVAKIVALTA'],
      urgency: 'urgent',
    }),
    primary: ['LAHISUHDEVAKIVALTA'],
    urgentFirst: ['LAHISUHDEVAKIVALTA'],
  },
  {
    id: 6,
    title: 'Vieremä: nainen kertoo puolison henkisestä väkivallasta, ei lapsia kotona',
    situation: s({ municipality: M.VIEREMA, childAges: [], topics: ['LAHISUHDEVAKIVALTA'] }),
    primary: ['LAHISUHDEVAKIVALTA'],
    urgentFirst: [],
  },
  {
    id: 7,
    title: 'Kuopio, hätä: isä uhkaa väkivallalla juuri nyt, lapset 5 ja 8',
    situation: s({
      municipality: M.KUOPIO,
      childAges: [5, 8],
      topics: ['LAHISUHDEVAKIVALTA'],
      urgency: 'emergency',
    }),
    primary: ['LAHISUHDEVAKIVALTA'],
    urgentFirst: ['SOSIAALIPAIVYSTYS'],
  },
  {
    id: 8,
    title: 'Siilinjärvi, kiireellinen: naapuri kertoo 3-vuotiaan olevan usein yksin kotona',
    situation: s({
      municipality: M.SIILINJARVI,
      childAges: [3],
      topics: ['LAIMINLYONTI', 'HUOLI_LAPSEN_TURVALLISUUDESTA'],
      urgency: 'urgent',
      contacter: 'professional',
    }),
    primary: ['PERHETYO', 'NEUVOLA_AITIYS_LAPSI'],
    urgentFirst: ['LASTENSUOJELU'],
  },
  {
    id: 9,
    title: 'Kuopio, kiireellinen: opettaja näki 8-vuotiaalla mustelmia ja lapsi pelkää mennä kotiin',
    situation: s({
      municipality: M.KUOPIO,
      childAges: [8],
      topics: ['LAPSEEN_KOHDISTUVA_VAKIVALTA'],
      urgency: 'urgent',
      contacter: 'professional',
    }),
    primary: ['LAHISUHDEVAKIVALTA', 'PERHENEUVOLA'],
    urgentFirst: ['LASTENSUOJELU'],
  },
  {
    id: 10,
    title: 'Tuusniemi: 15-vuotias kirjoittaa itse, ahdistaa eikä uskalla kouluun',
    situation: s({
      municipality: M.TUUSNIEMI,
      childAges: [15],
      topics: ['PELOT_AHDISTUS', 'KOULUNKAYNTI_POISSAOLOT'],
      contacter: 'young_person',
    }),
    primary: ['NUORISOASEMA', 'KOULUPSYKOLOGI', 'KOULUTERVEYDENHOITO', 'KOULUKURAATTORI'],
    urgentFirst: [],
  },
  {
    id: 11,
    title: 'Kuopio: 9-vuotias ei halua mennä kouluun, vatsa kipeä joka aamu',
    situation: s({
      municipality: M.KUOPIO,
      childAges: [9],
      topics: ['KOULUNKAYNTI_POISSAOLOT', 'PELOT_AHDISTUS'],
    }),
    primary: ['KOULUKURAATTORI', 'KOULUPSYKOLOGI'],
    urgentFirst: [],
  },
  {
    id: 12,
    title: 'Leppävirta: 2-vuotias heräilee monta kertaa yössä',
    situation: s({ municipality: M.LEPPAVIRTA, childAges: [2], topics: ['UNI'] }),
    primary: ['NEUVOLA_AITIYS_LAPSI'],
    urgentFirst: [],
  },
  {
    id: 13,
    title: 'Iisalmi: 4-vuotiaan raivarit joka ilta, vanhemmat ovat neuvottomia',
    situation: s({ municipality: M.IISALMI, childAges: [4], topics: ['RAIVOKOHTAUKSET'] }),
    primary: ['NEUVOLA_AITIYS_LAPSI', 'PERHENEUVOLA'],
    urgentFirst: [],
  },
  {
    id: 14,
    title: 'Kuopio: opettaja epäilee 10-vuotiaalla ADHD:ta',
    situation: s({ municipality: M.KUOPIO, childAges: [10], topics: ['NEPSY'] }),
    primary: ['KOULUPSYKOLOGI', 'PERHENEUVOLA'],
    urgentFirst: [],
  },
  {
    id: 15,
    title: 'Pielavesi: 3-vuotias sanoo vain muutaman sanan',
    situation: s({ municipality: M.PIELAVESI, childAges: [3], topics: ['PUHEEN_KEHITYS'] }),
    primary: ['NEUVOLA_AITIYS_LAPSI', 'PUHETERAPIA'],
    urgentFirst: [],
  },
  {
    id: 16,
    title: 'Iisalmi: vanhemmat eroavat, lapset 5 ja 9, tapaamisista riidellään',
    situation: s({ municipality: M.IISALMI, childAges: [5, 9], topics: ['ERO', 'HUOLTAJUUS_TAPAAMISET'] }),
    primary: ['ERONEUVONTA', 'PERHENEUVOLA', 'PERHEOIKEUS'],
    urgentFirst: [],
  },
  {
    id: 17,
    title: 'Joroinen: yksinhuoltajan rahat eivät riitä ruokaan, lapset 2 ja 6',
    situation: s({
      municipality: M.JOROINEN,
      childAges: [2, 6],
      topics: ['RAHA_TOIMEENTULO', 'YKSINHUOLTAJUUS'],
    }),
    primary: ['PERHENEUVONTA_OHJAUS', 'NEUVOLA_AITIYS_LAPSI', 'PERHETYO'],
    urgentFirst: [],
  },
  {
    id: 18,
    title: 'Kuopio: vanhempi huolissaan 16-vuotiaan viikonloppujen juomisesta',
    situation: s({ municipality: M.KUOPIO, childAges: [16], topics: ['PAIHTEET_NUORI'] }),
    primary: ['NUORISOASEMA'],
    urgentFirst: [],
  },
  {
    id: 19,
    title: 'Kaavi: isän juominen huolettaa äitiä, lapset 6 ja 10',
    situation: s({ municipality: M.KAAVI, childAges: [6, 10], topics: ['PAIHTEET_VANHEMPI'] }),
    primary: ['PAIHDEPALVELUT', 'NEUVOLA_AITIYS_LAPSI'],
    urgentFirst: [],
  },
  {
    id: 20,
    title: 'Kuopio: perheen isä kuoli äkillisesti viime viikolla, lapset 4 ja 12',
    situation: s({
      municipality: M.KUOPIO,
      childAges: [4, 12],
      topics: ['SAIRAUS_KUOLEMA', 'AKILLINEN_KRIISI'],
    }),
    primary: ['KRIISIAPU', 'KOTIPALVELU_LAPSIPERHE', 'PERHENEUVOLA'],
    urgentFirst: [],
  },
  {
    id: 21,
    title: 'Suonenjoki: 13-vuotiasta kiusataan koulussa ja somessa',
    situation: s({ municipality: M.SUONENJOKI, childAges: [13], topics: ['KIUSAAMINEN'] }),
    primary: ['KOULUKURAATTORI'],
    urgentFirst: [],
  },
  {
    id: 22,
    title: 'Rautalampi: ensimmäinen raskaus, mistä saa tukea?',
    situation: s({ municipality: M.RAUTALAMPI, childAges: [], topics: ['RASKAUS'] }),
    primary: ['NEUVOLA_AITIYS_LAPSI'],
    urgentFirst: [],
  },
  {
    id: 23,
    title: 'Kuopio: 17-vuotias itse, lukio jäi kesken eikä tiedä mitä tehdä',
    situation: s({
      municipality: M.KUOPIO,
      childAges: [17],
      topics: ['OPINNOT_JA_TULEVAISUUS'],
      contacter: 'young_person',
    }),
    primary: ['NUORISOTYO', 'OPISKELUHUOLTO', 'KOULUKURAATTORI'],
    urgentFirst: [],
  },
  {
    id: 24,
    title: 'Iisalmi: vauvaperheen vanhempien parisuhde on koetuksella',
    situation: s({ municipality: M.IISALMI, childAges: [1], topics: ['PARISUHDE'] }),
    primary: ['PERHENEUVOLA', 'SEURAKUNTA_PERHETYO'],
    urgentFirst: [],
  },
  {
    id: 25,
    title: 'Keitele: vauvaperhe on yksinäinen ja kaipaa tukea arkeen',
    situation: s({ municipality: M.KEITELE, childAges: [0], topics: ['VAUVAPERHE'] }),
    primary: ['NEUVOLA_AITIYS_LAPSI'],
    urgentFirst: [],
  },
  {
    id: 26,
    title: 'Sonkajärvi: 14-vuotias pelaa öisin eikä jaksa aamulla kouluun',
    situation: s({ municipality: M.SONKAJARVI, childAges: [14], topics: ['DIGI_RUUTUAIKA', 'UNI'] }),
    primary: ['NUORISOASEMA', 'KOULUTERVEYDENHOITO'],
    urgentFirst: [],
  },
  {
    id: 27,
    title: 'Kuopio, English-speaking family: breastfeeding is not working, baby 3 weeks',
    situation: s({
      municipality: M.KUOPIO,
      childAges: [0],
      topics: ['SYOMINEN', 'VAUVAPERHE'],
      language: 'en',
    }),
    primary: ['NEUVOLA_AITIYS_LAPSI'],
    urgentFirst: [],
  },
  {
    id: 28,
    title: 'Vesanto: 5-vuotiaan uhmaikä, rajojen asettaminen on vaikeaa',
    situation: s({ municipality: M.VESANTO, childAges: [5], topics: ['RAJAT_KASVATUS'] }),
    primary: ['NEUVOLA_AITIYS_LAPSI', 'PERHENEUVOLA'],
    urgentFirst: [],
  },
  {
    id: 29,
    title: 'Siilinjärvi: äiti sairastui vakavasti, arki ei pyöri, lapset 1 ja 3',
    situation: s({
      municipality: M.SIILINJARVI,
      childAges: [1, 3],
      topics: ['SAIRAUS_KUOLEMA', 'ARJEN_APU'],
    }),
    primary: ['KOTIPALVELU_LAPSIPERHE', 'KRIISIAPU'],
    urgentFirst: [],
  },
  {
    id: 30,
    title: 'Kuopio: uusperheen sisarukset riitelevät jatkuvasti, lapset 8 ja 11',
    situation: s({ municipality: M.KUOPIO, childAges: [8, 11], topics: ['UUSPERHE', 'SISARUSSUHTEET'] }),
    primary: ['PERHENEUVOLA', 'ERONEUVONTA'],
    urgentFirst: [],
  },
  {
    id: 31,
    title: 'Varkaus: arabiankielinen perhe muutti juuri, lapset 1 ja 4',
    situation: s({
      municipality: M.VARKAUS,
      childAges: [1, 4],
      topics: ['MONIKULTTUURISUUS', 'UUSI_PAIKKAKUNTA'],
      language: 'ar',
    }),
    primary: ['JARJESTO_VERTAISTUKI', 'NEUVOLA_AITIYS_LAPSI', 'AVOIN_KOHTAAMISPAIKKA'],
    urgentFirst: [],
  },
  {
    id: 32,
    title: 'Lapinlahti: 15-vuotias syö hyvin vähän ja on laihtunut paljon',
    situation: s({ municipality: M.LAPINLAHTI, childAges: [15], topics: ['SYOMISHAIRIO'] }),
    primary: ['KOULUTERVEYDENHOITO', 'NUORISOASEMA'],
    urgentFirst: [],
  },
  {
    id: 33,
    title: 'Kuopio, kiireellinen: 15-vuotias syömishäiriöinen on pyörtyillyt',
    situation: s({ municipality: M.KUOPIO, childAges: [15], topics: ['SYOMISHAIRIO'], urgency: 'urgent' }),
    primary: ['KOULUTERVEYDENHOITO', 'NUORISOASEMA'],
    urgentFirst: ['LASTENPSYKIATRIA'],
  },
  {
    id: 34,
    title: 'Kuopio: isä hermostuu ja huutaa, haluaa itse apua vihanhallintaan, lapset 3 ja 6',
    situation: s({ municipality: M.KUOPIO, childAges: [3, 6], topics: ['OMA_VAKIVALTAISUUS'] }),
    primary: ['LAHISUHDEVAKIVALTA', 'PERHENEUVOLA'],
    urgentFirst: [],
  },
  {
    id: 35,
    title: 'Kiuruvesi: isä on masentunut, lapset 8 ja 12',
    situation: s({ municipality: M.KIURUVESI, childAges: [8, 12], topics: ['MIELENTERVEYS_VANHEMPI'] }),
    primary: ['MIELENTERVEYS_AIKUISET'],
    urgentFirst: [],
  },
  {
    id: 36,
    title: 'Kuopio: 7-vuotiaalla ei ole kavereita koulussa',
    situation: s({ municipality: M.KUOPIO, childAges: [7], topics: ['KAVERISUHTEET'] }),
    primary: ['KOULUKURAATTORI'],
    urgentFirst: [],
  },
  {
    id: 37,
    title: 'Kuopio: päivähoitopaikka 1-vuotiaalle, äiti palaa töihin',
    situation: s({ municipality: M.KUOPIO, childAges: [1], topics: ['VARHAISKASVATUSPAIKKA'] }),
    primary: ['VARHAISKASVATUS'],
    urgentFirst: [],
  },
  {
    id: 38,
    title: 'Kuopio, svenskspråkig familj: sexåringens känslor och utbrott',
    situation: s({
      municipality: M.KUOPIO,
      childAges: [6],
      topics: ['TUNTEET_KAYTTAYTYMINEN'],
      language: 'sv',
    }),
    primary: ['NEUVOLA_AITIYS_LAPSI', 'PERHENEUVOLA'],
    urgentFirst: [],
  },
  {
    id: 39,
    title: 'Tervo: 11-vuotiaan itsetunto on heikko, sanoo olevansa huono kaikessa',
    situation: s({ municipality: M.TERVO, childAges: [11], topics: ['ITSETUNTO'] }),
    primary: ['KOULUPSYKOLOGI', 'KOULUKURAATTORI'],
    urgentFirst: [],
  },
  {
    id: 40,
    title: 'Rautavaara: 16-vuotias itse, kysymyksiä seksuaalisuudesta ja ehkäisystä',
    situation: s({
      municipality: M.RAUTAVAARA,
      childAges: [16],
      topics: ['SEKSUAALISUUS'],
      contacter: 'young_person',
    }),
    primary: ['KOULUTERVEYDENHOITO', 'NEUVOLA_PERHESUUNNITTELU', 'NUORISOASEMA'],
    urgentFirst: [],
  },
  {
    id: 41,
    title: 'Kuopio: 12-vuotiaalla toistuvia päänsärkyjä',
    situation: s({ municipality: M.KUOPIO, childAges: [12], topics: ['LAPSEN_TERVEYS'] }),
    primary: ['KOULUTERVEYDENHOITO'],
    urgentFirst: [],
  },
  {
    id: 42,
    title: 'Iisalmi: perhe on menettämässä asuntonsa, lapset 4 ja 9',
    situation: s({ municipality: M.IISALMI, childAges: [4, 9], topics: ['ASUMINEN'] }),
    primary: ['PERHENEUVONTA_OHJAUS'],
    urgentFirst: [],
  },
  {
    id: 43,
    title:
      'Kuopio, kiireellinen: 14-vuotias karkailee öisin ja käyttää päihteitä, vanhemmat pelkäävät hänen puolestaan',
    situation: s({
      municipality: M.KUOPIO,
      childAges: [14],
      topics: ['PAIHTEET_NUORI', 'HUOLI_LAPSEN_TURVALLISUUDESTA'],
      urgency: 'urgent',
    }),
    primary: ['NUORISOASEMA', 'PERHETYO', 'KOULUKURAATTORI'],
    urgentFirst: ['LASTENSUOJELU'],
  },
  {
    id: 44,
    title: 'Varkaus: vanhemmat ovat uupuneita, lapset 2 ja 5',
    situation: s({ municipality: M.VARKAUS, childAges: [2, 5], topics: ['JAKSAMINEN_VANHEMMUUS'] }),
    primary: ['NEUVOLA_AITIYS_LAPSI', 'PERHETYO'],
    urgentFirst: [],
  },
  {
    id: 45,
    title: 'Siilinjärvi, kiireellinen: kotiin murtauduttiin yöllä, lapset 6 ja 9 eivät uskalla nukkua',
    situation: s({
      municipality: M.SIILINJARVI,
      childAges: [6, 9],
      topics: ['AKILLINEN_KRIISI'],
      urgency: 'urgent',
    }),
    primary: ['KRIISIAPU'],
    urgentFirst: ['KRIISIAPU'],
  },
  {
    id: 46,
    title: 'Kuopio: 14-vuotias ja vanhemmat riitelevät joka päivä, välit kiristyneet',
    situation: s({ municipality: M.KUOPIO, childAges: [14], topics: ['VUOROVAIKUTUS'] }),
    primary: ['PERHENEUVOLA'],
    urgentFirst: [],
  },
  {
    id: 47,
    title: 'Iisalmi, English-speaking mother: no family nearby, exhausted with a 6-month-old',
    situation: s({
      municipality: M.IISALMI,
      childAges: [0],
      topics: ['JAKSAMINEN_VANHEMMUUS', 'VAUVAPERHE'],
      language: 'en',
    }),
    primary: ['NEUVOLA_AITIYS_LAPSI', 'PERHETYO'],
    urgentFirst: [],
  },
  {
    id: 48,
    title: 'Kuopio, kiireellinen: äiti kertoo ajattelevansa itsensä vahingoittamista, lapset 2 ja 5',
    situation: s({
      municipality: M.KUOPIO,
      childAges: [2, 5],
      topics: ['MIELENTERVEYS_VANHEMPI'],
      urgency: 'urgent',
    }),
    primary: ['NEUVOLA_AITIYS_LAPSI', 'MIELENTERVEYS_AIKUISET'],
    urgentFirst: ['MIELENTERVEYS_AIKUISET'],
  },
];
