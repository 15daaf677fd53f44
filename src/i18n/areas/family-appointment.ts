// Texts of the family's first appointment after a warm handoff (issue 10, finding 15): the status
// page that leads with the appointment, the unit's contact details, the calendar file, the
// request to move or cancel the time, and what staff see of such a request. fi is the source.
// Wired into ../fi.ts, ../sv.ts, ../en.ts as `familyAppointment`.

export const familyAppointmentFi = {
  /** "ti 8.12.2026 klo 9.00": the weekday before the date */
  weekdaysShort: ['su', 'ma', 'ti', 'ke', 'to', 'pe', 'la'],
  when: '{weekday} {date} klo {time}',
  /** the page's h1 when an appointment is set */
  title: 'Ensikäyntisi: {when}',
  lead: 'Perheneuvoja ohjasi sinut palveluun {service}. Sinulle on sovittu ensimmäinen tapaaminen.',
  leadVisited: 'Perheneuvoja ohjasi sinut palveluun {service}. Ensimmäinen tapaaminen on pidetty.',
  whenLabel: 'Milloin',
  whereLabel: 'Missä',
  withLabel: 'Kenen luona',
  serviceLabel: 'Palvelu',
  placeNotGiven: 'Yksikkö kertoo paikan. Kysy tarvittaessa alla olevista yhteystiedoista.',
  calendar: 'Lisää kalenteriin (.ics)',
  calendarHint: 'Tiedosto avautuu puhelimen tai tietokoneen kalenterissa.',
  contactTitle: 'Yhteystiedot: {unit}',
  phone: 'Puhelin',
  email: 'Sähköposti',
  address: 'Osoite',
  noContact: 'Yksikön yhteystietoja ei ole palveluhakemistossa. Kysy perheneuvojalta.',
  requestTitle: 'Pitääkö aikaa muuttaa tai perua?',
  requestText: 'Lähetä pyyntö yksikölle {unit}. Sieltä otetaan sinuun yhteyttä.',
  requestKind: 'Mitä haluat tehdä?',
  kindChange: 'Pyydän uutta aikaa',
  kindCancel: 'Peruutan ajan',
  requestMessage: 'Viesti yksikölle',
  requestHint: 'Kerro esimerkiksi, mitkä päivät ja kellonajat sinulle sopivat.',
  requestSend: 'Lähetä pyyntö',
  requestSent: 'Pyyntösi on lähetetty. Yksiköstä otetaan sinuun yhteyttä.',
  requestsTitle: 'Lähettämäsi pyynnöt',
  requestItem: '{when}: {kind}',
  kindDoneChange: 'pyysit uutta aikaa',
  kindDoneCancel: 'peruit ajan',
  /** the earlier steps, after the appointment */
  historyTitle: 'Yhteydenottosi perheneuvontaan',
  guidedOnward: 'Ohjattu eteenpäin',
  closedHint:
    'Perheneuvoja on ohjannut sinut eteenpäin, joten tähän ei voi enää kirjoittaa. Ajasta voit kirjoittaa yksikölle yllä.',
  /** staff: what the family asked, on the handoff page and in the lists */
  staff: {
    change: 'Perhe pyytää uutta aikaa',
    cancel: 'Perhe peruu ajan',
    requestsTitle: 'Perheen pyynnöt',
    requestsLead:
      'Perhe lähetti pyynnön tilannesivultaan. Uusi aika sovitaan siirtämällä ensikäyntiä; peruutuksessa saattaja peruuttaa saattaen vaihtamisen.',
    requestAbout: 'Aika, jota pyyntö koskee: {when}',
    handled: 'Käsitelty',
    open: 'Odottaa',
    withLabel: 'Kenen luona (valinnainen)',
    withHint: 'Esimerkiksi psykologi Maija Mallikas. Näkyy perheelle tilannesivulla.',
  },
};

export const familyAppointmentErrorsFi = {
  'handoff.request_kind_required': 'Valitse, pyydätkö uutta aikaa vai peruutatko ajan.',
  'handoff.request_text_required': 'Kerro, mitkä ajat sinulle sopivat.',
  'handoff.request_not_open': 'Tähän ohjaukseen ei ole sovittua aikaa, jota voisi muuttaa tai perua.',
};

