// Texts of the consent model (src/features/consent/model.ts): a consent in plain language, its
// data categories and purposes, and the consent services' error messages. The pages' own
// texts are in consent.ts. fi is the source. Wired into ../fi.ts, ../sv.ts, ../en.ts as
// `consentModel` and, for the errors, into `errors`.

export const consentModelFi = {
  /** "Varkauden perheneuvola saa nähdä henkilön Mikko yhteydenotosta kartoituksen …" */
  sentencePermit:
    '{recipients} saa nähdä henkilön {subject} yhteydenotosta {categories} {purpose} {until} asti.',
  sentenceDeny: '{recipients} ei saa nähdä henkilön {subject} yhteydenotosta {categories} ({until} asti).',
  /** the same with more than one recipient (the verb in plural) */
  sentencePermitMany:
    '{recipients} saavat nähdä henkilön {subject} yhteydenotosta {categories} {purpose} {until} asti.',
  sentenceDenyMany:
    '{recipients} eivät saa nähdä henkilön {subject} yhteydenotosta {categories} ({until} asti).',
  and: 'ja',
  guardians: 'huoltajat',
  /** the object form ("saa nähdä …") */
  categories: {
    contact: 'yhteystiedot',
    mapping: 'tilannekartoituksen',
    record_entries: 'kirjaukset',
    handoff_summary: 'yhteenvedon vastaanottajalle',
    meeting_agreements: 'tapaamisten sopimukset',
  },
  /** the purpose as it follows the categories */
  purposes: {
    arranging_service: 'palvelun järjestämiseksi',
    family_counselling: 'perheneuvonnan järjestämiseksi',
    co_work: 'yhteistyötä varten',
    meeting: 'yhteistä tapaamista varten',
    other: 'tarkoitukseen',
  },
  purposeOther: 'tarkoitukseen ”{text}”',
  /** the neutral e-mail to each recipient organisation when a consent is withdrawn (no client data) */
  withdrawnMail: {
    subject: 'Suostumus peruutettu: {reference}',
    text: 'Suostumus, joka koskee viitettä {reference}, on peruutettu {date}. Sen kattamia tietoja ei enää luovuteta organisaatiollenne. Jo luovutetut tiedot säilyvät rekisterissänne sen omien sääntöjen mukaan. Lisätiedot Perheverkon työtilassa.',
  },
};

export type ConsentModelTexts = typeof consentModelFi;

export const consentModelSv: ConsentModelTexts = {
  sentencePermit:
    '{recipients} får se {categories} i kontakten som gäller {subject} {purpose} till och med {until}.',
  sentenceDeny:
    '{recipients} får inte se {categories} i kontakten som gäller {subject} (till och med {until}).',
  sentencePermitMany:
    '{recipients} får se {categories} i kontakten som gäller {subject} {purpose} till och med {until}.',
  sentenceDenyMany:
    '{recipients} får inte se {categories} i kontakten som gäller {subject} (till och med {until}).',
  and: 'och',
  guardians: 'vårdnadshavarna',
  categories: {
    contact: 'kontaktuppgifterna',
    mapping: 'kartläggningen',
    record_entries: 'anteckningarna',
    handoff_summary: 'sammanfattningen för mottagaren',
    meeting_agreements: 'överenskommelserna från mötena',
  },
  purposes: {
    arranging_service: 'för att ordna en tjänst',
    family_counselling: 'för att ordna familjerådgivning',
    co_work: 'för samarbete',
    meeting: 'för ett gemensamt möte',
    other: 'för ändamålet',
  },
  purposeOther: 'för ändamålet ”{text}”',
  withdrawnMail: {
    subject: 'Samtycke återkallat: {reference}',
    text: 'Samtycket som gäller referensen {reference} återkallades {date}. Uppgifter som det omfattade lämnas inte längre ut till er organisation. Uppgifter som redan lämnats ut finns kvar i ert register enligt dess egna regler. Mer information i Perheverkkos arbetsyta.',
  },
};

export const consentModelEn: ConsentModelTexts = {
  sentencePermit: '{recipients} may see {categories} of {subject}’s contact, {purpose}, until {until}.',
  sentenceDeny: '{recipients} may not see {categories} of {subject}’s contact (until {until}).',
  sentencePermitMany: '{recipients} may see {categories} of {subject}’s contact, {purpose}, until {until}.',
  sentenceDenyMany: '{recipients} may not see {categories} of {subject}’s contact (until {until}).',
  and: 'and',
  guardians: 'the guardians',
  categories: {
    contact: 'the contact details',
    mapping: 'the mapping',
    record_entries: 'the record entries',
    handoff_summary: 'the handoff summary',
    meeting_agreements: 'the meeting agreements',
  },
  purposes: {
    arranging_service: 'for arranging a service',
    family_counselling: 'for arranging family counselling',
    co_work: 'for working together',
    meeting: 'for a joint meeting',
    other: 'for the purpose',
  },
  purposeOther: 'for the purpose “{text}”',
  withdrawnMail: {
    subject: 'Consent withdrawn: {reference}',
    text: 'A consent concerning reference {reference} was withdrawn on {date}. The data it covered is no longer disclosed to your organisation. Data already disclosed stays in your register under its own rules. More in the Perheverkko workspace.',
  },
};

