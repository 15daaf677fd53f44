// Texts of the auth area in fi (source), sv and en; wired into ../fi.ts, ../sv.ts, ../en.ts.
// sv and en are typed against fi, so a missing translation fails the typecheck.
export const authFi = {
  signIn: 'Kirjaudu',
  signOut: 'Kirjaudu ulos',
  signedInAs: 'Kirjautunut: {name}',
  account: 'Käyttäjä',
  signInPage: {
    title: 'Kirjaudu Perheverkkoon',
    intro:
      'Ammattilaiset kirjautuvat hyvinvointialueen tunnistuspalvelulla, perheet Suomi.fi-tunnistuksella.',
    staff: 'Ammattilaisen kirjautuminen (hyvinvointialueen tunnistus)',
    client: 'Asiakkaan kirjautuminen (Suomi.fi-tunnistus)',
    noProviders: 'Tunnistuspalveluja ei ole määritetty tässä asennuksessa.',
    demoTitle: 'Demokäyttäjät',
    demoIntro: 'Esittelytilassa voit kirjautua kuvitteellisena käyttäjänä ilman tunnistusta.',
    demoName: 'Nimi',
    demoOrganization: 'Organisaatio',
    demoRoles: 'Roolit',
    demoSignInAs: 'Kirjaudu: {name}',
  },
  roles: {
    counsellor: 'neuvoja',
    receiving_worker: 'vastaanottavan yksikön työntekijä',
    partner: 'kumppaniammattilainen',
    manager: 'esihenkilö',
    catalogue_editor: 'palvelutietojen ylläpitäjä',
    administrator: 'pääkäyttäjä',
    dpo: 'tietosuojavastaava',
    client: 'asiakas',
  },
  myPage: {
    title: 'Omat tiedot',
    greeting: 'Hei {name}!',
    accessLog: 'Kuka on lukenut tietojani',
    accessLogHelp: 'Näet jokaisen kerran, kun ammattilainen on käsitellyt tietojasi, ja syyn siihen.',
    contactsTitle: 'Yhteydenottosi',
    contactsIntro: 'Yhteydenotot, jotka olet lähettänyt kirjautuneena. Avaa tilanne nähdäksesi vastaukset.',
    contactsNone: 'Et ole vielä lähettänyt yhteydenottoa kirjautuneena.',
    askLink: 'Pyydä neuvoa',
    reference: 'Tunnus',
    sent: 'Lähetetty',
    state: 'Tilanne',
    answer: 'Vastaus',
    promised: 'luvattu viimeistään {date}',
    closedOn: 'päättyi {date}',
    openStatus: 'Avaa tilanne',
    more: 'Näytetään uusimmat {count}.',
  },
  /** the header's link back to the client's own page, on the public pages */
  myPageLink: 'Omat tiedot',
};
export type AuthTexts = typeof authFi;
export const authSv: AuthTexts = {
  signIn: 'Logga in',
  signOut: 'Logga ut',
  signedInAs: 'Inloggad: {name}',
  account: 'Användare',
  signInPage: {
    title: 'Logga in i Perheverkko',
    intro:
      'Yrkespersoner loggar in med välfärdsområdets identifiering, familjer med Suomi.fi-identifikation.',
    staff: 'Inloggning för yrkespersoner (välfärdsområdets identifiering)',
    client: 'Inloggning för klienter (Suomi.fi-identifikation)',
    noProviders: 'Inga identifieringstjänster har ställts in i den här installationen.',
    demoTitle: 'Demoanvändare',
    demoIntro: 'I demoläget kan du logga in som en fiktiv användare utan identifiering.',
    demoName: 'Namn',
    demoOrganization: 'Organisation',
    demoRoles: 'Roller',
    demoSignInAs: 'Logga in: {name}',
  },
  roles: {
    counsellor: 'rådgivare',
    receiving_worker: 'anställd vid mottagande enhet',
    partner: 'partneryrkesperson',
    manager: 'chef',
    catalogue_editor: 'redaktör för serviceuppgifter',
    administrator: 'huvudanvändare',
    dpo: 'dataskyddsombud',
    client: 'klient',
  },
  myPage: {
    title: 'Mina uppgifter',
    greeting: 'Hej {name}!',
    accessLog: 'Vem har läst mina uppgifter',
    accessLogHelp: 'Du ser varje gång en yrkesperson har behandlat dina uppgifter, och varför.',
    contactsTitle: 'Dina kontakter',
    contactsIntro: 'Kontakter som du har skickat när du var inloggad. Öppna statusen för att se svaren.',
    contactsNone: 'Du har ännu inte skickat någon kontakt när du var inloggad.',
    askLink: 'Be om råd',
    reference: 'Kod',
    sent: 'Skickad',
    state: 'Status',
    answer: 'Svar',
    promised: 'utlovat senast {date}',
    closedOn: 'avslutades {date}',
    openStatus: 'Öppna status',
    more: 'De senaste {count} visas.',
  },
  myPageLink: 'Mina uppgifter',
};
export const authEn: AuthTexts = {
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedInAs: 'Signed in: {name}',
  account: 'User',
  signInPage: {
    title: 'Sign in to Perheverkko',
    intro:
      "Professionals sign in with the wellbeing services county's identity service, families with Suomi.fi e-Identification.",
    staff: "Sign in as a professional (the county's identity service)",
    client: 'Sign in as a client (Suomi.fi e-Identification)',
    noProviders: 'No identity services are configured in this installation.',
    demoTitle: 'Demo users',
    demoIntro: 'In demo mode you can sign in as a fictional user without identification.',
    demoName: 'Name',
    demoOrganization: 'Organisation',
    demoRoles: 'Roles',
    demoSignInAs: 'Sign in: {name}',
  },
  roles: {
    counsellor: 'counsellor',
    receiving_worker: 'receiving-unit worker',
    partner: 'partner professional',
    manager: 'manager',
    catalogue_editor: 'catalogue editor',
    administrator: 'administrator',
    dpo: 'data-protection officer',
    client: 'client',
  },
  myPage: {
    title: 'My data',
    greeting: 'Hello {name}!',
    accessLog: 'Who has read my data',
    accessLogHelp: 'You see every time a professional has handled your data, and the reason.',
    contactsTitle: 'Your contacts',
    contactsIntro: 'The contacts you have sent while signed in. Open the status to see the answers.',
    contactsNone: 'You have not sent a contact while signed in yet.',
    askLink: 'Ask for advice',
    reference: 'Reference',
    sent: 'Sent',
    state: 'Status',
    answer: 'Answer',
    promised: 'promised by {date}',
    closedOn: 'closed on {date}',
    openStatus: 'Open the status',
    more: 'The newest {count} are shown.',
  },
  myPageLink: 'My data',
};