export const familyAppointmentSv: typeof familyAppointmentFi = {
  weekdaysShort: ['sön', 'mån', 'tis', 'ons', 'tors', 'fre', 'lör'],
  when: '{weekday} {date} kl. {time}',
  title: 'Ditt första besök: {when}',
  lead: 'Rådgivaren hänvisade dig till tjänsten {service}. Du har fått en tid för det första mötet.',
  leadVisited: 'Rådgivaren hänvisade dig till tjänsten {service}. Det första mötet har hållits.',
  whenLabel: 'När',
  whereLabel: 'Var',
  withLabel: 'Hos vem',
  serviceLabel: 'Tjänst',
  placeNotGiven: 'Enheten meddelar platsen. Fråga vid behov via kontaktuppgifterna nedan.',
  calendar: 'Lägg till i kalendern (.ics)',
  calendarHint: 'Filen öppnas i kalendern på telefonen eller datorn.',
  contactTitle: 'Kontaktuppgifter: {unit}',
  phone: 'Telefon',
  email: 'E-post',
  address: 'Adress',
  noContact: 'Enhetens kontaktuppgifter finns inte i servicekatalogen. Fråga rådgivaren.',
  requestTitle: 'Behöver tiden ändras eller avbokas?',
  requestText: 'Skicka en begäran till enheten {unit}. De kontaktar dig.',
  requestKind: 'Vad vill du göra?',
  kindChange: 'Jag ber om en ny tid',
  kindCancel: 'Jag avbokar tiden',
  requestMessage: 'Meddelande till enheten',
  requestHint: 'Berätta till exempel vilka dagar och tider som passar dig.',
  requestSend: 'Skicka begäran',
  requestSent: 'Din begäran har skickats. Enheten kontaktar dig.',
  requestsTitle: 'Dina begäranden',
  requestItem: '{when}: {kind}',
  kindDoneChange: 'du bad om en ny tid',
  kindDoneCancel: 'du avbokade tiden',
  historyTitle: 'Din kontakt med familjecentrets rådgivning',
  guidedOnward: 'Hänvisad vidare',
  closedHint:
    'Rådgivaren har hänvisat dig vidare, så här kan du inte längre skriva. Om tiden kan du skriva till enheten ovan.',
  staff: {
    change: 'Familjen ber om en ny tid',
    cancel: 'Familjen avbokar tiden',
    requestsTitle: 'Familjens begäranden',
    requestsLead:
      'Familjen skickade en begäran från sin statussida. En ny tid avtalas genom att flytta första besöket; vid en avbokning avbryter den som överlämnade överlämningen.',
    requestAbout: 'Tiden som begäran gäller: {when}',
    handled: 'Behandlad',
    open: 'Väntar',
    withLabel: 'Hos vem (frivilligt)',
    withHint: 'Till exempel psykolog Maija Mallikas. Syns för familjen på statussidan.',
  },
};

export const familyAppointmentErrorsSv: typeof familyAppointmentErrorsFi = {
  'handoff.request_kind_required': 'Välj om du ber om en ny tid eller avbokar tiden.',
  'handoff.request_text_required': 'Berätta vilka tider som passar dig.',
  'handoff.request_not_open':
    'Det finns ingen avtalad tid i den här hänvisningen som kan ändras eller avbokas.',
};

export const familyAppointmentEn: typeof familyAppointmentFi = {
  weekdaysShort: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  when: '{weekday} {date} at {time}',
  title: 'Your first appointment: {when}',
  lead: 'The family counsellor referred you to {service}. Your first appointment has been set.',
  leadVisited: 'The family counsellor referred you to {service}. Your first appointment has been held.',
  whenLabel: 'When',
  whereLabel: 'Where',
  withLabel: 'With',
  serviceLabel: 'Service',
  placeNotGiven: 'The unit will tell you the place. If needed, ask using the contact details below.',
  calendar: 'Add to calendar (.ics)',
  calendarHint: 'The file opens in the calendar of your phone or computer.',
  contactTitle: 'Contact details: {unit}',
  phone: 'Phone',
  email: 'Email',
  address: 'Address',
  noContact: "The unit's contact details are not in the service directory. Ask the family counsellor.",
  requestTitle: 'Do you need to change or cancel the time?',
  requestText: 'Send a request to {unit}. They will contact you.',
  requestKind: 'What would you like to do?',
  kindChange: 'I ask for a new time',
  kindCancel: 'I cancel the appointment',
  requestMessage: 'Message to the unit',
  requestHint: 'For example, tell which days and times suit you.',
  requestSend: 'Send request',
  requestSent: 'Your request has been sent. The unit will contact you.',
  requestsTitle: 'Requests you have sent',
  requestItem: '{when}: {kind}',
  kindDoneChange: 'you asked for a new time',
  kindDoneCancel: 'you cancelled the appointment',
  historyTitle: 'Your request to the family counselling service',
  guidedOnward: 'Referred onward',
  closedHint:
    'The family counsellor has referred you onward, so you can no longer write here. About the appointment, you can write to the unit above.',
  staff: {
    change: 'The family asks for a new time',
    cancel: 'The family cancels the appointment',
    requestsTitle: "The family's requests",
    requestsLead:
      'The family sent a request from their status page. A new time is agreed by moving the first appointment; for a cancellation, the sender cancels the handoff.',
    requestAbout: 'The appointment the request is about: {when}',
    handled: 'Handled',
    open: 'Waiting',
    withLabel: 'With whom (optional)',
    withHint: 'For example, psychologist Maija Mallikas. Shown to the family on their status page.',
  },
};

export const familyAppointmentErrorsEn: typeof familyAppointmentErrorsFi = {
  'handoff.request_kind_required': 'Choose whether you ask for a new time or cancel the appointment.',
  'handoff.request_text_required': 'Tell which times suit you.',
  'handoff.request_not_open': 'This referral has no appointment that could be changed or cancelled.',
};
