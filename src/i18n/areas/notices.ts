// Texts of the privacy notice, the accessibility statement and the cookie note (features/notices)
// in fi (source), sv and en; wired into ../fi.ts, ../sv.ts, ../en.ts. The region's own facts
// (controller, addresses, e-mails, date) come from region.notices; {placeholders} are filled in.
// What the texts say is what the product does: see docs/notices.md before changing a claim.

export const noticesFi = {
  links: {
    label: 'Tietoa palvelusta',
    privacy: 'Tietosuojaseloste',
    accessibility: 'Saavutettavuusseloste',
    cookies: 'Evästeet',
  },
  /** next to the free-text and safety questions of "Pyydä neuvoa" */
  askNote: 'Kerro vain se, mitä haluat. Lue, miten tietojasi käsitellään ja suojataan:',
  askNoteLink: 'tietosuojaseloste',
  notGiven: 'hyvinvointialueen verkkosivuilla',
  more: 'Lisätietoa hyvinvointialueelta',
  privacy: {
    title: 'Tietosuojaseloste',
    lead: 'Tässä kerrotaan, miten {controller} käsittelee henkilötietojasi Perheverkossa: kun haet palveluja, pyydät neuvoa, seuraat yhteydenottosi tilannetta tai kirjaudut sisään. (EU:n tietosuoja-asetus, 13 ja 14 artikla.)',
    controllerTitle: 'Rekisterinpitäjä ja yhteystiedot',
    controller: 'Rekisterinpitäjä',
    address: 'Postiosoite',
    registry: 'Kirjaamo',
    dpo: 'Tietosuojavastaava',
    purposesTitle: 'Mihin tietojasi käytetään',
    purposes: [
      'Yhteydenottosi ("Pyydä neuvoa", puhelu tai käynti) käsittelyyn: perheneuvoja selvittää tilanteen, neuvoo ja ohjaa sopivaan palveluun.',
      'Vastaamiseen valitsemallasi tavalla (puhelu, tekstiviesti tai sähköposti) ja ilmoituksiin siitä, että tilannesivullasi on uutta.',
      'Ohjaamiseen toiseen palveluun (saattaen vaihtaminen), kun olet siihen suostunut.',
      'Kiireellisen tilanteen hoitamiseen: vaaraa tai väkivaltaa koskevat vastaukset nostavat yhteydenoton jonossa kiireelliseksi.',
      'Kirjautumiseen ja sen turvaamiseen sekä sen seuraamiseen, kuka on käsitellyt tietojasi.',
    ],
    dataTitle: 'Mitä tietoja käsitellään',
    data: [
      'Se, mitä lomakkeelle kirjoitat: nimi (vapaaehtoinen), puhelinnumero tai sähköposti, asuinkunta, lasten iät, aiheet ja oma kuvauksesi tilanteesta.',
      'Turvallisuutta koskevat vastauksesi (onko joku vaarassa, onko kotona väkivaltaa). Ne, samoin kuin terveyttä ja jaksamista koskevat kuvaukset, ovat erityisiä henkilötietoja.',
      'Perheneuvojan kirjaukset: tilanteen kartoitus, annettu neuvonta, viestit ja yhteydenoton lopputulos.',
      'Kun kirjaudut Suomi.fi-tunnistuksella: nimesi ja henkilötunnuksesi (henkilötunnus tallennetaan salattuna).',
      'Tekniset tiedot: istunnon tunniste ja lokitieto siitä, kuka on lukenut tai muuttanut tietojasi. Sovelluksen teknisiin lokeihin ei kirjoiteta henkilötietoja.',
    ],
    basisTitle: 'Käsittelyn peruste',
    basis: [
      'Hyvinvointialueen lakisääteinen tehtävä järjestää sosiaalipalveluja, kuten ohjausta ja neuvontaa (sosiaalihuoltolaki 1301/2014): tietosuoja-asetuksen 6 artiklan 1 kohdan c ja e alakohta.',
      'Erityiset henkilötiedot (esimerkiksi väkivaltaa tai terveyttä koskevat tiedot): tietosuoja-asetuksen 9 artiklan 2 kohdan h alakohta (sosiaalihuolto) sekä tietosuojalaki (1050/2018).',
      'Yhteydenotot ja kirjaukset ovat sosiaalihuollon asiakastietoja, joiden käsittelystä säädetään laissa sosiaali- ja terveydenhuollon asiakastietojen käsittelystä (703/2023).',
      'Nimen antaminen on vapaaehtoista: voit pyytää neuvoa myös nimettömänä.',
    ],
    recipientsTitle: 'Kenelle tietoja luovutetaan',
    recipients: [
      'Palvelulle tai yksikölle, johon sinut ohjataan, vain sinun suostumuksellasi ja vain ohjaamiseen tarvittavat tiedot.',
      'Lastensuojelulle, kun laki velvoittaa tekemään lastensuojeluilmoituksen, ja hätätilanteessa hätäkeskukselle tai poliisille.',
      'Tietoja käsittelevät rekisterinpitäjän lukuun sen sopimuskumppanit: järjestelmän ylläpito sekä sähköpostin ja tekstiviestien välitys.',
      'Tietoja ei siirretä EU:n tai ETA:n ulkopuolelle.',
    ],
    retentionTitle: 'Kuinka kauan tietoja säilytetään',
    retention: [
      'Yhteydenotot ja niiden kirjaukset säilytetään sosiaalihuollon asiakasasiakirjoina niin kauan kuin asiakastietoja koskeva lainsäädäntö edellyttää; niitä ei voi poistaa palvelusta käsin.',
      'Lokitieto siitä, kuka on käsitellyt tietojasi, säilytetään {days} päivää.',
      'Kirjautuminen päättyy, kun kirjaudut ulos, {idle} minuutin käyttämättömyyden jälkeen tai viimeistään {hours} tunnin kuluttua.',
    ],
    rightsTitle: 'Oikeutesi',
    rights: [
      'Saada tietää, mitä tietoja sinusta käsitellään, ja saada niistä kopio (15 artikla). Kirjautunut asiakas näkee itse, kuka on lukenut hänen tietojaan.',
      'Vaatia virheellisen tiedon oikaisemista (16 artikla).',
      'Vaatia käsittelyn rajoittamista (18 artikla) ja vastustaa käsittelyä (21 artikla) silloin kun laki sen sallii. Lakisääteisiä asiakasasiakirjoja ei poisteta pyynnöstä (17 artiklan 3 kohta).',
      'Tehdä valitus valvontaviranomaiselle: tietosuojavaltuutetun toimisto, tietosuoja.fi.',
    ],
    rightsHow:
      'Pyynnöt osoitetaan kirjaamoon. Automaattisia päätöksiä ei tehdä: palveluehdotukset ovat perheneuvojan apuna, ja ihminen päättää aina.',
  },
  accessibility: {
    title: 'Saavutettavuusseloste',
    lead: 'Tämä seloste koskee Perheverkon julkisia sivuja ja asiointia ({controller}). Saavutettavuusvaatimuksista säädetään laissa digitaalisten palvelujen tarjoamisesta (306/2019).',
    statusTitle: 'Saavutettavuuden tila',
    status:
      'Palvelu täyttää saavutettavuusvaatimukset (WCAG 2.1, tasot A ja AA) osittain. Alla on kerrottu, mitkä sisällöt eivät vielä täytä vaatimuksia.',
    gapsTitle: 'Sisällöt, jotka eivät ole saavutettavia',
    gaps: [
      'Palvelujen kuvaukset ovat palveluntuottajien kirjoittamia: niiden selkeyttä ja rakennetta ei ole tarkistettu, ja osa on vain suomeksi. Toisella kielellä kuin sivun kieli olevat tekstit on merkitty, jotta ruudunlukija lukee ne oikein (WCAG 3.1.2).',
      'Palvelua ei ole vielä testattu käsin ruudunlukijoilla (esimerkiksi NVDA, VoiceOver, TalkBack), joten kaikkia puutteita ei välttämättä tunneta.',
      'Karttalinkit vievät OpenStreetMapiin ja tunnistautuminen Suomi.fi-palveluun. Ne ovat muiden ylläpitämiä palveluja, joita tämä seloste ei koske.',
    ],
    assessmentTitle: 'Miten saavutettavuus on arvioitu',
    assessment:
      'Seloste perustuu itsearvioon. Jokainen julkinen sivutyyppi tarkistetaan automaattisesti (axe-core) suomeksi, ruotsiksi ja englanniksi sekä 320 pikselin levyisellä näytöllä; sivut toimivat ilman JavaScriptiä ja näppäimistöllä. Ulkopuolista arviointia ei ole vielä tehty.',
    dated: 'Seloste on laadittu {date}.',
    feedbackTitle: 'Anna palautetta saavutettavuudesta',
    feedback:
      'Huomasitko puutteen? Kerro siitä, niin korjaamme sen. Voit myös pyytää sisällön, joka ei ole saavutettava, toisessa muodossa. Vastaamme kahden viikon kuluessa.',
    feedbackEmail: 'Sähköposti',
    authorityTitle: 'Valvontaviranomainen',
    authority:
      'Jos et saa vastausta kahden viikon kuluessa tai vastaus ei tyydytä sinua, voit tehdä ilmoituksen valvontaviranomaiselle. Digitaalisten palvelujen saavutettavuutta valvoo Liikenne- ja viestintävirasto Traficom (vuoteen 2024 asti Etelä-Suomen aluehallintovirasto).',
    authorityLink: 'saavutettavuusvaatimukset.fi',
  },
  cookies: {
    title: 'Evästeet',
    lead: 'Perheverkko käyttää vain palvelun toiminnan kannalta välttämättömiä evästeitä. Niihin ei tarvita suostumustasi, eikä palvelussa ole analytiikka-, mainos- tai seurantaevästeitä eikä muiden sivustojen sisältöä.',
    name: 'Eväste',
    purpose: 'Mihin sitä käytetään',
    duration: 'Kesto',
    session: 'Kirjautuminen: kertoo palvelulle, kuka on kirjautunut. Asetetaan vasta, kun kirjaudut.',
    sessionDuration: 'enintään {hours} tuntia, päättyy uloskirjautuessa',
    login: 'Kirjautumisen aloitus: yhdistää tunnistautumisesta palaavan selaimen aloitettuun kirjautumiseen.',
    loginDuration: '{minutes} minuuttia',
    csrf: 'Lomakkeiden suojaus: varmistaa, että lähetetty lomake tuli tästä palvelusta.',
    csrfDuration: 'kunnes suljet selaimen',
    storage: 'Palvelu ei tallenna selaimeesi muuta tietoa.',
  },
};

