/**
 * The words the generated bench catalogue is made of: what family-centre services in a
 * Finnish welfare region are called and how their pages describe them. One template per
 * service type of data/seed/reference/service-types.csv; the generator (generate.ts) fills in
 * places, units and topics. Finnish names take the municipality and district in the genitive
 * ("Kuopion Rantakylän lastenneuvola"), as real unit names do.
 */
import type { Channel } from '../src/features/catalogue/catalogue.ts';

export type Provider = 'region' | 'municipality' | 'ngo' | 'parish' | 'company';
/** local: one municipality; nearby: it and one or two others; region: the whole region */
export type Reach = 'local' | 'nearby' | 'region';
export type Site =
  | 'health_station'
  | 'family_centre'
  | 'school'
  | 'upper_school'
  | 'daycare'
  | 'youth_centre'
  | 'parish_hall'
  | 'ngo_house'
  | 'hospital'
  | 'sports_hall'
  | 'library'
  | 'therapy_practice'
  | null;

interface Texts {
  fi: string[];
  sv: string[];
  en: string[];
}

/**
 * Placeholders: {mun} municipality (genitive, fi), {munName} municipality (nominative, fi),
 * {dist} district (genitive, fi), {region} region (genitive, fi), {unit} a unit's own name;
 * {munSv}/{munEn} and {distName} the nominative forms for Swedish and English.
 */
export interface ServiceTemplate {
  type: string;
  /** share of the catalogue, in parts per thousand */
  weight: number;
  provider: Provider;
  reach: Reach;
  site: Site;
  names: Texts;
  summaries: Texts;
  /** description sentences; the generator picks a few and adds general ones */
  sentences: Texts;
  /** topic codes of topics.csv, a few of which each service gets */
  topics: string[];
  ages: [number | null, number | null];
  channels: Channel[];
}

