// The held-out measure of the search (issue 14, "Measured"): what families, young people and
// professionals type, in their own words, and what a skilled counsellor would accept among the
// first three results. Written from how people ask, not from the catalogue's texts. Nobody
// tuning the search reads this file: it is run by test/search-queries.test.ts on the demo
// catalogue (data/seed/pohjois-savo) and on an unseen one (test/fixtures/unseen-catalogue).
import type { Lang } from '../src/i18n/index.ts';

/**
 * What counts as a hit: a service of one of these service types, or with one of these topics,
 * or one of the named services (slugs of the demo or of the unseen catalogue).
 */
export interface Accept {
  types?: string[];
  topics?: string[];
  /** slugs in data/seed/pohjois-savo */
  demo?: string[];
  /** slugs in test/fixtures/unseen-catalogue */
  unseen?: string[];
}

export type Kind =
  | 'everyday' // a family's own phrasing of a need
  | 'inflection' // an inflected form of a service's or a need's word
  | 'compound' // a compound that is in no text, or a part of one
  | 'synonym' // another word for the same thing
  | 'typo'
  | 'professional' // a term a professional would use
  | 'nothing'; // nonsense or out of scope: the honest answer is "nothing found"

export interface SearchQuery {
  query: string;
  lang: Lang;
  kind: Kind;
  /** what a counsellor accepts in the top 3; absent for kind 'nothing' */
  accept?: Accept;
  /** also measured on the unseen catalogue (with accept's types, topics and unseen slugs) */
  unseen?: boolean;
  /** must hit the top 3 on the demo catalogue (today's search does; a counsellor insists) */
  must?: boolean;
}

// Service types (data/seed/reference/service-types.csv) in groups a counsellor would accept.
const SCHOOL = ['KOULUKURAATTORI', 'KOULUPSYKOLOGI', 'OPISKELUHUOLTO'];
const YOUTH_MIND = [
  'NUORISOASEMA',
  'KOULUPSYKOLOGI',
  'KOULUKURAATTORI',
  'KOULUTERVEYDENHOITO',
  'OPISKELUHUOLTO',
];
const SUBSTANCE_YOUNG = ['NUORISOASEMA', 'PAIHDEPALVELUT'];
const VIOLENCE_ADULT = ['LAHISUHDEVAKIVALTA', 'SOSIAALIPAIVYSTYS'];
const CHILD_SAFETY = ['LASTENSUOJELU', 'SOSIAALIPAIVYSTYS'];
const NEUVOLA = ['NEUVOLA_AITIYS_LAPSI'];
const SEPARATION = ['ERONEUVONTA', 'PERHEOIKEUS'];
const UPBRINGING = ['PERHENEUVOLA', 'PERHENEUVONTA_OHJAUS'];
const TIRED_PARENT = [
  'PERHENEUVONTA_OHJAUS',
  'PERHETYO',
  'KOTIPALVELU_LAPSIPERHE',
  'MIELENTERVEYS_AIKUISET',
  'KRIISIAPU',
];
const NEURO = ['PERHENEUVOLA', 'KOULUPSYKOLOGI', 'LASTENNEUROLOGIA', 'TOIMINTATERAPIA', 'LASTENPSYKIATRIA'];
const CRISIS_YOUNG = [
  'KRIISIAPU',
  'NUORISOASEMA',
  'LASTENPSYKIATRIA',
  'KOULUTERVEYDENHOITO',
  'SOSIAALIPAIVYSTYS',
  'MIELENTERVEYS_AIKUISET',
];
const COUPLE = {
  types: ['ERONEUVONTA'],
  demo: ['perheasiain-neuvottelukeskus', 'parisuhdeillat-iisalmi', 'perhekeskuksen-ohjaus-ja-neuvonta'],
  unseen: [
    'pariterapia-perheasiain-neuvottelukeskus',
    'parisuhdekurssit-yhdistys',
    'perhekeskus-neuvontapuhelin',
  ],
};
const GAMING = {
  types: SUBSTANCE_YOUNG,
  demo: ['nuorten-paihde-ja-peliapu-chat'],
  unseen: ['peliriippuvuus-nuoret-chat'],
};
const EATING_DISORDER = {
  types: ['LASTENPSYKIATRIA', 'NUORISOASEMA', 'KOULUTERVEYDENHOITO'],
  topics: ['SYOMISHAIRIO'],
};