export const consentModelErrorsFi = {
  'consent.not_found': 'Suostumusta ei löytynyt.',
  'consent.no_custody': 'Antajalla ei ole oikeutta päättää tämän henkilön tiedoista.',
  'consent.period_ends_before_start': 'Voimassaolo ei voi päättyä ennen kuin se alkaa.',
  'consent.unknown_registry': 'Organisaatiota ei löydy tältä hyvinvointialueelta.',
  'consent.recipient_is_source': 'Vastaanottaja ei voi olla sama rekisteri, josta tiedot luovutetaan.',
  'consent.request_not_open': 'Pyyntöön on jo vastattu, tai se on vanhentunut tai peruttu.',
  'consent.not_your_consent': 'Suostumus ei ole sinun etkä ole sen henkilön huoltaja.',
  'consent.minor_capable_decides': 'Nuori on arvioitu kykeneväksi päättämään itse näistä tiedoista.',
  'consent.justification_too_short': 'Kirjoita peruste vähintään {min} merkillä.',
  'consent.review_note_required': 'Kirjoita, mitä tarkastit, ennen kuin merkitset luovutuksen tarkastetuksi.',
  'consent.unknown_person': 'Henkilöä ei löytynyt tästä yhteydenotosta.',
  'consent.not_active': 'Suostumus ei ole enää voimassa.',
  'consent.already_confirmed': 'Olet jo vahvistanut tämän suostumuksen.',
  'consent.statutory_too_long': 'Luovutus voi olla voimassa enintään {max} päivää.',
  'consent.told_how_to_withdraw': 'Kerro asiakkaalle, miten suostumuksen voi peruuttaa.',
};

export type ConsentModelErrors = Record<keyof typeof consentModelErrorsFi, string>;

export const consentModelErrorsSv: ConsentModelErrors = {
  'consent.not_found': 'Samtycket hittades inte.',
  'consent.no_custody': 'Den som ger samtycket har inte rätt att besluta om personens uppgifter.',
  'consent.period_ends_before_start': 'Giltighetstiden kan inte sluta innan den börjar.',
  'consent.unknown_registry': 'Organisationen finns inte i detta välfärdsområde.',
  'consent.recipient_is_source': 'Mottagaren kan inte vara samma register som uppgifterna lämnas ut från.',
  'consent.request_not_open': 'Begäran har redan besvarats, har gått ut eller har återkallats.',
  'consent.not_your_consent': 'Samtycket är inte ditt och du är inte personens vårdnadshavare.',
  'consent.minor_capable_decides': 'Den unga har bedömts kunna besluta själv om dessa uppgifter.',
  'consent.justification_too_short': 'Skriv en motivering med minst {min} tecken.',
  'consent.review_note_required': 'Skriv vad du granskade innan du markerar utlämnandet som granskat.',
  'consent.unknown_person': 'Personen hittades inte i denna kontakt.',
  'consent.not_active': 'Samtycket gäller inte längre.',
  'consent.already_confirmed': 'Du har redan bekräftat detta samtycke.',
  'consent.statutory_too_long': 'Utlämnandet kan gälla i högst {max} dagar.',
  'consent.told_how_to_withdraw': 'Berätta för klienten hur samtycket kan återkallas.',
};

export const consentModelErrorsEn: ConsentModelErrors = {
  'consent.not_found': 'The consent was not found.',
  'consent.no_custody': 'The person giving consent has no right to decide about this person’s data.',
  'consent.period_ends_before_start': 'The period cannot end before it starts.',
  'consent.unknown_registry': 'The organisation is not one of this region’s.',
  'consent.recipient_is_source': 'The recipient cannot be the registry the data is disclosed from.',
  'consent.request_not_open': 'The request has already been answered, has expired or was cancelled.',
  'consent.not_your_consent': 'The consent is not yours and you are not that person’s guardian.',
  'consent.minor_capable_decides': 'The young person has been assessed capable of deciding about this data.',
  'consent.justification_too_short': 'Write a justification of at least {min} characters.',
  'consent.review_note_required': 'Write what you checked before you mark the disclosure as reviewed.',
  'consent.unknown_person': 'The person was not found in this contact.',
  'consent.not_active': 'The consent is no longer in force.',
  'consent.already_confirmed': 'You have already confirmed this consent.',
  'consent.statutory_too_long': 'A disclosure can be in force for at most {max} days.',
  'consent.told_how_to_withdraw': 'Tell the client how to withdraw the consent.',
};