export const TEMPLATES: ServiceTemplate[] = [
  {
    type: 'NEUVOLA_AITIYS_LAPSI',
    weight: 80,
    provider: 'region',
    reach: 'local',
    site: 'health_station',
    names: {
      fi: [
        '{mun} {dist} lastenneuvola',
        '{mun} {dist} äitiysneuvola',
        '{mun} {dist} äitiys- ja lastenneuvola',
      ],
      sv: ['Barnrådgivning, {distName}, {munSv}', 'Mödrarådgivning, {distName}, {munSv}'],
      en: ['Child health clinic, {distName}, {munEn}', 'Maternity clinic, {distName}, {munEn}'],
    },
    summaries: {
      fi: [
        'Neuvola seuraa raskautta sekä lapsen kasvua ja kehitystä kouluikään asti.',
        'Terveydenhoitajan vastaanotto odottaville perheille ja alle kouluikäisille lapsille.',
        'Määräaikaiset terveystarkastukset, rokotukset ja tukea vauvaperheen arkeen.',
      ],
      sv: ['Rådgivningen följer graviditeten och barnets tillväxt och utveckling fram till skolåldern.'],
      en: ["The clinic follows the pregnancy and the child's growth and development until school age."],
    },
    sentences: {
      fi: [
        'Neuvolassa seurataan lapsen kasvua, kehitystä ja hyvinvointia.',
        'Laajoihin terveystarkastuksiin kutsutaan koko perhe.',
        'Neuvolaan voit ottaa yhteyttä, jos vauva ei nuku tai syö tai jos arki tuntuu raskaalta.',
        'Terveydenhoitaja tekee tarvittaessa kotikäynnin vauvan synnyttyä.',
        'Neuvolan lääkäri tapaa lapsen ikäkausitarkastuksissa.',
        'Rokotukset annetaan kansallisen rokotusohjelman mukaisesti.',
        'Raskausaikana neuvolassa käydään säännöllisesti ja isät ja puolisot ovat tervetulleita mukaan.',
        'Neuvolan perhevalmennus valmistaa synnytykseen ja vauva-arkeen.',
      ],
      sv: [
        'På rådgivningen följer vi barnets tillväxt och utveckling.',
        'Hälsovårdaren gör vid behov hembesök efter förlossningen.',
        'Vaccinationerna ges enligt det nationella vaccinationsprogrammet.',
      ],
      en: [
        "The clinic follows the child's growth, development and wellbeing.",
        'The public health nurse visits the family at home after the birth when needed.',
        'Vaccinations follow the national vaccination programme.',
      ],
    },
    topics: [
      'VAUVAPERHE',
      'RASKAUS',
      'UNI',
      'SYOMINEN',
      'PUHEEN_KEHITYS',
      'LAPSEN_TERVEYS',
      'JAKSAMINEN_VANHEMMUUS',
    ],
    ages: [0, 6],
    channels: ['visit', 'phone', 'home_visit', 'eservice'],
  },
  {
    type: 'NEUVOLA_PERHESUUNNITTELU',
    weight: 15,
    provider: 'region',
    reach: 'local',
    site: 'health_station',
    names: {
      fi: ['{mun} perhesuunnitteluneuvola', '{mun} ehkäisyneuvola'],
      sv: ['Preventivrådgivning, {munSv}'],
      en: ['Family planning clinic, {munEn}'],
    },
    summaries: {
      fi: ['Ehkäisyneuvontaa sekä seksuaali- ja lisääntymisterveyden palveluja.'],
      sv: ['Preventivrådgivning och tjänster för sexuell och reproduktiv hälsa.'],
      en: ['Contraception advice and sexual and reproductive health services.'],
    },
    sentences: {
      fi: [
        'Perhesuunnitteluneuvolassa saat ehkäisyneuvontaa ja ehkäisyvälineitä.',
        'Nuorille ensimmäinen ehkäisykäynti on maksuton.',
        'Vastaanotolla voi puhua myös parisuhteesta ja seksuaalisuudesta.',
      ],
      sv: ['Unga får det första preventivbesöket avgiftsfritt.'],
      en: ['The first contraception visit is free for young people.'],
    },
    topics: ['SEKSUAALISUUS', 'PARISUHDE', 'RASKAUS'],
    ages: [15, null],
    channels: ['visit', 'phone', 'eservice'],
  },
  {
    type: 'PERHETYO',
    weight: 40,
    provider: 'region',
    reach: 'nearby',
    site: 'family_centre',
    names: {
      fi: ['{mun} perhetyö', '{mun} {dist} perhetyö', 'Sosiaalihuoltolain mukainen perhetyö, {mun} alue'],
      sv: ['Familjearbete, {munSv}'],
      en: ['Family work, {munEn}'],
    },
    summaries: {
      fi: [
        'Perhetyöntekijä tukee vanhemmuutta ja perheen arjen sujumista kotona.',
        'Ohjausta ja tukea lapsiperheen arkeen, kun voimat ovat vähissä.',
      ],
      sv: ['Familjearbetaren stöder föräldraskapet och vardagen hemma.'],
      en: ["A family worker supports parenting and the family's everyday life at home."],
    },
    sentences: {
      fi: [
        'Perhetyö on sosiaalihuoltolain mukainen palvelu, johon ei tarvita lastensuojelun asiakkuutta.',
        'Perhetyöntekijä tulee kotiin ja miettii yhdessä perheen kanssa, mikä arjessa auttaisi.',
        'Perhetyöhön voi hakeutua itse ottamalla yhteyttä perhekeskuksen palveluohjaukseen.',
        'Perhetyössä harjoitellaan esimerkiksi päivärytmiä, rajojen asettamista ja riitojen ratkaisemista.',
        'Tukea saa myös, kun perheessä on sairautta, eroa tai muu kuormittava tilanne.',
      ],
      sv: ['Familjearbetaren kommer hem till familjen och funderar tillsammans på vad som hjälper.'],
      en: ['The family worker visits the home and works out with the family what would help.'],
    },
    topics: [
      'JAKSAMINEN_VANHEMMUUS',
      'RAJAT_KASVATUS',
      'RAIVOKOHTAUKSET',
      'UNI',
      'SISARUSSUHTEET',
      'ARJEN_APU',
    ],
    ages: [0, 17],
    channels: ['home_visit', 'phone', 'visit'],
  },
  {
    type: 'KOTIPALVELU_LAPSIPERHE',
    weight: 20,
    provider: 'region',
    reach: 'nearby',
    site: null,
    names: {
      fi: ['Lapsiperheiden kotipalvelu, {mun} alue', '{mun} lapsiperheiden kotipalvelu'],
      sv: ['Hemservice för barnfamiljer, {munSv}'],
      en: ['Home help for families with children, {munEn}'],
    },
    summaries: {
      fi: [
        'Käytännön apua lastenhoitoon ja kotitöihin, kun perheen voimavarat ovat tilapäisesti heikentyneet.',
      ],
      sv: ['Praktisk hjälp med barnomsorg och hushållsarbete när familjens krafter tillfälligt är nedsatta.'],
      en: ['Practical help with childcare and housework when the family is temporarily short of strength.'],
    },
    sentences: {
      fi: [
        'Kotipalvelua voi saada esimerkiksi synnytyksen jälkeen, sairauden aikana tai monikkoperheessä.',
        'Kotipalvelun työntekijä auttaa lastenhoidossa, ruoanlaitossa ja siivouksessa.',
        'Kotipalvelusta peritään asiakasmaksulain mukainen maksu, joka määräytyy perheen tulojen mukaan.',
        'Palvelutarve arvioidaan yhdessä perheen kanssa.',
      ],
      sv: ['Hemservice kan fås till exempel efter förlossningen eller under en sjukdom.'],
      en: ['Home help is available for example after childbirth or during an illness.'],
    },
    topics: ['ARJEN_APU', 'VAUVAPERHE', 'JAKSAMINEN_VANHEMMUUS', 'SAIRAUS_KUOLEMA', 'YKSINHUOLTAJUUS'],
    ages: [0, 17],
    channels: ['home_visit', 'phone'],
  },
  {
    type: 'PERHENEUVOLA',
    weight: 15,
    provider: 'region',
    reach: 'nearby',
    site: 'family_centre',
    names: {
      fi: [
        '{mun} perheneuvola',
        'Kasvatus- ja perheneuvonta, {mun} perheneuvola',
        '{region} perheneuvola, {mun} toimipiste',
      ],
      sv: ['Familjerådgivningen i {munSv}', 'Fostrings- och familjerådgivning, {munSv}'],
      en: ['Family counselling clinic, {munEn}', 'Child guidance and family counselling, {munEn}'],
    },
    summaries: {
      fi: [
        'Psykologin ja sosiaalityöntekijän apua lapsen kasvuun, kehitykseen ja perheen vuorovaikutukseen.',
        'Perheneuvolasta saa tukea, kun lapsen tunteet, käytös tai perheen tilanne huolestuttavat.',
      ],
      sv: ['Psykologens och socialarbetarens hjälp i frågor om barnets utveckling och familjens samspel.'],
      en: ["Psychologists and social workers help with a child's development and family relationships."],
    },
    sentences: {
      fi: [
        'Perheneuvolaan voi ottaa yhteyttä ilman lähetettä ja palvelu on maksuton.',
        'Perheneuvolassa työskentelee psykologeja, sosiaalityöntekijöitä ja perheterapeutteja.',
        'Yhteyttä voi ottaa esimerkiksi, kun lapsella on raivokohtauksia, pelkoja tai univaikeuksia.',
        'Perheneuvolan työntekijä arvioi tilanteen ja suunnittelee tuen yhdessä perheen kanssa.',
        'Perheneuvola tekee tarvittaessa lapsen psykologisen tutkimuksen.',
        'Perheneuvolassa on myös eroperheiden vanhempien ryhmiä.',
      ],
      sv: [
        'Man kan kontakta familjerådgivningen utan remiss och tjänsten är avgiftsfri.',
        'Familjerådgivningen har psykologer, socialarbetare och familjeterapeuter.',
      ],
      en: [
        'You can contact the family counselling clinic without a referral; it is free of charge.',
        'Psychologists, social workers and family therapists work at the clinic.',
      ],
    },
    topics: [
      'TUNTEET_KAYTTAYTYMINEN',
      'RAIVOKOHTAUKSET',
      'VUOROVAIKUTUS',
      'PELOT_AHDISTUS',
      'ERO',
      'UNI',
      'KEHITYS_OPPIMINEN',
      'MIELENTERVEYS_LAPSI',
      'SISARUSSUHTEET',
    ],
    ages: [0, 17],
    channels: ['visit', 'phone', 'video'],
  },
  {
    type: 'PERHENEUVONTA_OHJAUS',
    weight: 3,
    provider: 'region',
    reach: 'region',
    site: null,
    names: {
      fi: ['{region} perhekeskuksen palveluohjaus', 'Perheiden neuvontapuhelin, {region} perhekeskus'],
      sv: ['Familjecentrets servicehandledning'],
      en: ['Family centre advice line'],
    },
    summaries: {
      fi: ['Yksi numero, josta lapsiperhe saa neuvoa ja ohjauksen oikeaan palveluun.'],
      sv: ['Ett nummer där barnfamiljer får råd och vägledning till rätt tjänst.'],
      en: ['One number where families get advice and are guided to the right service.'],
    },
    sentences: {
      fi: [
        'Palveluohjaaja kuuntelee ja auttaa löytämään sopivan palvelun, vaikka et tietäisi mistä aloittaa.',
        'Palveluohjaus varaa tarvittaessa ajan perheneuvolaan, perhetyöhön tai neuvolaan.',
        'Voit soittaa myös nimettömänä.',
      ],
      sv: ['Servicehandledaren lyssnar och hjälper dig att hitta rätt tjänst.'],
      en: ['The adviser listens and helps you find the right service.'],
    },
    topics: ['JAKSAMINEN_VANHEMMUUS', 'ERO', 'RAHA_TOIMEENTULO', 'UUSI_PAIKKAKUNTA', 'MONIKULTTUURISUUS'],
    ages: [null, null],
    channels: ['phone', 'chat', 'eservice'],
  },
  {
    type: 'LASTENSUOJELU',
    weight: 10,
    provider: 'region',
    reach: 'nearby',
    site: 'family_centre',
    names: {
      fi: ['Lastensuojelun vastaanotto, {mun} alue', '{mun} lapsiperheiden sosiaalityö'],
      sv: ['Barnskyddets mottagning, {munSv}'],
      en: ['Child protection intake, {munEn}'],
    },
    summaries: {
      fi: ['Lastensuojeluilmoitukset ja yhteydenotot, kun olet huolissasi lapsen turvallisuudesta.'],
      sv: ['Barnskyddsanmälningar och kontakter när du är orolig för ett barns säkerhet.'],
      en: ["Child-protection notifications and contacts when you are worried about a child's safety."],
    },
    sentences: {
      fi: [
        'Lastensuojeluilmoituksen voi tehdä kuka tahansa, myös nimettömänä.',
        'Sosiaalityöntekijä arvioi lapsen tilanteen ja tuen tarpeen.',
        'Kiireellisissä tilanteissa virka-ajan ulkopuolella ota yhteyttä sosiaalipäivystykseen.',
      ],
      sv: ['Vem som helst kan göra en barnskyddsanmälan.'],
      en: ['Anyone can make a child-protection notification.'],
    },
    topics: [
      'HUOLI_LAPSEN_TURVALLISUUDESTA',
      'LAIMINLYONTI',
      'LAPSEEN_KOHDISTUVA_VAKIVALTA',
      'PAIHTEET_VANHEMPI',
    ],
    ages: [0, 17],
    channels: ['phone', 'eservice', 'visit'],
  },
  {
    type: 'SOSIAALIPAIVYSTYS',
    weight: 3,
    provider: 'region',
    reach: 'region',
    site: null,
    names: {
      fi: ['{region} sosiaalipäivystys', 'Sosiaali- ja kriisipäivystys'],
      sv: ['Socialjouren'],
      en: ['Social emergency service'],
    },
    summaries: {
      fi: ['Kiireellinen sosiaalihuollon apu ympäri vuorokauden.'],
      sv: ['Brådskande hjälp inom socialvården dygnet runt.'],
      en: ['Urgent social-welfare help around the clock.'],
    },
    sentences: {
      fi: [
        'Sosiaalipäivystykseen voi soittaa, kun lapsen tai perheen tilanne vaatii kiireellistä apua.',
        'Hätätilanteessa soita 112.',
      ],
      sv: ['I nödsituationer ring 112.'],
      en: ['In an emergency call 112.'],
    },
    topics: ['AKILLINEN_KRIISI', 'HUOLI_LAPSEN_TURVALLISUUDESTA', 'LAHISUHDEVAKIVALTA'],
    ages: [null, null],
    channels: ['phone'],
  },
  {
    type: 'VARHAISKASVATUS',
    weight: 170,
    provider: 'municipality',
    reach: 'local',
    site: 'daycare',
    names: {
      fi: ['Päiväkoti {unit}', 'Päiväkoti {unit}', 'Perhepäivähoito, {mun} {dist} alue', '{unit} esiopetus'],
      sv: ['Daghemmet {unit}'],
      en: ['{unit} day-care centre'],
    },
    summaries: {
      fi: [
        'Kunnallinen päiväkoti, jossa on varhaiskasvatusta ja esiopetusta.',
        'Varhaiskasvatusta 1–5-vuotiaille ja esiopetusta 6-vuotiaille.',
        'Pienryhmäistä varhaiskasvatusta lähellä kotia.',
      ],
      sv: ['Kommunalt daghem med småbarnspedagogik och förskoleundervisning.'],
      en: ['Municipal day-care centre with early childhood education and pre-primary education.'],
    },
    sentences: {
      fi: [
        'Varhaiskasvatuspaikkaa haetaan sähköisesti viimeistään neljä kuukautta ennen tarvetta.',
        'Päiväkodin päivään kuuluvat leikki, ulkoilu, lepo ja monipuolinen ruokailu.',
        'Päiväkodissa on erityisopettaja, joka tukee lapsen kehitystä ja oppimista.',
        'Vuorohoitoa järjestetään vanhemmille, jotka tekevät vuorotyötä.',
        'Varhaiskasvatuksen maksu määräytyy perheen koon, tulojen ja hoitoajan mukaan.',
      ],
      sv: ['Platsen söks elektroniskt senast fyra månader före behovet.'],
      en: ['Apply for a place online at least four months before you need it.'],
    },
    topics: ['VARHAISKASVATUSPAIKKA', 'KEHITYS_OPPIMINEN', 'KAVERISUHTEET', 'PUHEEN_KEHITYS'],
    ages: [1, 6],
    channels: ['visit', 'eservice'],
  },
  {
    type: 'KOULUKURAATTORI',
    weight: 80,
    provider: 'region',
    reach: 'local',
    site: 'school',
    names: {
      fi: [
        '{dist} koulun kuraattori, {munName}',
        '{mun} {dist} koulun koulukuraattori',
        'Koulukuraattori, {dist} koulu, {munName}',
      ],
      sv: ['Skolkurator, {distName} skola, {munSv}'],
      en: ['School social worker, {distName} school, {munEn}'],
    },
    summaries: {
      fi: [
        'Koulukuraattori auttaa oppilasta ja perhettä koulunkäyntiin, kaverisuhteisiin ja hyvinvointiin liittyvissä asioissa.',
        'Kuraattorille voi tulla juttelemaan, kun koulussa tai kotona on vaikeaa.',
      ],
      sv: ['Skolkuratorn hjälper elever och familjer med skolgång, kompisrelationer och välmående.'],
      en: ['The school social worker helps pupils and families with school, friendships and wellbeing.'],
    },
    sentences: {
      fi: [
        'Kuraattorille voi varata ajan Wilman kautta, soittamalla tai tulemalla suoraan käymään.',
        'Kuraattorin kanssa voi puhua esimerkiksi kiusaamisesta, poissaoloista tai perheen tilanteesta.',
        'Keskustelut kuraattorin kanssa ovat luottamuksellisia.',
        'Kuraattori tekee yhteistyötä opettajien, terveydenhoitajan ja psykologin kanssa.',
        'Huoltaja voi ottaa kuraattoriin yhteyttä myös ilman lasta.',
      ],
      sv: ['Samtalen med kuratorn är konfidentiella.'],
      en: ['Conversations with the school social worker are confidential.'],
    },
    topics: [
      'KOULUNKAYNTI_POISSAOLOT',
      'KIUSAAMINEN',
      'KAVERISUHTEET',
      'TUNTEET_KAYTTAYTYMINEN',
      'ITSETUNTO',
    ],
    ages: [7, 16],
    channels: ['visit', 'phone', 'eservice'],
  },
  {
    type: 'KOULUPSYKOLOGI',
    weight: 50,
    provider: 'region',
    reach: 'local',
    site: 'school',
    names: {
      fi: ['{dist} koulun psykologi, {munName}', '{mun} {dist} koulun koulupsykologi'],
      sv: ['Skolpsykolog, {distName} skola, {munSv}'],
      en: ['School psychologist, {distName} school, {munEn}'],
    },
    summaries: {
      fi: ['Koulupsykologi tukee oppilaan oppimista, tunne-elämää ja hyvinvointia.'],
      sv: ['Skolpsykologen stöder elevens lärande och välmående.'],
      en: ["The school psychologist supports a pupil's learning, emotions and wellbeing."],
    },
    sentences: {
      fi: [
        'Psykologille voi hakeutua itse tai opettajan, terveydenhoitajan tai huoltajan ehdotuksesta.',
        'Psykologi tekee tarvittaessa oppimisvaikeuksien arvioita.',
        'Psykologin kanssa voi puhua ahdistuksesta, jännittämisestä ja mielialasta.',
      ],
      sv: ['Psykologen gör vid behov bedömningar av inlärningssvårigheter.'],
      en: ['The psychologist assesses learning difficulties when needed.'],
    },
    topics: ['KEHITYS_OPPIMINEN', 'PELOT_AHDISTUS', 'MIELENTERVEYS_LAPSI', 'NEPSY', 'ITSETUNTO'],
    ages: [7, 16],
    channels: ['visit', 'phone', 'video'],
  },
  {
    type: 'KOULUTERVEYDENHOITO',
    weight: 80,
    provider: 'region',
    reach: 'local',
    site: 'school',
    names: {
      fi: ['{dist} koulun terveydenhoitaja, {munName}', '{mun} {dist} koulun kouluterveydenhoito'],
      sv: ['Skolhälsovård, {distName} skola, {munSv}'],
      en: ['School health care, {distName} school, {munEn}'],
    },
    summaries: {
      fi: ['Kouluterveydenhoitajan terveystarkastukset, rokotukset ja avoin vastaanotto oppilaille.'],
      sv: ['Skolhälsovårdarens hälsokontroller, vaccinationer och öppen mottagning.'],
      en: ["The school nurse's health checks, vaccinations and drop-in hours for pupils."],
    },
    sentences: {
      fi: [
        'Terveydenhoitajan avoimelle vastaanotolle voi tulla ilman ajanvarausta.',
        'Laajoissa terveystarkastuksissa 1., 5. ja 8. luokalla tavataan myös huoltajat.',
        'Terveydenhoitajan kanssa voi puhua unesta, syömisestä, mielialasta ja päihteistä.',
      ],
      sv: ['Till den öppna mottagningen kan man komma utan tidsbokning.'],
      en: ['Pupils can come to the drop-in hours without an appointment.'],
    },
    topics: ['LAPSEN_TERVEYS', 'UNI', 'SYOMINEN', 'SEKSUAALISUUS', 'PAIHTEET_NUORI', 'DIGI_RUUTUAIKA'],
    ages: [7, 16],
    channels: ['visit', 'phone', 'eservice'],
  },
  {
    type: 'OPISKELUHUOLTO',
    weight: 30,
    provider: 'region',
    reach: 'local',
    site: 'upper_school',
    names: {
      fi: [
        '{mun} lukion opiskeluhuolto',
        '{mun} ammattiopiston opiskeluhuolto',
        'Opiskeluterveydenhuolto, {mun} ammattiopisto',
      ],
      sv: ['Studerandevård, {munSv}'],
      en: ['Student welfare services, {munEn}'],
    },
    summaries: {
      fi: ['Kuraattori-, psykologi- ja terveydenhoitajapalvelut toisen asteen opiskelijoille.'],
      sv: ['Kurator-, psykolog- och hälsovårdartjänster för studerande på andra stadiet.'],
      en: ['School social worker, psychologist and nurse services for upper-secondary students.'],
    },
    sentences: {
      fi: [
        'Opiskelijan on hyvä hakea apua heti, kun opiskelu alkaa takkuilla.',
        'Opiskeluhuollon työntekijät auttavat myös, jos harkitset opintojen keskeyttämistä.',
        'Opiskeluterveydenhuollossa voi puhua mielenterveydestä, päihteistä ja seksuaaliterveydestä.',
      ],
      sv: ['Personalen hjälper också om du funderar på att avbryta studierna.'],
      en: ['The staff also help if you are thinking of dropping out.'],
    },
    topics: ['OPINNOT_JA_TULEVAISUUS', 'MIELENTERVEYS_LAPSI', 'NUOREN_ITSENAISTYMINEN', 'PAIHTEET_NUORI'],
    ages: [15, 20],
    channels: ['visit', 'phone', 'chat'],
  },
  {
    type: 'NUORISOASEMA',
    weight: 15,
    provider: 'region',
    reach: 'nearby',
    site: 'youth_centre',
    names: {
      fi: [
        '{mun} nuorisoasema',
        'Nuorten mielenterveys- ja päihdepalvelut, {mun} nuorisoasema',
        'Nuorisoasema, {munName}',
      ],
      sv: ['Ungdomsstationen i {munSv}'],
      en: ['Youth clinic, {munEn}'],
    },
    summaries: {
      fi: ['Matalan kynnyksen apua 13–22-vuotiaille mielenterveyden ja päihteiden käytön huoliin.'],
      sv: ['Hjälp med låg tröskel för 13–22-åringar i frågor om psykisk hälsa och rusmedel.'],
      en: ['Low-threshold help for 13–22-year-olds with mental health and substance use.'],
    },
    sentences: {
      fi: [
        'Nuorisoasemalle voi tulla ilman lähetettä, myös yhdessä vanhemman kanssa.',
        'Nuorisoasemalla työskentelee sairaanhoitajia, sosiaalityöntekijöitä ja psykologi.',
        'Vanhemmat voivat tulla nuorisoasemalle keskustelemaan nuoren päihteiden käytöstä.',
        'Ensimmäinen aika järjestyy yleensä viikon sisällä.',
      ],
      sv: ['Till ungdomsstationen kan man komma utan remiss.'],
      en: ['You can come to the youth clinic without a referral.'],
    },
    topics: ['PAIHTEET_NUORI', 'MIELENTERVEYS_LAPSI', 'PELOT_AHDISTUS', 'ITSETUHOISUUS', 'DIGI_RUUTUAIKA'],
    ages: [13, 22],
    channels: ['visit', 'phone', 'chat', 'video'],
  },
  {
    type: 'PERHEOIKEUS',
    weight: 10,
    provider: 'region',
    reach: 'nearby',
    site: 'family_centre',
    names: {
      fi: [
        'Lastenvalvoja, {mun} alue',
        'Perheoikeudelliset palvelut, {munName}',
        'Perheasioiden sovittelu, {munName}',
      ],
      sv: ['Barnatillsyningsman, {munSv}'],
      en: ['Child welfare supervisor, {munEn}'],
    },
    summaries: {
      fi: [
        'Sopimukset lapsen huollosta, asumisesta, tapaamisista ja elatusavusta sekä isyyden ja äitiyden vahvistaminen.',
      ],
      sv: ['Avtal om vårdnad, boende, umgänge och underhåll.'],
      en: ['Agreements on custody, residence, contact and child maintenance.'],
    },
    sentences: {
      fi: [
        'Lastenvalvoja vahvistaa vanhempien sopimuksen lapsen huollosta ja elatuksesta.',
        'Perheasioiden sovittelussa vanhemmat etsivät sovittelijan kanssa ratkaisua erotilanteessa.',
        'Ajan lastenvalvojalle voi varata sähköisesti.',
      ],
      sv: ['Barnatillsyningsmannen fastställer föräldrarnas avtal.'],
      en: ["The child welfare supervisor confirms the parents' agreement."],
    },
    topics: ['HUOLTAJUUS_TAPAAMISET', 'ERO', 'UUSPERHE', 'YKSINHUOLTAJUUS'],
    ages: [0, 17],
    channels: ['visit', 'video', 'eservice'],
  },
  {
    type: 'PAIHDEPALVELUT',
    weight: 15,
    provider: 'region',
    reach: 'nearby',
    site: 'health_station',
    names: {
      fi: ['{mun} päihdepalvelut', 'A-klinikka, {munName}', 'Päihde- ja riippuvuuspalvelut, {mun} alue'],
      sv: ['Missbrukartjänster, {munSv}'],
      en: ['Substance-use services, {munEn}'],
    },
    summaries: {
      fi: ['Apua alkoholin, huumeiden ja pelaamisen aiheuttamiin ongelmiin myös läheisille.'],
      sv: ['Hjälp vid problem med alkohol, droger och spelande, också för närstående.'],
      en: ['Help with alcohol, drug and gambling problems, also for family members.'],
    },
    sentences: {
      fi: [
        'Päihdepalveluihin voi hakeutua ilman lähetettä.',
        'Läheisen päihteiden käyttö kuormittaa koko perhettä; myös läheiset saavat tukea.',
        'Raskaana oleville järjestetään tehostettua tukea.',
      ],
      sv: ['Man kan söka sig till tjänsterna utan remiss.'],
      en: ['No referral is needed.'],
    },
    topics: ['PAIHTEET_VANHEMPI', 'PAIHTEET_NUORI', 'MIELENTERVEYS_VANHEMPI'],
    ages: [null, null],
    channels: ['visit', 'phone', 'chat'],
  },
  {
    type: 'LASTENPSYKIATRIA',
    weight: 7,
    provider: 'region',
    reach: 'region',
    site: 'hospital',
    names: {
      fi: [
        'Lastenpsykiatrian poliklinikka',
        'Nuorisopsykiatrian poliklinikka',
        'Lasten ja nuorten psykiatrinen osastohoito',
      ],
      sv: ['Barnpsykiatriska polikliniken', 'Ungdomspsykiatriska polikliniken'],
      en: ['Child psychiatry outpatient clinic', 'Adolescent psychiatry outpatient clinic'],
    },
    summaries: {
      fi: [
        'Erikoissairaanhoidon tutkimus ja hoito lasten ja nuorten mielenterveyden häiriöissä lähetteellä.',
      ],
      sv: ['Specialiserad sjukvård för barns och ungas psykiska störningar, med remiss.'],
      en: [
        "Specialist assessment and treatment of children's and young people's mental disorders, by referral.",
      ],
    },
    sentences: {
      fi: [
        'Poliklinikalle tullaan lääkärin lähetteellä.',
        'Hoito suunnitellaan yhdessä lapsen, perheen ja lähipalvelujen kanssa.',
      ],
      sv: ['Man kommer till polikliniken med remiss.'],
      en: ['A referral from a doctor is needed.'],
    },
    topics: ['MIELENTERVEYS_LAPSI', 'SYOMISHAIRIO', 'ITSETUHOISUUS', 'NEPSY', 'PELOT_AHDISTUS'],
    ages: [0, 17],
    channels: ['visit', 'video'],
  },
  {
    type: 'PUHETERAPIA',
    weight: 20,
    provider: 'company',
    reach: 'nearby',
    site: 'therapy_practice',
    names: {
      fi: ['Puheterapia {unit}', 'Lasten puheterapia, {munName}', '{mun} puheterapiapalvelut'],
      sv: ['Talterapi {unit}'],
      en: ['{unit} speech therapy'],
    },
    summaries: {
      fi: ['Puheterapeutin arviot ja kuntoutus lapsille, joiden puheen tai kielen kehitys viivästyy.'],
      sv: ['Talterapeutens bedömning och rehabilitering för barn med försenad talutveckling.'],
      en: ['Speech therapy assessment and rehabilitation for children with delayed speech or language.'],
    },
    sentences: {
      fi: [
        'Jos lapsi ei puhu ikätasoisesti, keskustele ensin neuvolan terveydenhoitajan kanssa.',
        'Puheterapiaan tarvitaan lähete.',
        'Terapiaa annetaan vastaanotolla, päiväkodissa tai etänä.',
      ],
      sv: ['Remiss behövs.'],
      en: ['A referral is needed.'],
    },
    topics: ['PUHEEN_KEHITYS', 'KEHITYS_OPPIMINEN', 'VUOROVAIKUTUS'],
    ages: [1, 16],
    channels: ['visit', 'video'],
  },
  {
    type: 'TOIMINTATERAPIA',
    weight: 15,
    provider: 'company',
    reach: 'nearby',
    site: 'therapy_practice',
    names: {
      fi: ['Toimintaterapia {unit}', 'Lasten toimintaterapia, {munName}'],
      sv: ['Ergoterapi {unit}'],
      en: ['{unit} occupational therapy'],
    },
    summaries: {
      fi: ['Toimintaterapeutin tuki arjen taitoihin, motoriikkaan ja aistisäätelyyn.'],
      sv: ['Ergoterapeutens stöd för vardagsfärdigheter, motorik och sinnesreglering.'],
      en: ['Occupational therapy for everyday skills, motor skills and sensory regulation.'],
    },
    sentences: {
      fi: ['Toimintaterapiaan tarvitaan lähete.', 'Terapiassa harjoitellaan leikin kautta.'],
      sv: ['Remiss behövs.'],
      en: ['A referral is needed.'],
    },
    topics: ['NEPSY', 'KEHITYS_OPPIMINEN'],
    ages: [2, 16],
    channels: ['visit'],
  },
  {
    type: 'FYSIOTERAPIA',
    weight: 15,
    provider: 'region',
    reach: 'nearby',
    site: 'health_station',
    names: {
      fi: ['Lasten fysioterapia, {munName}', '{mun} lasten ja nuorten fysioterapia'],
      sv: ['Fysioterapi för barn, {munSv}'],
      en: ["Children's physiotherapy, {munEn}"],
    },
    summaries: {
      fi: ['Fysioterapeutin arvio ja ohjaus, kun lapsen motorinen kehitys huolestuttaa.'],
      sv: ['Fysioterapeutens bedömning när barnets motoriska utveckling oroar.'],
      en: ["Physiotherapy assessment when a child's motor development is a concern."],
    },
    sentences: {
      fi: [
        'Neuvola tai kouluterveydenhoitaja ohjaa fysioterapiaan.',
        'Vauvojen fysioterapiaan pääsee neuvolan kautta.',
      ],
      sv: ['Rådgivningen hänvisar till fysioterapi.'],
      en: ['The clinic refers children to physiotherapy.'],
    },
    topics: ['LAPSEN_TERVEYS', 'KEHITYS_OPPIMINEN', 'VAUVAPERHE'],
    ages: [0, 17],
    channels: ['visit'],
  },
  {
    type: 'JARJESTO_VERTAISTUKI',
    weight: 60,
    provider: 'ngo',
    reach: 'nearby',
    site: 'ngo_house',
    names: {
      fi: [
        'Vertaistukiryhmä eronneille vanhemmille, {munName}',
        'Vauvaperheiden vertaisryhmä, {munName}',
        'Yksinhuoltajien vertaistuki, {munName}',
        'Kaksosperheiden kohtaamiset, {munName}',
        'Isä-lapsi-ryhmä, {munName}',
        'Perheen sairastuneiden lasten vanhempien ryhmä, {munName}',
        'Erityislasten vanhempien vertaistuki, {munName}',
        'Ensi- ja turvakodin vauvaperhetyö, {munName}',
        'Lapsiperheiden ystävätoiminta, {munName}',
      ],
      sv: ['Kamratstöd för föräldrar, {munSv}'],
      en: ['Peer support group for parents, {munEn}'],
    },
    summaries: {
      fi: [
        'Vertaistukea ja kokemusten jakamista samassa tilanteessa olevien vanhempien kanssa.',
        'Järjestön ohjaama maksuton vertaisryhmä, johon voi tulla ilman ilmoittautumista.',
      ],
      sv: ['Kamratstöd och erfarenhetsutbyte med föräldrar i samma situation.'],
      en: ['Peer support and sharing experiences with parents in the same situation.'],
    },
    sentences: {
      fi: [
        'Vertaisryhmä kokoontuu kerran viikossa ja sitä ohjaa koulutettu vapaaehtoinen.',
        'Ryhmään voi tulla ilman lähetettä ja se on maksuton.',
        'Lapsille on omaa toimintaa vanhempien keskustellessa.',
        'Ryhmässä puhutaan jaksamisesta, arjen haasteista ja vanhemmuudesta.',
      ],
      sv: ['Gruppen träffas en gång i veckan.'],
      en: ['The group meets once a week.'],
    },
    topics: ['JAKSAMINEN_VANHEMMUUS', 'ERO', 'YKSINHUOLTAJUUS', 'VAUVAPERHE', 'NEPSY', 'SAIRAUS_KUOLEMA'],
    ages: [null, null],
    channels: ['visit', 'video', 'chat'],
  },
  {
    type: 'SEURAKUNTA_PERHETYO',
    weight: 50,
    provider: 'parish',
    reach: 'local',
    site: 'parish_hall',
    names: {
      fi: [
        '{dist} perhekerho, {mun} seurakunta',
        'Muskari {unit}',
        'Päiväkerho {unit}',
        '{mun} seurakunnan perhetyö',
      ],
      sv: ['Familjeklubb, {distName}, {munSv}'],
      en: ['Parish family club, {distName}, {munEn}'],
    },
    summaries: {
      fi: ['Seurakunnan kerho lapsille ja vanhemmille: leikkiä, laulua ja yhdessäoloa.'],
      sv: ['Församlingens klubb för barn och föräldrar.'],
      en: ['Parish club for children and parents: play, singing and company.'],
    },
    sentences: {
      fi: [
        'Perhekerho on avoin kaikille perheille vakaumuksesta riippumatta.',
        'Kerhossa on kahvitarjoilu ja lapsille välipala.',
        'Seurakunnan perhetyöntekijän kanssa voi keskustella myös kahden kesken.',
      ],
      sv: ['Klubben är öppen för alla familjer.'],
      en: ['The club is open to all families.'],
    },
    topics: ['JAKSAMINEN_VANHEMMUUS', 'VAUVAPERHE', 'KAVERISUHTEET', 'SAIRAUS_KUOLEMA'],
    ages: [0, 6],
    channels: ['visit'],
  },
  {
    type: 'AVOIN_KOHTAAMISPAIKKA',
    weight: 40,
    provider: 'municipality',
    reach: 'local',
    site: 'family_centre',
    names: {
      fi: [
        'Perhekahvila {unit}',
        '{mun} {dist} perhetalo',
        'Avoin päiväkoti {unit}',
        'Perheiden olohuone, {munName}',
      ],
      sv: ['Familjecafé {unit}'],
      en: ['{unit} family café'],
    },
    summaries: {
      fi: ['Avoin kohtaamispaikka, jonne vanhemmat ja lapset voivat tulla ilman ajanvarausta.'],
      sv: ['Öppen mötesplats för föräldrar och barn utan tidsbokning.'],
      en: ['An open meeting place for parents and children, no appointment needed.'],
    },
    sentences: {
      fi: [
        'Perhekahvilassa tapaa muita vanhempia ja lapset pääsevät leikkimään.',
        'Paikalla on perhekeskuksen työntekijä, jolta voi kysyä neuvoa.',
        'Kävijät eivät tarvitse ilmoittautumista.',
      ],
      sv: ['En medarbetare finns på plats.'],
      en: ['A family centre worker is there to give advice.'],
    },
    topics: ['VAUVAPERHE', 'JAKSAMINEN_VANHEMMUUS', 'UUSI_PAIKKAKUNTA', 'MONIKULTTUURISUUS'],
    ages: [0, 6],
    channels: ['visit'],
  },
  {
    type: 'ERONEUVONTA',
    weight: 10,
    provider: 'region',
    reach: 'nearby',
    site: 'family_centre',
    names: {
      fi: ['Eroneuvonta, {munName}', '{mun} eroneuvola', 'Erokriisiin tukea, {mun} perheneuvola'],
      sv: ['Skilsmässorådgivning, {munSv}'],
      en: ['Separation counselling, {munEn}'],
    },
    summaries: {
      fi: ['Eroneuvonta auttaa vanhempia eron eri vaiheissa ja lapsen asioiden sopimisessa.'],
      sv: ['Stöd för föräldrar i olika skeden av skilsmässan.'],
      en: ['Separation counselling helps parents at every stage of a separation.'],
    },
    sentences: {
      fi: [
        'Eroneuvontaan voi tulla yksin tai yhdessä, myös jo ennen eropäätöstä.',
        'Lapsen näkökulma on eroneuvonnassa aina mukana.',
        'Vanhemmille järjestetään Vanhemmuus erossa -ryhmiä.',
      ],
      sv: ['Man kan komma ensam eller tillsammans.'],
      en: ['You can come alone or together.'],
    },
    topics: ['ERO', 'HUOLTAJUUS_TAPAAMISET', 'PARISUHDE', 'UUSPERHE'],
    ages: [null, null],
    channels: ['visit', 'phone', 'video'],
  },
  {
    type: 'LAHISUHDEVAKIVALTA',
    weight: 10,
    provider: 'ngo',
    reach: 'region',
    site: null,
    names: {
      fi: [
        '{region} turvakoti',
        'Lähisuhdeväkivaltatyön avopalvelu',
        'Väkivallan katkaisuohjelma',
        'Lähisuhdeväkivallan vastaanotto, {munName}',
      ],
      sv: ['Skyddshem', 'Arbete mot våld i nära relationer'],
      en: ['Shelter for victims of domestic violence', 'Domestic violence outpatient service'],
    },
    summaries: {
      fi: ['Apua väkivaltaa kokeneille ja väkivaltaa käyttäneille, turvakoti ympäri vuorokauden.'],
      sv: ['Hjälp för dem som utsatts för eller utövat våld; skyddshem dygnet runt.'],
      en: ['Help for those who have experienced or used violence; a shelter open around the clock.'],
    },
    sentences: {
      fi: [
        'Turvakotiin voi tulla ilman lähetettä mihin vuorokauden aikaan tahansa.',
        'Väkivaltaa käyttäneille on oma vastaanotto ja vihanhallintaryhmiä.',
        'Lapset saavat turvakodissa omaa tukea.',
      ],
      sv: ['Man kan komma till skyddshemmet utan remiss.'],
      en: ['You can come to the shelter without a referral at any time.'],
    },
    topics: ['LAHISUHDEVAKIVALTA', 'LAPSEEN_KOHDISTUVA_VAKIVALTA', 'OMA_VAKIVALTAISUUS', 'AKILLINEN_KRIISI'],
    ages: [null, null],
    channels: ['visit', 'phone', 'chat'],
  },
  {
    type: 'LASTENNEUROLOGIA',
    weight: 5,
    provider: 'region',
    reach: 'region',
    site: 'hospital',
    names: {
      fi: ['Lastenneurologian poliklinikka', 'Lastenneurologian kuntoutus'],
      sv: ['Barnneurologiska polikliniken'],
      en: ['Paediatric neurology outpatient clinic'],
    },
    summaries: {
      fi: ['Erikoissairaanhoidon tutkimukset, kun lapsen kehityksessä on neurologisia haasteita.'],
      sv: ['Specialiserad sjukvård för barn med neurologiska utmaningar.'],
      en: ['Specialist assessment of neurological challenges in child development.'],
    },
    sentences: {
      fi: ['Poliklinikalle tarvitaan lähete.', 'ADHD- ja autismitutkimukset tehdään yhdessä perheen kanssa.'],
      sv: ['Remiss behövs.'],
      en: ['A referral is needed.'],
    },
    topics: ['NEPSY', 'KEHITYS_OPPIMINEN', 'PUHEEN_KEHITYS'],
    ages: [0, 16],
    channels: ['visit'],
  },
  {
    type: 'MIELENTERVEYS_AIKUISET',
    weight: 20,
    provider: 'region',
    reach: 'nearby',
    site: 'health_station',
    names: {
      fi: [
        '{mun} mielenterveyspalvelut',
        'Mielenterveys- ja päihdepalvelujen vastaanotto, {munName}',
        'Perinataalipsykiatrian vastaanotto',
      ],
      sv: ['Mentalvårdstjänster för vuxna, {munSv}'],
      en: ['Adult mental health services, {munEn}'],
    },
    summaries: {
      fi: ['Aikuisten mielenterveyden tuki, myös raskausajan ja synnytyksen jälkeisen masennuksen hoito.'],
      sv: ['Stöd för vuxnas psykiska hälsa, också vid förlossningsdepression.'],
      en: ['Support for adult mental health, including depression during pregnancy and after birth.'],
    },
    sentences: {
      fi: [
        'Vanhemman masennus tai uupumus vaikuttaa koko perheeseen; apua kannattaa hakea ajoissa.',
        'Ajan saa soittamalla tai sähköisesti.',
        'Lapset puheeksi -keskustelu tarjotaan aina, kun aikuisella asiakkaalla on lapsia.',
      ],
      sv: ['Tid fås per telefon eller elektroniskt.'],
      en: ['Book by phone or online.'],
    },
    topics: ['MIELENTERVEYS_VANHEMPI', 'JAKSAMINEN_VANHEMMUUS', 'VAUVAPERHE', 'PELOT_AHDISTUS'],
    ages: [18, null],
    channels: ['visit', 'phone', 'video', 'chat'],
  },
  {
    type: 'KRIISIAPU',
    weight: 7,
    provider: 'ngo',
    reach: 'region',
    site: null,
    names: {
      fi: ['Kriisikeskus', 'Kriisipuhelin', 'Nuorten kriisipiste', 'Surevan perheen tuki'],
      sv: ['Kriscentret', 'Kristelefon'],
      en: ['Crisis centre', 'Crisis helpline'],
    },
    summaries: {
      fi: ['Keskusteluapua äkillisessä kriisissä, surussa ja elämän muutoksissa.'],
      sv: ['Samtalshjälp i akut kris, sorg och förändringar i livet.'],
      en: ['Someone to talk to in a sudden crisis, in grief and in life changes.'],
    },
    sentences: {
      fi: [
        'Kriisityöntekijän kanssa voi keskustella nimettömänä.',
        'Apua saa myös, kun perheessä on kuollut läheinen.',
        'Itsetuhoisissa ajatuksissa soita kriisipuhelimeen tai hätänumeroon 112.',
      ],
      sv: ['Man kan vara anonym.'],
      en: ['You can stay anonymous.'],
    },
    topics: ['AKILLINEN_KRIISI', 'SAIRAUS_KUOLEMA', 'ITSETUHOISUUS', 'MIELENTERVEYS_VANHEMPI'],
    ages: [null, null],
    channels: ['phone', 'chat', 'visit'],
  },
  {
    type: 'NUORISOTYO',
    weight: 50,
    provider: 'municipality',
    reach: 'local',
    site: 'youth_centre',
    names: {
      fi: [
        '{dist} nuorisotila, {munName}',
        '{mun} etsivä nuorisotyö',
        '{mun} nuorisopalvelut',
        'Nuorisotalo {unit}',
      ],
      sv: ['Ungdomsgården {unit}'],
      en: ['{unit} youth centre'],
    },
    summaries: {
      fi: ['Nuorisotila on nuorten oma paikka, jossa on turvallisia aikuisia ja tekemistä.'],
      sv: ['Ungdomsgården är de ungas egen plats med trygga vuxna.'],
      en: ['The youth centre is a place of their own for young people, with safe adults.'],
    },
    sentences: {
      fi: [
        'Nuorisotilassa voi pelata, kokata, harrastaa ja jutella nuoriso-ohjaajien kanssa.',
        'Etsivä nuorisotyö auttaa alle 29-vuotiaita, jotka ovat koulutuksen tai työn ulkopuolella.',
        'Nuoriso-ohjaajat tekevät myös jalkautuvaa työtä iltaisin ja viikonloppuisin.',
      ],
      sv: ['Ungdomsledarna finns på plats.'],
      en: ['Youth workers are there to talk to.'],
    },
    topics: ['KAVERISUHTEET', 'DIGI_RUUTUAIKA', 'NUOREN_ITSENAISTYMINEN', 'OPINNOT_JA_TULEVAISUUS'],
    ages: [10, 28],
    channels: ['visit', 'chat'],
  },
  {
    type: 'VAPAA_AIKA',
    weight: 60,
    provider: 'municipality',
    reach: 'local',
    site: 'sports_hall',
    names: {
      fi: [
        'Vauvauinti, {munName}',
        'Perheliikunta, {mun} {dist} liikuntahalli',
        'Lasten satutunti, {mun} kirjasto',
        'Uimakoulu {unit}',
        'Lasten liikuntakerho, {munName}',
        'Kaikkien lasten harrastuskerho, {munName}',
      ],
      sv: ['Familjemotion, {munSv}'],
      en: ['Family sports, {munEn}'],
    },
    summaries: {
      fi: ['Edullista tai maksutonta harrastustoimintaa lapsille ja perheille.'],
      sv: ['Förmånlig eller avgiftsfri fritidsverksamhet för barn och familjer.'],
      en: ['Low-cost or free leisure activities for children and families.'],
    },
    sentences: {
      fi: [
        'Harrastukseen ilmoittaudutaan kunnan sähköisessä palvelussa.',
        'Vähävaraisille perheille on harrastusten maksuvapautuksia.',
        'Suomen mallin harrastuskerhot kokoontuvat koulupäivän jälkeen.',
      ],
      sv: ['Anmälan görs elektroniskt.'],
      en: ['Sign up online.'],
    },
    topics: ['KAVERISUHTEET', 'RAHA_TOIMEENTULO', 'MONIKULTTUURISUUS'],
    ages: [0, 17],
    channels: ['visit', 'eservice'],
  },
];

