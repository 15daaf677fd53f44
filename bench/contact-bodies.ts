/**
 * Bodies of POST /api/contacts as families send them: a new idempotency key each, a
 * municipality, children's ages, one to three topics, a message of about 300 characters in
 * their own words, and an e-mail address in a share of them (so that the outbox gets a row).
 */
import { randomUUID } from 'node:crypto';

export interface ContactBodySpec {
  /** municipality codes to pick from (of regions with a contact point) */
  municipalities: string[];
  /** topic codes to pick from */
  topics: string[];
  /** the share of senders who give an e-mail address (and want the answer by e-mail) */
  emailShare: number;
}

export interface ContactBody {
  idempotencyKey: string;
  contacter: 'parent' | 'young_person' | 'professional';
  municipality: string;
  childAges: number[];
  topics: string[];
  message: string;
  name: string | null;
  replyChannel: 'phone' | 'email' | 'status_page';
  phone: string | null;
  email: string | null;
  reachTime: 'any' | 'morning' | 'afternoon' | 'evening';
  language: 'fi' | 'sv' | 'en';
  safety: 'none' | 'violence' | 'acute_danger';
}

const SENTENCES = [
  'Meillä on {age}-vuotias lapsi, joka ei ole viime viikkoina nukkunut kunnolla ja herää öisin monta kertaa.',
  'Kiukkukohtaukset ovat lisääntyneet, ja olemme molemmat vanhemmat jo aika väsyneitä.',
  'Koulussa on ollut kiusaamista, eikä lapsi halua enää lähteä aamuisin kouluun.',
  'Erosimme keväällä, ja lasten asumisesta ja tapaamisista on ollut paljon riitaa.',
  'Nuori on vetäytynyt omaan huoneeseensa, pelaa öisin eikä juuri puhu meille.',
  'Haluaisin tietää, mistä saisimme apua ja kannattaako meidän hakeutua perheneuvolaan.',
  'Olisiko mahdollista saada soittoaika jollekulle, joka tuntee näitä asioita?',
  'Neuvolassa sanottiin, että voisimme ottaa yhteyttä tätä kautta.',
  'Vauva itkee paljon iltaisin, ja imetys on ollut vaikeaa alusta asti.',
  'Päiväkodista on kerrottu, että lapsen puhe on ikätasoa jäljessä.',
  'En tiedä, onko tämä tavallista uhmaikää vai pitäisikö asiasta olla huolissaan.',
  'Toivoisin neuvoja siihen, miten arjen saisi taas sujumaan.',
  'Isovanhemmat asuvat kaukana, eikä meillä ole juuri ketään, jolta pyytää apua.',
  'Lapsi on alkanut pelätä pimeää ja tulee joka yö meidän sänkyymme.',
];
const FIRST_NAMES = ['Maija', 'Jussi', 'Anna', 'Mikko', 'Laura', 'Sanna', 'Timo', 'Emilia'];
const LAST_NAMES = ['Korhonen', 'Virtanen', 'Mäkinen', 'Nieminen', 'Heikkinen', 'Hyvönen', 'Ruotsalainen'];
const REACH_TIMES = ['any', 'morning', 'afternoon', 'evening'] as const;

const pick = <T>(values: readonly T[], random: () => number): T => {
  const value = values[Math.floor(random() * values.length)];
  if (value === undefined) throw new Error('nothing to pick from');
  return value;
};

/** One family's contact; `n` makes the e-mail address and phone number unique. */
export function contactBody(
  spec: ContactBodySpec,
  n: number,
  random: () => number = Math.random,
  idempotencyKey: string = randomUUID(),
): ContactBody {
  const r = random();
  const contacter = r < 0.7 ? 'parent' : r < 0.8 ? 'young_person' : 'professional';
  const childAges =
    contacter === 'young_person'
      ? [13 + Math.floor(random() * 5)]
      : Array.from({ length: 1 + Math.floor(random() * 3) }, () => Math.floor(random() * 18));
  const topics = [
    ...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(spec.topics, random))),
  ];
  let message = '';
  while (message.length < 280) {
    message += `${message ? ' ' : ''}${pick(SENTENCES, random).replace('{age}', String(childAges[0] ?? 5))}`;
  }
  const email = random() < spec.emailShare ? `perhe.${n}@example.fi` : null;
  const phone = email === null && random() < 0.6 ? `040 ${String(1_000_000 + (n % 9_000_000))}` : null;
  const named = random() < 0.6;
  const l = random();
  const s = random();
  return {
    idempotencyKey,
    contacter,
    municipality: pick(spec.municipalities, random),
    childAges,
    topics,
    message,
    name: named ? `${pick(FIRST_NAMES, random)} ${pick(LAST_NAMES, random)}` : null,
    replyChannel: email ? 'email' : phone ? 'phone' : 'status_page',
    phone,
    email,
    reachTime: pick(REACH_TIMES, random),
    language: l < 0.85 ? 'fi' : l < 0.95 ? 'sv' : 'en',
    safety: s < 0.97 ? 'none' : s < 0.99 ? 'violence' : 'acute_danger',
  };
}
