// The source of every text in the product. sv.ts and en.ts are typed against this object,
// so a missing translation fails the typecheck, not the user.
import { accessErrorsFi, accessFi } from './areas/access.ts';
import { adminErrorsFi, adminFi } from './areas/admin.ts';
import { authErrorsFi, authFi } from './areas/auth.ts';
import { consentModelErrorsFi, consentModelFi } from './areas/consent-model.ts';
import { consentPagesErrorsFi, consentPagesFi } from './areas/consent-pages.ts';
import { consultationsErrorsFi, consultationsFi } from './areas/consultations.ts';
import { contactPublicFi } from './areas/contact-public.ts';
import { contactStaffFi } from './areas/contact-staff.ts';
import { contactsErrorsFi, contactsFi } from './areas/contacts.ts';
import { familyAppointmentErrorsFi, familyAppointmentFi } from './areas/family-appointment.ts';
import { feedbackErrorsFi, feedbackFi } from './areas/feedback.ts';
import { handoffsErrorsFi, handoffsFi } from './areas/handoffs.ts';
import { matchingErrorsFi, matchingFi } from './areas/matching.ts';
import { meetingsErrorsFi, meetingsFi } from './areas/meetings.ts';
import { meetingsFamilyErrorsFi, meetingsFamilyFi } from './areas/meetings-family.ts';
import { metricsErrorsFi, metricsFi } from './areas/metrics.ts';
import { metricsDataFi } from './areas/metrics-data.ts';
import { networkErrorsFi, networkFi } from './areas/network.ts';
import { noticesFi } from './areas/notices.ts';
import { populationErrorsFi, populationFi } from './areas/population.ts';
import { surveysErrorsFi, surveysFi } from './areas/surveys.ts';
import { thesaurusErrorsFi, thesaurusFi } from './areas/thesaurus.ts';