/** Generic sentences many service pages end with. */
export const GENERAL_SENTENCES = {
  fi: [
    'Palvelu on maksuton.',
    'Ajanvaraus puhelimitse arkisin klo 8–9 tai sähköisesti Omasotessa.',
    'Tarvittaessa käytössä on tulkki; tulkkaus on maksuton.',
    'Toimitila on esteetön ja lähellä bussipysäkkiä.',
    'Voit ottaa yhteyttä myös, jos et ole varma, onko palvelu teille oikea.',
    'Palvelu perustuu sosiaalihuoltolakiin ja terveydenhuoltolakiin.',
    'Työntekijöillä on vaitiolovelvollisuus.',
    'Jos sinulla on huoli lapsesta, ota yhteyttä matalalla kynnyksellä.',
    'Palvelu on osa hyvinvointialueen perhekeskusta.',
    'Ilmoittautuminen ei ole tarpeen.',
  ],
  sv: ['Tjänsten är avgiftsfri.', 'Tolk vid behov.', 'Lokalen är tillgänglig.'],
  en: [
    'The service is free of charge.',
    'An interpreter is available when needed.',
    'The premises are accessible.',
  ],
};

/** Districts of a municipality: [name, genitive]. Real names common in many Finnish towns. */
export const DISTRICTS: [string, string][] = [
  ['Keskusta', 'Keskustan'],
  ['Kirkonkylä', 'Kirkonkylän'],
  ['Rantakylä', 'Rantakylän'],
  ['Asemanseutu', 'Asemanseudun'],
  ['Mäntyrinne', 'Mäntyrinteen'],
  ['Koivuharju', 'Koivuharjun'],
  ['Niemi', 'Niemen'],
  ['Peltola', 'Peltolan'],
  ['Kangas', 'Kankaan'],
  ['Harjula', 'Harjulan'],
  ['Pappila', 'Pappilan'],
  ['Kuusikko', 'Kuusikon'],
  ['Mäki', 'Mäen'],
  ['Lehtola', 'Lehtolan'],
  ['Puistola', 'Puistolan'],
  ['Haapaniemi', 'Haapaniemen'],
  ['Honkalampi', 'Honkalammen'],
  ['Itäranta', 'Itärannan'],
  ['Länsimäki', 'Länsimäen'],
  ['Pohjola', 'Pohjolan'],
  ['Etelärinne', 'Etelärinteen'],
  ['Jokiranta', 'Jokirannan'],
  ['Kallio', 'Kallion'],
  ['Kaukola', 'Kaukolan'],
  ['Männistö', 'Männistön'],
  ['Niirala', 'Niiralan'],
  ['Petonen', 'Petosen'],
  ['Saaristo', 'Saariston'],
  ['Hervanta', 'Hervannan'],
  ['Tesoma', 'Tesoman'],
  ['Lielahti', 'Lielahden'],
  ['Kaleva', 'Kalevan'],
  ['Linnainmaa', 'Linnainmaan'],
  ['Vuores', 'Vuoreksen'],
];

