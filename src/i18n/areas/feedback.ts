// Texts of the feedback after a contact (issue 13, capability 12): the form on a closed
// contact's status page (and its plain-language Finnish version, selkokieli), the thanks, and
// the managers' page of the region's comments. fi is the source. Wired into ../fi.ts, ../sv.ts,
// ../en.ts as `feedback`, its errors into `errors`.

/** One version of the family's form: the standard texts, or the plain-language ones. */
const formFi = {
  title: 'Saitko apua?',
  intro:
    'Vastaa kolmeen lyhyeen kysymykseen. Vastaus on nimetön: sitä ei yhdistetä sinuun eikä yhteydenottoosi, eikä kukaan näe, kuka vastasi.',
  gotHelp: 'Saiko yksi yhteydenotto sinulle apua?',
  gotHelpOptions: { yes: 'Kyllä', partly: 'Osittain', no: 'Ei' },
  ease: 'Kuinka helppoa meidät oli tavoittaa?',
  easeHint: '1 = hyvin vaikeaa, 5 = hyvin helppoa. Voit jättää vastaamatta.',
  easeOptions: { '1': '1 – hyvin vaikeaa', '2': '2', '3': '3', '4': '4', '5': '5 – hyvin helppoa' },
  comment: 'Mitä muuta haluat kertoa?',
  commentHint:
    'Vapaaehtoinen, enintään 2 000 merkkiä. Älä kirjoita nimiä äläkä henkilötunnuksia: palaute on nimetön.',
  send: 'Lähetä palaute',
  thanks: 'Kiitos palautteestasi! Sen avulla kehitämme palvelua.',
  errorTitle: 'Tarkista vastauksesi',
  gotHelpRequired: 'Valitse, saitko apua.',
  easeInvalid: 'Valitse luku 1–5 tai jätä kohta tyhjäksi.',
  tooLong: 'Kirjoita enintään 2 000 merkkiä.',
  back: 'Takaisin tilannesivulle',
};

export const feedbackFi = {
  /** the family's form on the status page */
  form: formFi,
  /** the same form in plain language (selkokieli): short sentences, everyday words */
  plain: {
    title: 'Saitko apua?',
    intro: 'Vastaa muutamaan kysymykseen. Et kerro nimeäsi. Kukaan ei tiedä, että vastaus on sinun.',
    gotHelp: 'Saitko apua, kun otit yhteyttä?',
    gotHelpOptions: { yes: 'Sain apua', partly: 'Sain vähän apua', no: 'En saanut apua' },
    ease: 'Oliko helppo saada meihin yhteys?',
    easeHint: 'Valitse numero. 1 on vaikea. 5 on helppo. Tähän ei ole pakko vastata.',
    easeOptions: { '1': '1 – vaikea', '2': '2', '3': '3', '4': '4', '5': '5 – helppo' },
    comment: 'Haluatko kertoa jotain muuta?',
    commentHint: 'Tähän ei ole pakko kirjoittaa. Älä kirjoita nimiä. Älä kirjoita henkilötunnusta.',
    send: 'Lähetä',
    thanks: 'Kiitos vastauksesta!',
    errorTitle: 'Vastauksessa on virhe',
    gotHelpRequired: 'Valitse, saitko apua.',
    easeInvalid: 'Valitse numero 1, 2, 3, 4 tai 5.',
    tooLong: 'Teksti on liian pitkä. Kirjoita lyhyemmin.',
    back: 'Takaisin',
  } satisfies typeof formFi,
  /** the links between the two versions (only the Finnish page has both) */
  plainLink: 'Selkokielellä',
  standardLink: 'Yleiskielellä',
  /** the managers' page of the region's comments */
  comments: {
    title: 'Palaute',
    lead: 'Perheiden vapaamuotoinen palaute yhteydenottojen jälkeen, uusin kuukausi ensin. Palaute on nimetöntä: siitä ei näe perhettä, yhteydenottoa, kuntaa eikä aikaa, vain kuukauden, jolloin yhteydenotto päättyi.',
    caption: 'Palautteet',
    month: 'Kuukausi',
    gotHelp: 'Saiko apua',
    comment: 'Palaute',
    none: 'Palautetta ei ole vielä annettu.',
    gotHelpValues: { yes: 'Kyllä', partly: 'Osittain', no: 'Ei' },
    pages: 'Sivu {page} / {pages}',
    pagination: 'Sivut',
    previous: 'Edelliset',
    next: 'Seuraavat',
  },
  nav: { feedback: 'Palaute' },
  home: { feedbackText: 'Perheiden nimetön palaute yhteydenottojen jälkeen.' },
};

export const feedbackErrorsFi = {
  'feedback.already_given': 'Olet jo antanut palautteen tästä yhteydenotosta. Kiitos!',
  'feedback.not_closed': 'Palautetta voi antaa, kun yhteydenotto on käsitelty.',
  'feedback.got_help_required': 'Valitse, saitko apua.',
  'feedback.ease_invalid': 'Valitse luku 1–5 tai jätä kohta tyhjäksi.',
  'feedback.month_invalid': 'Anna kuukausi muodossa VVVV-KK (esimerkiksi 2026-11).',
};