export const fi = {
  lang: {
    fi: 'suomi',
    sv: 'ruotsi',
    en: 'englanti',
    se: 'saame',
    ru: 'venäjä',
    ar: 'arabia',
    so: 'somali',
    uk: 'ukraina',
    fa: 'persia',
    et: 'viro',
  },
  langSwitch: { fi: 'Suomeksi', sv: 'På svenska', en: 'In English', label: 'Kieli' },
  /** what every form says (src/ui/forms.tsx) */
  form: { required: '(pakollinen)' },
  site: {
    name: 'Perheverkko',
    tagline: 'Lapsiperheiden palvelut yhdestä paikasta',
    skipToContent: 'Siirry pääsisältöön',
    nav: 'Päävalikko',
    home: 'Etusivu',
    services: 'Palvelut',
    api: 'Avoin rajapinta (HSDS)',
    demoNotice: 'Esittelyaineisto: palvelujen yhteystiedot ja henkilöt ovat keksittyjä.',
    footer: 'Perheverkko – perhekeskuksen palvelut koko hyvinvointialueella.',
  },
  home: {
    title: 'Apua ja tukea lapsiperheille',
    lead: 'Löydä perhekeskuksen palvelut asuinkunnastasi riippumatta: neuvolat, perheneuvola, perhetyö, nuorten palvelut, järjestöt ja seurakunnat.',
    searchLabel: 'Mihin tarvitset apua?',
    searchHint: 'Esimerkiksi: perheneuvola, lapsi ei nuku, kuraattori',
    municipalityLabel: 'Asuinkunta',
    anyMunicipality: 'Kaikki kunnat',
    searchButton: 'Hae palveluja',
    topicsTitle: 'Usein haettuja aiheita',
    oneContactTitle: 'Etkö tiedä, mistä aloittaa?',
    oneContactText:
      'Perhekeskuksen ohjaus ja neuvonta auttaa yhdellä yhteydenotolla. Kerro tilanteesta, niin sinut ohjataan oikeaan palveluun.',
    oneContactLink: 'Ohjaus ja neuvonta',
    browseAll: 'Selaa kaikkia palveluja',
  },
  catalogue: {
    moreFilters: 'Lisää rajauksia: ikä, aihe, palvelutyyppi, asiointitapa, kieli',
    title: 'Palvelut',
    searchTitle: 'Hakutulokset: {q}',
    filters: 'Rajaa palveluja',
    query: 'Hakusana',
    municipality: 'Asuinkunta',
    municipalityHint: 'Näytetään palvelut, joita kunnan asukkaat voivat käyttää.',
    age: 'Lapsen ikä (vuotta)',
    topic: 'Aihe',
    serviceType: 'Palvelutyyppi',
    channel: 'Asiointitapa',
    language: 'Palvelukieli',
    any: 'Kaikki',
    apply: 'Näytä palvelut',
    clear: 'Tyhjennä rajaukset',
    results: { one: '1 palvelu', other: '{count} palvelua' },
    noResults: 'Hakuehdoilla ei löytynyt palveluja.',
    noResultsTopics: 'Tai selaa palveluja aiheen mukaan',
    noResultsHelp:
      'Kokeile toista sanaa tai poista rajauksia. Voit myös ottaa yhteyttä perhekeskuksen ohjaukseen ja neuvontaan, niin autamme löytämään oikean palvelun.',
    pagination: 'Sivut',
    previous: 'Edellinen',
    next: 'Seuraava',
    pageN: 'Sivu {n}',
    pageOf: 'Sivu {page} / {pages}',
    didYouMean: 'Tarkoititko',
    referralNeeded: 'Lähete tarvitaan',
    regionWide: 'Koko hyvinvointialue',
    ages: '{min}–{max}-vuotiaat',
    agesFrom: 'vähintään {min}-vuotiaat',
    agesTo: 'enintään {max}-vuotiaat',
    allAges: 'Kaikenikäiset',
  },
  channel: {
    visit: 'Käynti toimipisteessä',
    phone: 'Puhelin',
    chat: 'Chat',
    video: 'Videovastaanotto',
    home_visit: 'Kotikäynti',
    eservice: 'Sähköinen asiointi',
  },
  service: {
    organization: 'Järjestäjä',
    forWhom: 'Kenelle',
    area: 'Kenen käytettävissä',
    areaMunicipalities: 'Asukkaille kunnissa: {list}',
    ages: 'Ikä',
    eligibility: 'Edellytykset',
    howTo: 'Miten palveluun pääsee',
    channels: 'Asiointitavat',
    fees: 'Maksut',
    contact: 'Yhteystiedot',
    phone: 'Puhelin',
    email: 'Sähköposti',
    website: 'Verkkosivu',
    locations: 'Toimipisteet',
    directions: 'Näytä kartalla (OpenStreetMap)',
    transportation: 'Saapuminen',
    accessibility: 'Esteettömyys',
    hours: 'Aukioloajat',
    languages: 'Palvelukielet',
    topics: 'Aiheet',
    types: 'Palvelutyyppi',
    updated: 'Päivitetty {date}',
    onlyInFinnish: 'Palvelun tiedot ovat saatavilla vain suomeksi.',
    otherServices: 'Muut saman järjestäjän palvelut',
    backToList: 'Takaisin palveluihin',
  },
  organization: {
    services: 'Palvelut',
    contact: 'Yhteystiedot',
    kind: {
      region: 'Hyvinvointialue',
      municipality: 'Kunta',
      joint_authority: 'Kuntayhtymä',
      ngo: 'Järjestö',
      parish: 'Seurakunta',
      company: 'Yritys',
    },
  },
  day: { MO: 'ma', TU: 'ti', WE: 'ke', TH: 'to', FR: 'pe', SA: 'la', SU: 'su' },
  errorPage: {
    actionFailedTitle: 'Toiminto ei onnistunut',
    signInAgain: 'Kirjaudu uudelleen',
    notFoundTitle: 'Sivua ei löytynyt',
    notFoundText: 'Etsimääsi sivua ei ole tai se on siirtynyt. Voit hakea palveluja tai palata etusivulle.',
    errorTitle: 'Jotain meni vikaan',
    errorText:
      'Palvelussa tapahtui virhe. Mitään tallentamaasi ei ole menetetty. Yritä hetken kuluttua uudelleen.',
    badRequestTitle: 'Tarkista hakuehdot',
    goHome: 'Etusivulle',
    goSearch: 'Hae palveluja',
    reference: 'Virhetunnus: {id}',
    // the staff workspace's own error page (issue 10, finding 18)
    staffNotFoundText:
      'Sivua ei ole, tai sinulla ei ole siihen käyttöoikeutta. Tieto näkyy vain niille, joiden työhön se kuuluu.',
    goStaffHome: 'Työtilan etusivulle',
  },
  auth: authFi,
  access: accessFi,
  contacts: contactsFi,
  handoffs: handoffsFi,
  meetings: meetingsFi,
  consultations: consultationsFi,
  metrics: metricsFi,
  metricsData: metricsDataFi,
  matching: matchingFi,
  contactPublic: contactPublicFi,
  familyAppointment: familyAppointmentFi,
  meetingsFamily: meetingsFamilyFi,
  feedback: feedbackFi,
  contactStaff: contactStaffFi,
  admin: adminFi,
  network: networkFi,
  population: populationFi,
  consentModel: consentModelFi,
  notices: noticesFi,
  consentPages: consentPagesFi,
  surveys: surveysFi,
  thesaurus: thesaurusFi,
  errors: {
    ...authErrorsFi,
    ...accessErrorsFi,
    ...contactsErrorsFi,
    ...handoffsErrorsFi,
    ...meetingsErrorsFi,
    ...consultationsErrorsFi,
    ...metricsErrorsFi,
    ...familyAppointmentErrorsFi,
    ...meetingsFamilyErrorsFi,
    ...feedbackErrorsFi,
    ...matchingErrorsFi,
    ...adminErrorsFi,
    ...networkErrorsFi,
    ...populationErrorsFi,
    ...consentModelErrorsFi,
    ...consentPagesErrorsFi,
    ...surveysErrorsFi,
    ...thesaurusErrorsFi,
    'request.invalid': 'Pyynnössä on virheellisiä tietoja.',
    'request.too_long': 'Teksti on liian pitkä (enintään {max} merkkiä).',
    'request.not_a_number': 'Anna luku.',
    'request.out_of_range': 'Anna luku väliltä {min}–{max}.',
    'request.invalid_value': 'Arvo ei kelpaa.',
    'request.invalid_date': 'Anna päivämäärä ja aika ISO 8601 -muodossa.',
    'request.invalid_id': 'Tunniste ei ole kelvollinen.',
    'request.control_characters':
      'Tekstissä on ohjausmerkki (esimerkiksi NUL), jota ei voi tallentaa. Poista se ja yritä uudelleen.',
    'catalogue.unknown_filter_value': 'Tuntematon valinta: {value}.',
    'catalogue.page_out_of_range': 'Sivua {page} ei ole. Tuloksia on {pages} sivulla.',
    'catalogue.service_not_found': 'Palvelua ei löytynyt.',
    'catalogue.organization_not_found': 'Organisaatiota ei löytynyt.',
    'catalogue.service_at_location_not_found': 'Palvelupistettä ei löytynyt.',
    'catalogue.taxonomy_not_found': 'Luokitusta ei löytynyt.',
    'catalogue.taxonomy_term_not_found': 'Luokituksen termiä ei löytynyt.',
    'catalogue.not_found': 'Tietoa ei löytynyt.',
    'http.not_found': 'Osoitetta ei löytynyt.',
    'http.internal': 'Palvelussa tapahtui virhe.',
    'http.csrf':
      'Lomake on vanhentunut tai se ei tullut tästä palvelusta. Lataa sivu uudelleen ja yritä uudestaan.',
    'http.rate_limited': 'Liian monta pyyntöä lyhyessä ajassa. Odota hetki ja yritä uudelleen.',
    'http.bad_json': 'Pyynnön JSON-sisältö ei ole kelvollista.',
    'http.metrics_token':
      'Mittarit vaativat tunnisteen: Authorization: Bearer ja METRICS_TOKEN-asetuksen arvo.',
  },
};

export type Translations = typeof fi;