/** Own names of day-care centres, clubs, practices and youth centres. */
export const UNIT_NAMES = [
  'Satakieli',
  'Tenavatupa',
  'Metsätähti',
  'Peikkometsä',
  'Vekara',
  'Sateenkaari',
  'Pikkukarhu',
  'Mustikka',
  'Kielo',
  'Leppäkerttu',
  'Tuulentupa',
  'Onnenapila',
  'Pilvilinna',
  'Majakka',
  'Kotikallio',
  'Päivänkakkara',
  'Kuunsilta',
  'Vaahtera',
  'Pihlaja',
  'Sammakko',
  'Oravanpesä',
  'Tähtitaivas',
  'Lumihiutale',
  'Kettukallio',
  'Siilinpesä',
  'Kanerva',
  'Puolukka',
  'Kastehelmi',
  'Hiekkalinna',
  'Sanasilta',
  'Sointu',
  'Aurinkorinne',
];

export const STREETS = [
  'Puistokatu',
  'Koulukatu',
  'Kirkkokatu',
  'Rantatie',
  'Asemakatu',
  'Sairaalakatu',
  'Kauppakatu',
  'Myllytie',
  'Koivukuja',
  'Kalevankatu',
  'Opintie',
  'Terveystie',
  'Tehtaankatu',
  'Harjutie',
  'Mäntytie',
  'Pappilantie',
  'Urheilutie',
  'Kirjastokatu',
  'Nuorisotie',
  'Sepänkatu',
];