/** Error codes of the area ('auth.something') with their messages. */
export const authErrorsFi = {
  'auth.unknown_demo_user': 'Demokäyttäjää {username} ei ole.',
  'auth.not_configured': 'Tätä kirjautumistapaa ei ole otettu käyttöön.',
  'auth.provider_unavailable': 'Tunnistuspalvelu ei vastaa juuri nyt. Yritä hetken kuluttua uudelleen.',
  'auth.bad_state':
    'Kirjautuminen vanhentui tai se aloitettiin toisessa selaimessa. Aloita kirjautuminen alusta.',
  'auth.sign_in_failed':
    'Tunnistuspalvelun vastausta ei voitu hyväksyä, joten et ole kirjautunut. Aloita kirjautuminen alusta.',
  'auth.unknown_staff':
    'Sinulla ei ole käyttäjätunnusta Perheverkossa. Pyydä organisaatiosi pääkäyttäjää lisäämään sinut.',
};
export const authErrorsSv: typeof authErrorsFi = {
  'auth.unknown_demo_user': 'Demoanvändaren {username} finns inte.',
  'auth.not_configured': 'Det här inloggningssättet har inte tagits i bruk.',
  'auth.provider_unavailable': 'Identifieringstjänsten svarar inte just nu. Försök igen om en stund.',
  'auth.bad_state': 'Inloggningen gick ut eller påbörjades i en annan webbläsare. Börja om inloggningen.',
  'auth.sign_in_failed':
    'Identifieringstjänstens svar kunde inte godkännas, så du är inte inloggad. Börja om inloggningen.',
  'auth.unknown_staff':
    'Du har inget användarkonto i Perheverkko. Be din organisations huvudanvändare att lägga till dig.',
};
export const authErrorsEn: typeof authErrorsFi = {
  'auth.unknown_demo_user': 'There is no demo user {username}.',
  'auth.not_configured': 'This way of signing in is not in use.',
  'auth.provider_unavailable': 'The identity service is not answering right now. Try again in a moment.',
  'auth.bad_state': 'The sign-in expired or was started in another browser. Start signing in again.',
  'auth.sign_in_failed':
    "The identity service's answer could not be accepted, so you are not signed in. Start signing in again.",
  'auth.unknown_staff': 'You have no user account in Perheverkko. Ask your administrator to add you.',
};