type NoticesTexts = typeof noticesFi;

export const noticesSv: NoticesTexts = {
  links: {
    label: 'Om tjänsten',
    privacy: 'Dataskyddsbeskrivning',
    accessibility: 'Tillgänglighetsutlåtande',
    cookies: 'Kakor',
  },
  askNote: 'Berätta bara det du vill. Läs hur dina uppgifter behandlas och skyddas:',
  askNoteLink: 'dataskyddsbeskrivning',
  notGiven: 'på välfärdsområdets webbplats',
  more: 'Mer information från välfärdsområdet',
  privacy: {
    title: 'Dataskyddsbeskrivning',
    lead: 'Här berättar vi hur {controller} behandlar dina personuppgifter i Perheverkko: när du söker tjänster, ber om råd, följer hur din kontakt framskrider eller loggar in. (EU:s dataskyddsförordning, artiklarna 13 och 14.)',
    controllerTitle: 'Personuppgiftsansvarig och kontaktuppgifter',
    controller: 'Personuppgiftsansvarig',
    address: 'Postadress',
    registry: 'Registratorskontoret',
    dpo: 'Dataskyddsombud',
    purposesTitle: 'Vad dina uppgifter används till',
    purposes: [
      'För att behandla din kontakt ("Be om råd", samtal eller besök): rådgivaren reder ut situationen, ger råd och hänvisar till en lämplig tjänst.',
      'För att svara på det sätt du valt (samtal, sms eller e-post) och meddela att det finns nytt på din statussida.',
      'För att hänvisa dig vidare till en annan tjänst (handledd överföring), när du har samtyckt till det.',
      'För att sköta brådskande situationer: svar om fara eller våld gör kontakten brådskande i kön.',
      'För inloggning och dess säkerhet samt för att följa upp vem som har behandlat dina uppgifter.',
    ],
    dataTitle: 'Vilka uppgifter som behandlas',
    data: [
      'Det du skriver i formuläret: namn (frivilligt), telefonnummer eller e-post, hemkommun, barnens åldrar, ämnen och din egen beskrivning av situationen.',
      'Dina svar om säkerhet (är någon i fara, förekommer våld i hemmet). De, liksom beskrivningar av hälsa och ork, är särskilda kategorier av personuppgifter.',
      'Rådgivarens anteckningar: kartläggning av situationen, given rådgivning, meddelanden och kontaktens resultat.',
      'När du loggar in med Suomi.fi-identifikation: ditt namn och din personbeteckning (personbeteckningen sparas krypterad).',
      'Tekniska uppgifter: sessionens identifierare och loggen över vem som har läst eller ändrat dina uppgifter. Inga personuppgifter skrivs i applikationens tekniska loggar.',
    ],
    basisTitle: 'Grund för behandlingen',
    basis: [
      'Välfärdsområdets lagstadgade uppgift att ordna socialservice, såsom handledning och rådgivning (socialvårdslagen 1301/2014): dataskyddsförordningens artikel 6.1 c och e.',
      'Särskilda kategorier av personuppgifter (till exempel uppgifter om våld eller hälsa): dataskyddsförordningens artikel 9.2 h (socialvård) samt dataskyddslagen (1050/2018).',
      'Kontakter och anteckningar är klientuppgifter inom socialvården; behandlingen regleras i lagen om behandling av klientuppgifter inom social- och hälsovården (703/2023).',
      'Att uppge namn är frivilligt: du kan också be om råd anonymt.',
    ],
    recipientsTitle: 'Till vem uppgifter lämnas ut',
    recipients: [
      'Till den tjänst eller enhet du hänvisas till, bara med ditt samtycke och bara de uppgifter som behövs för hänvisningen.',
      'Till barnskyddet, när lagen förpliktar att göra en barnskyddsanmälan, och i en nödsituation till nödcentralen eller polisen.',
      'Den personuppgiftsansvariges avtalspartner behandlar uppgifter för dess räkning: systemets underhåll samt förmedling av e-post och sms.',
      'Uppgifter överförs inte utanför EU eller EES.',
    ],
    retentionTitle: 'Hur länge uppgifterna sparas',
    retention: [
      'Kontakter och anteckningar sparas som klienthandlingar inom socialvården så länge lagstiftningen om klientuppgifter kräver; de kan inte raderas för hand i tjänsten.',
      'Loggen över vem som har behandlat dina uppgifter sparas i {days} dagar.',
      'Inloggningen upphör när du loggar ut, efter {idle} minuter utan användning eller senast efter {hours} timmar.',
    ],
    rightsTitle: 'Dina rättigheter',
    rights: [
      'Att få veta vilka uppgifter om dig som behandlas och få en kopia av dem (artikel 15). En inloggad klient ser själv vem som har läst hens uppgifter.',
      'Att kräva att felaktiga uppgifter rättas (artikel 16).',
      'Att kräva begränsning av behandlingen (artikel 18) och invända mot behandlingen (artikel 21) när lagen tillåter det. Lagstadgade klienthandlingar raderas inte på begäran (artikel 17.3).',
      'Att lämna klagomål till tillsynsmyndigheten: dataombudsmannens byrå, tietosuoja.fi.',
    ],
    rightsHow:
      'Begäranden riktas till registratorskontoret. Inga automatiska beslut fattas: förslag på tjänster är ett stöd för rådgivaren, och det är alltid en människa som beslutar.',
  },
  accessibility: {
    title: 'Tillgänglighetsutlåtande',
    lead: 'Detta utlåtande gäller Perheverkkos offentliga sidor och e-tjänst ({controller}). Kraven på tillgänglighet anges i lagen om tillhandahållande av digitala tjänster (306/2019).',
    statusTitle: 'Tillgänglighetsstatus',
    status:
      'Tjänsten uppfyller tillgänglighetskraven (WCAG 2.1, nivå A och AA) delvis. Nedan anges vilket innehåll som ännu inte uppfyller kraven.',
    gapsTitle: 'Innehåll som inte är tillgängligt',
    gaps: [
      'Beskrivningarna av tjänster är skrivna av dem som producerar tjänsterna: deras tydlighet och struktur har inte granskats, och en del finns bara på finska. Texter på ett annat språk än sidans är märkta så att skärmläsare läser dem rätt (WCAG 3.1.2).',
      'Tjänsten har ännu inte testats för hand med skärmläsare (till exempel NVDA, VoiceOver, TalkBack), så alla brister är inte nödvändigtvis kända.',
      'Kartlänkarna leder till OpenStreetMap och identifieringen till Suomi.fi. De är tjänster som andra upprätthåller och som detta utlåtande inte gäller.',
    ],
    assessmentTitle: 'Hur tillgängligheten har bedömts',
    assessment:
      'Utlåtandet bygger på en självbedömning. Varje typ av offentlig sida kontrolleras automatiskt (axe-core) på finska, svenska och engelska samt på en 320 pixlar bred skärm; sidorna fungerar utan JavaScript och med tangentbord. Någon extern bedömning har ännu inte gjorts.',
    dated: 'Utlåtandet har utarbetats {date}.',
    feedbackTitle: 'Ge respons om tillgängligheten',
    feedback:
      'Märkte du en brist? Berätta om den, så rättar vi den. Du kan också begära innehåll som inte är tillgängligt i en annan form. Vi svarar inom två veckor.',
    feedbackEmail: 'E-post',
    authorityTitle: 'Tillsynsmyndighet',
    authority:
      'Om du inte får svar inom två veckor eller inte är nöjd med svaret kan du anmäla saken till tillsynsmyndigheten. Tillgängligheten hos digitala tjänster övervakas av Transport- och kommunikationsverket Traficom (till och med 2024 Regionförvaltningsverket i Södra Finland).',
    authorityLink: 'saavutettavuusvaatimukset.fi',
  },
  cookies: {
    title: 'Kakor',
    lead: 'Perheverkko använder bara kakor som är nödvändiga för att tjänsten ska fungera. De kräver inte ditt samtycke, och tjänsten har inga analys-, reklam- eller spårningskakor och inget innehåll från andra webbplatser.',
    name: 'Kaka',
    purpose: 'Vad den används till',
    duration: 'Giltighetstid',
    session: 'Inloggning: berättar för tjänsten vem som är inloggad. Sätts först när du loggar in.',
    sessionDuration: 'högst {hours} timmar, upphör vid utloggning',
    login:
      'Början av inloggningen: kopplar webbläsaren som återvänder från identifieringen till den påbörjade inloggningen.',
    loginDuration: '{minutes} minuter',
    csrf: 'Skydd av formulär: säkerställer att ett skickat formulär kom från denna tjänst.',
    csrfDuration: 'tills du stänger webbläsaren',
    storage: 'Tjänsten sparar ingen annan information i din webbläsare.',
  },
};