/** NGOs and companies that provide services in many municipalities. */
export const NGOS = [
  'Mannerheimin Lastensuojeluliiton {mun} yhdistys',
  'Ensi- ja turvakoti ry',
  'Kriisikeskus Mobile ry',
  'Setlementti Puijola ry',
  'Väestöliitto ry',
  'Pelastakaa Lapset ry',
  'Kehitysvammaisten Tukiliitto ry',
  'Suomen Kaksoset ry',
  'Yhden Vanhemman Perheiden Liitto ry',
  'Miessakit ry',
];
export const COMPANIES = [
  'Puheterapia Sanasilta Oy',
  'Terapiapalvelut Sointu Oy',
  'Toimintaterapia Kipinä Oy',
  'Perhepalvelu Arjen Apu Oy',
  'Lasten terapiatalo Oy',
  'Kuntoutus Kompassi Oy',
];

/** The genitive of each municipality name (municipalities.csv), as used in unit names. */
export const MUNICIPALITY_GENITIVE: Record<string, string> = {
  '140': 'Iisalmen',
  '171': 'Joroisten',
  '204': 'Kaavin',
  '239': 'Keiteleen',
  '263': 'Kiuruveden',
  '297': 'Kuopion',
  '402': 'Lapinlahden',
  '420': 'Leppävirran',
  '595': 'Pielaveden',
  '686': 'Rautalammin',
  '687': 'Rautavaaran',
  '749': 'Siilinjärven',
  '762': 'Sonkajärven',
  '778': 'Suonenjoen',
  '844': 'Tervon',
  '857': 'Tuusniemen',
  '915': 'Varkauden',
  '921': 'Vesannon',
  '925': 'Vieremän',
  '020': 'Akaan',
  '108': 'Hämeenkyrön',
  '143': 'Ikaalisten',
  '177': 'Juupajoen',
  '211': 'Kangasalan',
  '250': 'Kihniön',
  '291': 'Kuhmoisten',
  '418': 'Lempäälän',
  '508': 'Mänttä-Vilppulan',
  '536': 'Nokian',
  '562': 'Oriveden',
  '581': 'Parkanon',
  '604': 'Pirkkalan',
  '619': 'Punkalaitumen',
  '635': 'Pälkäneen',
  '702': 'Ruoveden',
  '790': 'Sastamalan',
  '837': 'Tampereen',
  '887': 'Urjalan',
  '908': 'Valkeakosken',
  '922': 'Vesilahden',
  '936': 'Virtain',
  '980': 'Ylöjärven',
};