export const QUERIES: SearchQuery[] = [
  // ---------------------------------------------------------------- Finnish: school
  {
    query: 'lapsi ei halua mennä kouluun',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: SCHOOL },
    unseen: true,
  },
  { query: 'koulupoissaolo', lang: 'fi', kind: 'compound', accept: { types: SCHOOL }, unseen: true },
  { query: 'koulupoissaolot', lang: 'fi', kind: 'compound', accept: { types: SCHOOL } },
  { query: 'kouluahdistus', lang: 'fi', kind: 'compound', accept: { types: SCHOOL }, unseen: true },
  { query: 'koulukieltäytyminen', lang: 'fi', kind: 'professional', accept: { types: SCHOOL } },
  { query: 'pinnaa koulusta', lang: 'fi', kind: 'everyday', accept: { types: SCHOOL } },
  {
    query: 'koulukiusaaminen',
    lang: 'fi',
    kind: 'compound',
    accept: { types: ['KOULUKURAATTORI', 'OPISKELUHUOLTO'], demo: ['nuorten-chat'] },
    unseen: true,
  },
  {
    query: 'poikaa kiusataan koulussa',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: ['KOULUKURAATTORI', 'OPISKELUHUOLTO'], demo: ['nuorten-chat'] },
    unseen: true,
  },
  {
    query: 'kuraattorille',
    lang: 'fi',
    must: true,
    kind: 'inflection',
    accept: { types: ['KOULUKURAATTORI'] },
  },
  {
    query: 'koulupsykologille',
    lang: 'fi',
    must: true,
    kind: 'inflection',
    accept: { types: ['KOULUPSYKOLOGI'] },
    unseen: true,
  },
  { query: 'koulu kuraattori', lang: 'fi', kind: 'typo', accept: { types: ['KOULUKURAATTORI'] } },
  { query: 'oppilashuolto', lang: 'fi', kind: 'professional', accept: { types: SCHOOL } },
  {
    query: 'lukivaikeus',
    lang: 'fi',
    kind: 'everyday',
    accept: {
      types: ['KOULUPSYKOLOGI', 'OPISKELUHUOLTO'],
      demo: ['varhaiskasvatuksen-erityisopettaja-kuopio'],
    },
  },
  {
    query: 'kouluterkkari',
    lang: 'fi',
    kind: 'synonym',
    accept: { types: ['KOULUTERVEYDENHOITO'] },
    unseen: true,
  },
  {
    query: 'terveydenhoitaja koulussa',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: ['KOULUTERVEYDENHOITO'] },
  },
  // ---------------------------------------------------------------- Finnish: young people's mind and habits
  { query: 'poika pelaa yöt', lang: 'fi', kind: 'everyday', accept: GAMING, unseen: true },
  { query: 'pelaa liikaa', lang: 'fi', kind: 'everyday', accept: GAMING },
  { query: 'peliriippuvuus', lang: 'fi', kind: 'compound', accept: GAMING, unseen: true },
  {
    query: 'ahdistus',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: [...YOUTH_MIND, 'PERHENEUVOLA', 'MIELENTERVEYS_AIKUISET', 'KRIISIAPU'] },
    unseen: true,
  },
  { query: 'nuoren masennus', lang: 'fi', kind: 'everyday', accept: { types: YOUTH_MIND }, unseen: true },
  { query: 'teini on alakuloinen', lang: 'fi', kind: 'everyday', accept: { types: YOUTH_MIND } },
  { query: 'tytär viiltelee', lang: 'fi', kind: 'everyday', accept: { types: CRISIS_YOUNG }, unseen: true },
  { query: 'itsemurha-ajatukset', lang: 'fi', kind: 'compound', accept: { types: CRISIS_YOUNG } },
  { query: 'syömishäiriö', lang: 'fi', must: true, kind: 'professional', accept: EATING_DISORDER },
  { query: 'tyttö laihduttaa liikaa', lang: 'fi', kind: 'everyday', accept: EATING_DISORDER },
  {
    query: 'nuori juo alkoholia',
    lang: 'fi',
    must: true,
    kind: 'everyday',
    accept: { types: SUBSTANCE_YOUNG },
    unseen: true,
  },
  { query: 'poika polttaa kannabista', lang: 'fi', kind: 'everyday', accept: { types: SUBSTANCE_YOUNG } },
  {
    query: 'nuuska',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: [...SUBSTANCE_YOUNG, 'KOULUTERVEYDENHOITO'] },
  },
  {
    query: 'nuorisoasemalle',
    lang: 'fi',
    must: true,
    kind: 'inflection',
    accept: { types: ['NUORISOASEMA'] },
  },
  {
    query: 'teini karkailee kotoa',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: ['NUORISOASEMA', 'PERHENEUVOLA', 'PERHETYO', 'SOSIAALIPAIVYSTYS', 'LASTENSUOJELU'] },
  },
  {
    query: 'lapsella ei ole kavereita',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: ['KOULUKURAATTORI', 'NUORISOTYO'], demo: ['mll-kaveritoiminta'] },
  },
  {
    query: 'yksinäinen nuori',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: ['NUORISOTYO', 'NUORISOASEMA'], demo: ['mll-kaveritoiminta', 'nuorten-chat'] },
    unseen: true,
  },
  {
    query: 'nuori ei tiedä mitä opiskella',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: ['NUORISOTYO', 'OPISKELUHUOLTO'] },
  },
  {
    query: 'seksuaaliterveys nuori',
    lang: 'fi',
    kind: 'professional',
    accept: { types: ['NEUVOLA_PERHESUUNNITTELU', 'KOULUTERVEYDENHOITO', 'NUORISOASEMA'] },
  },
  // ---------------------------------------------------------------- Finnish: babies, pregnancy, small children
  {
    query: 'vauva itkee koko ajan',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: NEUVOLA, demo: ['vauvaperhetyo-ensi-ja-turvakoti', 'sahkoinen-perhekeskus'] },
    unseen: true,
  },
  {
    query: 'vauva ei nuku',
    lang: 'fi',
    must: true,
    kind: 'everyday',
    accept: { types: NEUVOLA, topics: ['UNI'] },
    unseen: true,
  },
  {
    query: 'lapsi ei syö',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: [...NEUVOLA, 'KOULUTERVEYDENHOITO'] },
  },
  {
    query: 'synnytyksen jälkeinen masennus',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: [...NEUVOLA, 'MIELENTERVEYS_AIKUISET'], demo: ['vauvaperhetyo-ensi-ja-turvakoti'] },
    unseen: true,
  },
  {
    query: 'synnytysvalmennus',
    lang: 'fi',
    kind: 'compound',
    accept: { types: NEUVOLA },
    unseen: true,
  },
  {
    query: 'odotan vauvaa',
    lang: 'fi',
    must: true,
    kind: 'everyday',
    accept: { types: NEUVOLA },
    unseen: true,
  },
  { query: 'raskaana ja pelottaa', lang: 'fi', kind: 'everyday', accept: { types: NEUVOLA } },
  {
    query: 'imetys ei onnistu',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: NEUVOLA },
  },
  { query: 'neuvolaan', lang: 'fi', must: true, kind: 'inflection', accept: { types: NEUVOLA } },
  {
    query: 'lastenneuvolaan',
    lang: 'fi',
    must: true,
    kind: 'inflection',
    accept: { types: NEUVOLA },
    unseen: true,
  },
  { query: 'aitiysneuvola', lang: 'fi', kind: 'typo', accept: { types: NEUVOLA } },
  { query: 'neuvolan terkkari', lang: 'fi', kind: 'synonym', accept: { types: NEUVOLA } },
  {
    query: 'uhmaikä',
    lang: 'fi',
    must: true,
    kind: 'everyday',
    accept: { types: [...UPBRINGING, ...NEUVOLA] },
    unseen: true,
  },
  { query: 'lapsi raivoaa', lang: 'fi', kind: 'everyday', accept: { types: [...UPBRINGING, ...NEUVOLA] } },
  { query: 'kiukuttelu', lang: 'fi', kind: 'synonym', accept: { types: [...UPBRINGING, ...NEUVOLA] } },
  {
    query: 'lapsi pelkää pimeää',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: [...UPBRINGING, ...NEUVOLA] },
  },
  {
    query: 'sisarukset riitelevät',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: [...UPBRINGING, 'PERHETYO'] },
  },
  {
    query: 'lapsi ei puhu',
    lang: 'fi',
    must: true,
    kind: 'everyday',
    accept: { types: ['PUHETERAPIA', ...NEUVOLA] },
    unseen: true,
  },
  {
    query: 'puheterapeutti',
    lang: 'fi',
    must: true,
    kind: 'professional',
    accept: { types: ['PUHETERAPIA'] },
    unseen: true,
  },
  { query: 'änkytys', lang: 'fi', kind: 'everyday', accept: { types: ['PUHETERAPIA'] } },
  { query: 'adhd', lang: 'fi', must: true, kind: 'professional', accept: { types: NEURO }, unseen: true },
  { query: 'epäilen autismia', lang: 'fi', kind: 'everyday', accept: { types: [...NEURO, 'PUHETERAPIA'] } },
  { query: 'keskittymisvaikeudet', lang: 'fi', kind: 'compound', accept: { types: NEURO } },
  // ---------------------------------------------------------------- Finnish: parents, couples, separation
  { query: 'en jaksa enää', lang: 'fi', kind: 'everyday', accept: { types: TIRED_PARENT }, unseen: true },
  {
    query: 'väsynyt äiti',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: [...TIRED_PARENT, ...NEUVOLA], demo: ['mll-lastenhoitoapu'] },
  },
  {
    query: 'kotiapu',
    lang: 'fi',
    kind: 'synonym',
    accept: { types: ['KOTIPALVELU_LAPSIPERHE', 'PERHETYO'] },
    unseen: true,
  },
  {
    query: 'apua arkeen',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: ['KOTIPALVELU_LAPSIPERHE', 'PERHETYO', 'PERHENEUVONTA_OHJAUS'] },
  },
  {
    query: 'lastenhoitaja kotiin',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: ['KOTIPALVELU_LAPSIPERHE'], demo: ['mll-lastenhoitoapu'] },
  },
  { query: 'perhetyöntekijä', lang: 'fi', must: true, kind: 'inflection', accept: { types: ['PERHETYO'] } },
  { query: 'perhetyo', lang: 'fi', kind: 'typo', accept: { types: ['PERHETYO'] }, unseen: true },
  { query: 'kasvatusneuvoja', lang: 'fi', kind: 'compound', accept: { types: UPBRINGING }, unseen: true },
  {
    query: 'perheneuvolaan',
    lang: 'fi',
    must: true,
    kind: 'inflection',
    accept: { types: ['PERHENEUVOLA'] },
    unseen: true,
  },
  { query: 'avioero', lang: 'fi', must: true, kind: 'everyday', accept: { types: SEPARATION }, unseen: true },
  { query: 'olemme eroamassa', lang: 'fi', kind: 'inflection', accept: { types: SEPARATION }, unseen: true },
  { query: 'eron jälkeen lapset', lang: 'fi', kind: 'everyday', accept: { types: SEPARATION } },
  { query: 'huoltajuuskiista', lang: 'fi', kind: 'compound', accept: { types: SEPARATION }, unseen: true },
  {
    query: 'elatusapu',
    lang: 'fi',
    must: true,
    kind: 'everyday',
    accept: { types: ['PERHEOIKEUS'] },
    unseen: true,
  },
  { query: 'tapaamisoikeus', lang: 'fi', must: true, kind: 'everyday', accept: { types: ['PERHEOIKEUS'] } },
  {
    query: 'isyyden tunnustaminen',
    lang: 'fi',
    kind: 'professional',
    accept: { types: ['PERHEOIKEUS'] },
    unseen: true,
  },
  { query: 'lastenvalvia', lang: 'fi', kind: 'typo', accept: { types: ['PERHEOIKEUS'] } },
  { query: 'parisuhdeterapia', lang: 'fi', kind: 'synonym', accept: COUPLE, unseen: true },
  { query: 'pariterapia', lang: 'fi', kind: 'synonym', accept: COUPLE },
  { query: 'riitelemme jatkuvasti puolison kanssa', lang: 'fi', kind: 'everyday', accept: COUPLE },
  {
    query: 'uusperhe',
    lang: 'fi',
    kind: 'professional',
    accept: { types: SEPARATION, topics: ['UUSPERHE'] },
  },
  {
    query: 'yksinhuoltaja',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: ['KOTIPALVELU_LAPSIPERHE', 'PERHETYO'], topics: ['YKSINHUOLTAJUUS'] },
  },
  {
    query: 'isä juo liikaa',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: ['PAIHDEPALVELUT', 'MIELENTERVEYS_AIKUISET'] },
    unseen: true,
  },
  {
    query: 'alkoholisti vanhempi',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: ['PAIHDEPALVELUT', 'MIELENTERVEYS_AIKUISET'] },
  },
  // ---------------------------------------------------------------- Finnish: violence, safety, crisis
  { query: 'mieheni lyö', lang: 'fi', kind: 'everyday', accept: { types: VIOLENCE_ADULT }, unseen: true },
  { query: 'puoliso on väkivaltainen', lang: 'fi', kind: 'everyday', accept: { types: VIOLENCE_ADULT } },
  {
    query: 'turvakoti',
    lang: 'fi',
    must: true,
    kind: 'everyday',
    accept: { types: ['LAHISUHDEVAKIVALTA'] },
    unseen: true,
  },
  {
    query: 'lähisuhdeväkivalta',
    lang: 'fi',
    must: true,
    kind: 'professional',
    accept: { types: ['LAHISUHDEVAKIVALTA'] },
  },
  {
    query: 'lasta lyödään kotona',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: [...CHILD_SAFETY, 'LAHISUHDEVAKIVALTA'] },
    unseen: true,
  },
  {
    query: 'huoli naapurin lapsesta',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: CHILD_SAFETY },
    unseen: true,
  },
  {
    query: 'lastensuojeluilmoitus',
    lang: 'fi',
    must: true,
    kind: 'professional',
    accept: { types: CHILD_SAFETY },
  },
  { query: 'lastensuojelu ilmoitus', lang: 'fi', kind: 'typo', accept: { types: CHILD_SAFETY } },
  {
    query: 'sosiaalipäivytys',
    lang: 'fi',
    kind: 'typo',
    accept: { types: ['SOSIAALIPAIVYSTYS'] },
    unseen: true,
  },
  {
    query: 'avohuollon tukitoimet',
    lang: 'fi',
    kind: 'professional',
    accept: { types: ['LASTENSUOJELU', 'PERHETYO'] },
  },
  { query: 'läheinen kuoli', lang: 'fi', kind: 'everyday', accept: { types: ['KRIISIAPU'] }, unseen: true },
  { query: 'kriisiapua', lang: 'fi', must: true, kind: 'inflection', accept: { types: ['KRIISIAPU'] } },
  {
    query: 'onnettomuus perheessä',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: ['KRIISIAPU', 'SOSIAALIPAIVYSTYS'] },
  },
  // ---------------------------------------------------------------- Finnish: meeting places, daycare, everyday life
  {
    query: 'perhekahvila',
    lang: 'fi',
    must: true,
    kind: 'synonym',
    accept: { types: ['AVOIN_KOHTAAMISPAIKKA'] },
    unseen: true,
  },
  {
    query: 'perhekohtaamo',
    lang: 'fi',
    kind: 'synonym',
    accept: { types: ['AVOIN_KOHTAAMISPAIKKA'] },
    unseen: true,
  },
  {
    query: 'vauvakerho',
    lang: 'fi',
    kind: 'compound',
    accept: { types: ['AVOIN_KOHTAAMISPAIKKA', 'SEURAKUNTA_PERHETYO'] },
  },
  {
    query: 'muskari',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: ['AVOIN_KOHTAAMISPAIKKA', 'SEURAKUNTA_PERHETYO', 'VAPAA_AIKA'] },
  },
  {
    query: 'päiväkotipaikka',
    lang: 'fi',
    kind: 'compound',
    accept: { types: ['VARHAISKASVATUS'] },
    unseen: true,
  },
  { query: 'päivähoito', lang: 'fi', must: true, kind: 'synonym', accept: { types: ['VARHAISKASVATUS'] } },
  {
    query: 'maahanmuuttajaperhe',
    lang: 'fi',
    kind: 'compound',
    accept: { topics: ['MONIKULTTUURISUUS'] },
    unseen: true,
  },
  {
    query: 'tulkki',
    lang: 'fi',
    kind: 'everyday',
    accept: { topics: ['MONIKULTTUURISUUS'] },
    unseen: true,
  },
  {
    query: 'rahat ei riitä',
    lang: 'fi',
    kind: 'everyday',
    accept: {
      demo: ['lapsiperheiden-sosiaaliohjaus', 'diakonia-lapsiperheet-pielavesi'],
      unseen: ['sosiaaliohjaus-lapsiperheet', 'diakonia-ruoka-apu'],
    },
    unseen: true,
  },
  {
    query: 'toimeentulotuki',
    lang: 'fi',
    kind: 'professional',
    accept: { demo: ['lapsiperheiden-sosiaaliohjaus', 'ohjaamo-kuopio', 'ohjaamo-iisalmi'] },
  },
  {
    query: 'muutimme juuri paikkakunnalle',
    lang: 'fi',
    kind: 'everyday',
    accept: { types: ['PERHENEUVONTA_OHJAUS'], topics: ['UUSI_PAIKKAKUNTA'] },
  },
  {
    query: 'ehkäisy',
    lang: 'fi',
    must: true,
    kind: 'everyday',
    accept: { types: ['NEUVOLA_PERHESUUNNITTELU'] },
    unseen: true,
  },
  // ---------------------------------------------------------------- Finnish: nothing to find
  { query: 'autokorjaamo', lang: 'fi', must: true, kind: 'nothing', unseen: true },
  { query: 'asdfghjkl', lang: 'fi', must: true, kind: 'nothing', unseen: true },
  { query: 'rengasvaihto', lang: 'fi', must: true, kind: 'nothing' },
  { query: 'koiran trimmaus', lang: 'fi', must: true, kind: 'nothing' },
  { query: 'kalastuslupa', lang: 'fi', must: true, kind: 'nothing', unseen: true },
  { query: 'pizzeria', lang: 'fi', must: true, kind: 'nothing' },

  // ---------------------------------------------------------------- Swedish
  {
    query: 'barnet vill inte gå till skolan',
    lang: 'sv',
    kind: 'everyday',
    accept: { types: SCHOOL },
    unseen: true,
  },
  { query: 'skolfrånvaro', lang: 'sv', kind: 'compound', accept: { types: SCHOOL } },
  {
    query: 'mobbning i skolan',
    lang: 'sv',
    kind: 'everyday',
    accept: { types: ['KOULUKURAATTORI', 'OPISKELUHUOLTO'], demo: ['nuorten-chat'] },
    unseen: true,
  },
  { query: 'kuratorn', lang: 'sv', must: true, kind: 'inflection', accept: { types: ['KOULUKURAATTORI'] } },
  {
    query: 'skolhälsovårdaren',
    lang: 'sv',
    must: true,
    kind: 'inflection',
    accept: { types: ['KOULUTERVEYDENHOITO'] },
  },
  { query: 'uppgiven tonåring', lang: 'sv', kind: 'everyday', accept: { types: YOUTH_MIND }, unseen: true },
  { query: 'tonåringen dricker', lang: 'sv', kind: 'everyday', accept: { types: SUBSTANCE_YOUNG } },
  { query: 'spelar för mycket', lang: 'sv', kind: 'everyday', accept: GAMING },
  { query: 'rådgivningen', lang: 'sv', kind: 'compound', accept: { types: NEUVOLA } },
  {
    query: 'barnrådgivning',
    lang: 'sv',
    must: true,
    kind: 'compound',
    accept: { types: NEUVOLA },
    unseen: true,
  },
  {
    query: 'bebisen gråter hela tiden',
    lang: 'sv',
    kind: 'everyday',
    accept: { types: NEUVOLA },
    unseen: true,
  },
  {
    query: 'förlossningsdepression',
    lang: 'sv',
    kind: 'compound',
    accept: { types: [...NEUVOLA, 'MIELENTERVEYS_AIKUISET'] },
  },
  {
    query: 'talterapeut',
    lang: 'sv',
    must: true,
    kind: 'professional',
    accept: { types: ['PUHETERAPIA'] },
    unseen: true,
  },
  { query: 'dagisplats', lang: 'sv', kind: 'synonym', accept: { types: ['VARHAISKASVATUS'] }, unseen: true },
  {
    query: 'familjerådgivningen',
    lang: 'sv',
    must: true,
    kind: 'inflection',
    accept: { types: ['PERHENEUVOLA'] },
  },
  { query: 'orkar inte längre', lang: 'sv', kind: 'everyday', accept: { types: TIRED_PARENT } },
  {
    query: 'skilsmässa',
    lang: 'sv',
    must: true,
    kind: 'everyday',
    accept: { types: SEPARATION },
    unseen: true,
  },
  { query: 'vårdnadstvist', lang: 'sv', kind: 'compound', accept: { types: SEPARATION } },
  {
    query: 'min man slår mig',
    lang: 'sv',
    kind: 'everyday',
    accept: { types: VIOLENCE_ADULT },
    unseen: true,
  },
  {
    query: 'barnskyddsanmälan',
    lang: 'sv',
    must: true,
    kind: 'professional',
    accept: { types: CHILD_SAFETY },
    unseen: true,
  },
  { query: 'familjecafé', lang: 'sv', kind: 'synonym', accept: { types: ['AVOIN_KOHTAAMISPAIKKA'] } },
  { query: 'bilverkstad', lang: 'sv', must: true, kind: 'nothing', unseen: true },
  { query: 'hundfrisör', lang: 'sv', must: true, kind: 'nothing' },

  // ---------------------------------------------------------------- English
  {
    query: "my son won't go to school",
    lang: 'en',
    kind: 'everyday',
    accept: { types: SCHOOL },
    unseen: true,
  },
  { query: 'school refusal', lang: 'en', must: true, kind: 'professional', accept: { types: SCHOOL } },
  {
    query: 'bullied at school',
    lang: 'en',
    kind: 'everyday',
    accept: { types: ['KOULUKURAATTORI', 'OPISKELUHUOLTO'], demo: ['nuorten-chat'] },
    unseen: true,
  },
  {
    query: 'school nurse',
    lang: 'en',
    must: true,
    kind: 'synonym',
    accept: { types: ['KOULUTERVEYDENHOITO'] },
    unseen: true,
  },
  {
    query: 'teenager drinking',
    lang: 'en',
    must: true,
    kind: 'everyday',
    accept: { types: SUBSTANCE_YOUNG },
    unseen: true,
  },
  { query: 'gaming addiction', lang: 'en', kind: 'everyday', accept: GAMING },
  { query: 'self harm', lang: 'en', kind: 'everyday', accept: { types: CRISIS_YOUNG } },
  {
    query: 'baby cries all the time',
    lang: 'en',
    kind: 'everyday',
    accept: { types: NEUVOLA },
    unseen: true,
  },
  {
    query: 'postnatal depression',
    lang: 'en',
    kind: 'everyday',
    accept: { types: [...NEUVOLA, 'MIELENTERVEYS_AIKUISET'] },
  },
  { query: 'maternity clinic', lang: 'en', must: true, kind: 'synonym', accept: { types: NEUVOLA } },
  {
    query: 'toddler tantrums',
    lang: 'en',
    kind: 'everyday',
    accept: { types: [...UPBRINGING, ...NEUVOLA] },
    unseen: true,
  },
  { query: 'exhausted parent', lang: 'en', kind: 'everyday', accept: { types: TIRED_PARENT } },
  { query: 'divorce', lang: 'en', must: true, kind: 'synonym', accept: { types: SEPARATION }, unseen: true },
  { query: 'custody', lang: 'en', must: true, kind: 'everyday', accept: { types: ['PERHEOIKEUS'] } },
  {
    query: 'my husband hits me',
    lang: 'en',
    kind: 'everyday',
    accept: { types: VIOLENCE_ADULT },
    unseen: true,
  },
  {
    query: 'speech therapist',
    lang: 'en',
    must: true,
    kind: 'professional',
    accept: { types: ['PUHETERAPIA'] },
    unseen: true,
  },
  {
    query: 'daycare place',
    lang: 'en',
    must: true,
    kind: 'everyday',
    accept: { types: ['VARHAISKASVATUS'] },
    unseen: true,
  },
  { query: 'family cafe', lang: 'en', kind: 'synonym', accept: { types: ['AVOIN_KOHTAAMISPAIKKA'] } },
  { query: 'interpreter', lang: 'en', kind: 'everyday', accept: { topics: ['MONIKULTTUURISUUS'] } },
  { query: 'car repair', lang: 'en', kind: 'nothing', unseen: true },
  { query: 'pizza delivery', lang: 'en', must: true, kind: 'nothing' },
  { query: 'passport renewal', lang: 'en', must: true, kind: 'nothing' },
];