export const noticesEn: NoticesTexts = {
  links: {
    label: 'About this service',
    privacy: 'Privacy notice',
    accessibility: 'Accessibility statement',
    cookies: 'Cookies',
  },
  askNote: 'Tell only what you want to. Read how your information is handled and protected:',
  askNoteLink: 'privacy notice',
  notGiven: "on the wellbeing services county's website",
  more: 'More from the wellbeing services county',
  privacy: {
    title: 'Privacy notice',
    lead: 'How {controller} processes your personal data in Perheverkko: when you look for services, ask for advice, follow how your contact is going or sign in. (EU General Data Protection Regulation, Articles 13 and 14.)',
    controllerTitle: 'Controller and contact details',
    controller: 'Controller',
    address: 'Postal address',
    registry: 'Registry office',
    dpo: 'Data protection officer',
    purposesTitle: 'What your data is used for',
    purposes: [
      'To handle your contact ("Ask for advice", a call or a visit): a family counsellor looks into the situation, gives advice and guides you to a suitable service.',
      'To answer the way you chose (a call, a text message or e-mail) and to tell you that your status page has news.',
      'To guide you on to another service (a warm handoff), when you have agreed to it.',
      'To handle urgent situations: answers about danger or violence make the contact urgent in the queue.',
      'For signing in and keeping it secure, and to record who has processed your data.',
    ],
    dataTitle: 'What data is processed',
    data: [
      'What you write in the form: name (optional), phone number or e-mail, home municipality, the children’s ages, topics and your own description of the situation.',
      'Your answers about safety (is someone in danger, is there violence at home). They, like descriptions of health and coping, are special categories of personal data.',
      'The family counsellor’s records: the mapping of the situation, the advice given, messages and the outcome of the contact.',
      'When you sign in with Suomi.fi identification: your name and personal identity code (the code is stored encrypted).',
      'Technical data: the session identifier and the log of who has read or changed your data. No personal data is written to the application’s technical logs.',
    ],
    basisTitle: 'Legal basis',
    basis: [
      'The wellbeing services county’s statutory duty to arrange social services such as guidance and counselling (Social Welfare Act 1301/2014): GDPR Article 6(1)(c) and (e).',
      'Special categories of data (for example about violence or health): GDPR Article 9(2)(h) (social care) and the Data Protection Act (1050/2018).',
      'Contacts and records are social-welfare client data, governed by the Act on the Processing of Client Data in Healthcare and Social Welfare (703/2023).',
      'Giving your name is optional: you can also ask for advice anonymously.',
    ],
    recipientsTitle: 'Who receives the data',
    recipients: [
      'The service or unit you are guided to, only with your agreement and only what the handoff needs.',
      'Child welfare services, when the law requires a child welfare notification, and in an emergency the emergency response centre or the police.',
      'Processors acting for the controller: the system’s maintenance and the delivery of e-mail and text messages.',
      'No data is transferred outside the EU or the EEA.',
    ],
    retentionTitle: 'How long data is kept',
    retention: [
      'Contacts and their records are kept as social-welfare client documents for as long as the legislation on client data requires; they cannot be deleted by hand in the service.',
      'The log of who has processed your data is kept for {days} days.',
      'A sign-in ends when you sign out, after {idle} minutes without use, or at the latest after {hours} hours.',
    ],
    rightsTitle: 'Your rights',
    rights: [
      'To know what data about you is processed and to get a copy (Article 15). A signed-in client can see who has read their data.',
      'To have inaccurate data corrected (Article 16).',
      'To ask for restriction (Article 18) and to object (Article 21) where the law allows. Statutory client documents are not erased on request (Article 17(3)).',
      'To lodge a complaint with the supervisory authority: the Office of the Data Protection Ombudsman, tietosuoja.fi.',
    ],
    rightsHow:
      'Send requests to the registry office. No automated decisions are made: service suggestions help the family counsellor, and a person always decides.',
  },
  accessibility: {
    title: 'Accessibility statement',
    lead: 'This statement covers Perheverkko’s public pages and e-service ({controller}). The accessibility requirements are laid down in the Act on the Provision of Digital Services (306/2019).',
    statusTitle: 'Compliance status',
    status:
      'The service partially conforms with the accessibility requirements (WCAG 2.1, levels A and AA). The content that does not yet conform is listed below.',
    gapsTitle: 'Non-accessible content',
    gaps: [
      'Service descriptions are written by the service providers: their clarity and structure have not been checked, and some are in Finnish only. Text in another language than the page’s is marked so that screen readers read it correctly (WCAG 3.1.2).',
      'The service has not yet been tested by hand with screen readers (for example NVDA, VoiceOver, TalkBack), so not every gap may be known.',
      'Map links lead to OpenStreetMap and identification to Suomi.fi. They are services run by others, not covered by this statement.',
    ],
    assessmentTitle: 'How accessibility was assessed',
    assessment:
      'This statement is based on a self-assessment. Every public page type is checked automatically (axe-core) in Finnish, Swedish and English and on a screen 320 pixels wide; the pages work without JavaScript and with a keyboard. No external audit has been made yet.',
    dated: 'This statement was prepared on {date}.',
    feedbackTitle: 'Feedback on accessibility',
    feedback:
      'Did you notice a gap? Tell us and we will fix it. You can also ask for content that is not accessible in another form. We answer within two weeks.',
    feedbackEmail: 'E-mail',
    authorityTitle: 'Supervisory authority',
    authority:
      'If you get no answer within two weeks or are not satisfied with it, you can notify the supervisory authority. The accessibility of digital services is supervised by the Finnish Transport and Communications Agency Traficom (until 2024 the Regional State Administrative Agency for Southern Finland).',
    authorityLink: 'saavutettavuusvaatimukset.fi',
  },
  cookies: {
    title: 'Cookies',
    lead: 'Perheverkko uses only cookies that the service needs to work. They need no consent, and the service has no analytics, advertising or tracking cookies and no content from other sites.',
    name: 'Cookie',
    purpose: 'What it is for',
    duration: 'Duration',
    session: 'Signing in: tells the service who is signed in. Set only when you sign in.',
    sessionDuration: 'at most {hours} hours, ends when you sign out',
    login:
      'Starting a sign-in: connects the browser returning from identification to the sign-in it started.',
    loginDuration: '{minutes} minutes',
    csrf: 'Form protection: makes sure that a form sent came from this service.',
    csrfDuration: 'until you close the browser',
    storage: 'The service stores nothing else in your browser.',
  },
};