const formSv: typeof formFi = {
  title: 'Fick du hjälp?',
  intro:
    'Svara på tre korta frågor. Svaret är anonymt: det kopplas inte till dig eller din kontakt, och ingen ser vem som svarade.',
  gotHelp: 'Fick du hjälp av en enda kontakt?',
  gotHelpOptions: { yes: 'Ja', partly: 'Delvis', no: 'Nej' },
  ease: 'Hur lätt var det att nå oss?',
  easeHint: '1 = mycket svårt, 5 = mycket lätt. Du kan lämna frågan obesvarad.',
  easeOptions: { '1': '1 – mycket svårt', '2': '2', '3': '3', '4': '4', '5': '5 – mycket lätt' },
  comment: 'Vad mer vill du berätta?',
  commentHint:
    'Frivilligt, högst 2 000 tecken. Skriv inga namn och inga personbeteckningar: responsen är anonym.',
  send: 'Skicka respons',
  thanks: 'Tack för din respons! Med hjälp av den utvecklar vi tjänsten.',
  errorTitle: 'Kontrollera dina svar',
  gotHelpRequired: 'Välj om du fick hjälp.',
  easeInvalid: 'Välj ett tal 1–5 eller lämna frågan tom.',
  tooLong: 'Skriv högst 2 000 tecken.',
  back: 'Tillbaka till statussidan',
};

export const feedbackSv: typeof feedbackFi = {
  form: formSv,
  // the plain-language version is Finnish only (selkokieli); Swedish pages show the standard texts
  plain: formSv,
  plainLink: 'Lättläst',
  standardLink: 'Standardspråk',
  comments: {
    title: 'Respons',
    lead: 'Familjernas fritt formulerade respons efter kontakterna, den senaste månaden först. Responsen är anonym: den visar inte familjen, kontakten, kommunen eller tiden, bara månaden då kontakten avslutades.',
    caption: 'Respons',
    month: 'Månad',
    gotHelp: 'Fick hjälp',
    comment: 'Respons',
    none: 'Ingen respons har getts ännu.',
    gotHelpValues: { yes: 'Ja', partly: 'Delvis', no: 'Nej' },
    pages: 'Sida {page} / {pages}',
    pagination: 'Sidor',
    previous: 'Föregående',
    next: 'Nästa',
  },
  nav: { feedback: 'Respons' },
  home: { feedbackText: 'Familjernas anonyma respons efter kontakterna.' },
};

export const feedbackErrorsSv: typeof feedbackErrorsFi = {
  'feedback.already_given': 'Du har redan gett respons på den här kontakten. Tack!',
  'feedback.not_closed': 'Du kan ge respons när kontakten har behandlats.',
  'feedback.got_help_required': 'Välj om du fick hjälp.',
  'feedback.ease_invalid': 'Välj ett tal 1–5 eller lämna frågan tom.',
  'feedback.month_invalid': 'Ange månaden i formen ÅÅÅÅ-MM (till exempel 2026-11).',
};

const formEn: typeof formFi = {
  title: 'Did you get help?',
  intro:
    'Answer three short questions. Your answer is anonymous: it is not linked to you or your request, and nobody sees who answered.',
  gotHelp: 'Did one contact get you help?',
  gotHelpOptions: { yes: 'Yes', partly: 'Partly', no: 'No' },
  ease: 'How easy was it to reach us?',
  easeHint: '1 = very hard, 5 = very easy. You may leave this out.',
  easeOptions: { '1': '1 – very hard', '2': '2', '3': '3', '4': '4', '5': '5 – very easy' },
  comment: 'Is there anything else you want to tell us?',
  commentHint:
    'Optional, at most 2,000 characters. Do not write names or personal identity codes: the feedback is anonymous.',
  send: 'Send feedback',
  thanks: 'Thank you for your feedback! It helps us improve the service.',
  errorTitle: 'Check your answers',
  gotHelpRequired: 'Choose whether you got help.',
  easeInvalid: 'Choose a number from 1 to 5, or leave it out.',
  tooLong: 'Write at most 2,000 characters.',
  back: 'Back to the status page',
};

export const feedbackEn: typeof feedbackFi = {
  form: formEn,
  // the plain-language version is Finnish only (selkokieli); English pages show the standard texts
  plain: formEn,
  plainLink: 'Plain language',
  standardLink: 'Standard language',
  comments: {
    title: 'Feedback',
    lead: "Families' free-text feedback after their contacts, newest month first. The feedback is anonymous: it shows no family, contact, municipality or time, only the month the contact closed.",
    caption: 'Feedback',
    month: 'Month',
    gotHelp: 'Got help',
    comment: 'Feedback',
    none: 'No feedback has been given yet.',
    gotHelpValues: { yes: 'Yes', partly: 'Partly', no: 'No' },
    pages: 'Page {page} of {pages}',
    pagination: 'Pages',
    previous: 'Previous',
    next: 'Next',
  },
  nav: { feedback: 'Feedback' },
  home: { feedbackText: "Families' anonymous feedback after their contacts." },
};

export const feedbackErrorsEn: typeof feedbackErrorsFi = {
  'feedback.already_given': 'You have already given feedback on this request. Thank you!',
  'feedback.not_closed': 'You can give feedback once your request has been handled.',
  'feedback.got_help_required': 'Choose whether you got help.',
  'feedback.ease_invalid': 'Choose a number from 1 to 5, or leave it out.',
  'feedback.month_invalid': 'Give the month as YYYY-MM (for example 2026-11).',
};
