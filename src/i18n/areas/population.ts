// Texts of the child-population import (the administrator's page, the CLI's problems) in fi
// (source), sv and en; wired into ../fi.ts, ../sv.ts, ../en.ts. sv and en are typed against
// fi, so a missing translation fails the typecheck.
export const populationFi = {
  nav: { population: 'Lapsiväestö' },
  home: {
    text: 'Kuntien 0–17-vuotiaiden määrä, johon yhteydenottoja suhteutetaan: tuonti Tilastokeskukselta.',
  },
  page: {
    title: 'Lapsiväestö kunnittain',
    lead: 'Kuntien 0–17-vuotiaiden lasten määrä 31.12. on mittareiden jakaja (yhteydenotot 1 000 lasta kohden). Tuo Tilastokeskuksen taulukko 11re tai oma CSV-tiedosto. Saman vuoden uusi tuonti korvaa vuoden aiemmat luvut.',
    currentTitle: 'Nykyiset luvut',
    currentNone: 'Alueelle ei ole vielä tuotu väestötietoja.',
    caption: 'Lapset 0–17 v. kunnittain ja vuosittain, lähde ja tuontiaika',
    municipality: 'Kunta',
    year: 'Vuosi',
    children: 'Lapset 0–17 v.',
    source: 'Lähde',
    imported: 'Tuotu',
    importedBy: '{date}, {who}',
    /** who imported, when it was not a person */
    importers: { 'demo seed': 'Esittelyaineisto', 'command line': 'komentorivi' } as Record<string, string>,
    sources: {
      statfin_11re: 'Tilastokeskus, taulukko 11re',
      plain_csv: 'CSV-tiedosto',
      estimate: 'arvio',
    },
    estimateNote:
      'Arvio: kunnan väkiluku × valtakunnallinen 0–17-vuotiaiden osuus (noin 18 %). Korvaa se tuomalla Tilastokeskuksen luvut.',
    formTitle: 'Tuo väestötiedot',
    csvLabel: 'CSV-tiedoston sisältö',
    csvHint:
      'Avaa tiedosto tekstieditorissa ja liitä koko sisältö tähän. Tilastokeskuksen PxWeb-palvelussa: Väestörakenne → 11re, valitse alueen kunnat, vuosi, sukupuoli (yhteensä) ja iät 0–17, ja tallenna puolipisteillä eroteltuna CSV-tiedostona. Oma tiedosto: sarakkeet kunta, vuosi, lapset_0_17 (kunnan koodi tai nimi).',
    preview: 'Esikatsele',
    previewTitle: 'Esikatselu: näin tiedot tallennetaan',
    previewLead: 'Mitään ei ole vielä tallennettu. Tarkista luvut ja vahvista tallennus.',
    form: {
      statfin_11re: 'Tilastokeskuksen taulukko 11re',
      plain_csv: 'CSV-tiedosto (kunta, vuosi, lapset)',
    },
    formRead: 'Tiedosto luettiin muodossa: {form}.',
    previewCaption: 'Tallennettavat luvut',
    now: 'Nyt',
    change: 'Muutos',
    changes: { new: 'uusi', replaced: 'korvaa aiemman', unchanged: 'ennallaan' },
    ignoredTitle: 'Ohitetut rivit (eivät ole kuntia)',
    ignoredRow: 'rivi {line}: {area}',
    missingTitle: 'Alueen kunnat, joita tiedostossa ei ole (niiden tallennetut luvut säilyvät)',
    missingYear: '{year}: {names}',
    confirm: 'Vahvista ja tallenna',
    cancel: 'Peruuta',
    savedTitle: 'Väestötiedot tallennettiin',
    saved: '{created} uutta, {replaced} korvattu, {unchanged} ennallaan (vuodet {years}).',
    problemsTitle: 'Tiedostossa on {count} virhettä. Mitään ei tallennettu.',
    line: 'Rivi {line}: {message}',
  },
};
export type PopulationTexts = typeof populationFi;

export const populationSv: PopulationTexts = {
  nav: { population: 'Barnbefolkning' },
  home: {
    text: 'Antalet 0–17-åringar i kommunerna som kontakterna ställs i relation till: import från Statistikcentralen.',
  },
  page: {
    title: 'Barnbefolkning per kommun',
    lead: 'Antalet barn i åldern 0–17 år i kommunerna den 31.12 är nämnaren i mätarna (kontakter per 1 000 barn). Importera Statistikcentralens tabell 11re eller en egen CSV-fil. En ny import för samma år ersätter årets tidigare siffror.',
    currentTitle: 'Nuvarande siffror',
    currentNone: 'Inga befolkningsuppgifter har ännu importerats för området.',
    caption: 'Barn 0–17 år per kommun och år, källa och importtid',
    municipality: 'Kommun',
    year: 'År',
    children: 'Barn 0–17 år',
    source: 'Källa',
    imported: 'Importerad',
    importedBy: '{date}, {who}',
    /** who imported, when it was not a person */
    importers: { 'demo seed': 'Demodata', 'command line': 'kommandoraden' } as Record<string, string>,
    sources: {
      statfin_11re: 'Statistikcentralen, tabell 11re',
      plain_csv: 'CSV-fil',
      estimate: 'uppskattning',
    },
    estimateNote:
      'Uppskattning: kommunens folkmängd × den nationella andelen 0–17-åringar (cirka 18 %). Ersätt den genom att importera Statistikcentralens siffror.',
    formTitle: 'Importera befolkningsuppgifter',
    csvLabel: 'CSV-filens innehåll',
    csvHint:
      'Öppna filen i en textredigerare och klistra in hela innehållet här. I Statistikcentralens PxWeb-tjänst: Befolkningsstruktur → 11re, välj områdets kommuner, år, kön (totalt) och åldrarna 0–17 och spara som semikolonavgränsad CSV-fil. Egen fil: kolumnerna kommun, år, barn_0_17 (kommunens kod eller namn).',
    preview: 'Förhandsgranska',
    previewTitle: 'Förhandsgranskning: så här sparas uppgifterna',
    previewLead: 'Ingenting har sparats ännu. Kontrollera siffrorna och bekräfta.',
    form: {
      statfin_11re: 'Statistikcentralens tabell 11re',
      plain_csv: 'CSV-fil (kommun, år, barn)',
    },
    formRead: 'Filen lästes i formatet: {form}.',
    previewCaption: 'Siffror som sparas',
    now: 'Nu',
    change: 'Ändring',
    changes: { new: 'ny', replaced: 'ersätter tidigare', unchanged: 'oförändrad' },
    ignoredTitle: 'Överhoppade rader (inte kommuner)',
    ignoredRow: 'rad {line}: {area}',
    missingTitle: 'Områdets kommuner som saknas i filen (deras sparade siffror behålls)',
    missingYear: '{year}: {names}',
    confirm: 'Bekräfta och spara',
    cancel: 'Avbryt',
    savedTitle: 'Befolkningsuppgifterna sparades',
    saved: '{created} nya, {replaced} ersatta, {unchanged} oförändrade (år {years}).',
    problemsTitle: 'Filen har {count} fel. Ingenting sparades.',
    line: 'Rad {line}: {message}',
  },
};

export const populationEn: PopulationTexts = {
  nav: { population: 'Child population' },
  home: {
    text: 'The number of 0–17-year-olds in each municipality that contacts are related to: import from Statistics Finland.',
  },
  page: {
    title: 'Child population by municipality',
    lead: 'The number of children aged 0–17 in each municipality on 31.12 is the denominator of the metrics (contacts per 1,000 children). Import Statistics Finland’s table 11re or a CSV file of your own. A new import of the same year replaces that year’s earlier figures.',
    currentTitle: 'Current figures',
    currentNone: 'No population figures have been imported for the region yet.',
    caption: 'Children aged 0–17 by municipality and year, source and time of import',
    municipality: 'Municipality',
    year: 'Year',
    children: 'Children 0–17',
    source: 'Source',
    imported: 'Imported',
    importedBy: '{date}, {who}',
    /** who imported, when it was not a person */
    importers: { 'demo seed': 'demo data', 'command line': 'command line' } as Record<string, string>,
    sources: {
      statfin_11re: 'Statistics Finland, table 11re',
      plain_csv: 'CSV file',
      estimate: 'estimate',
    },
    estimateNote:
      'Estimate: the municipality’s population × the national share of 0–17-year-olds (about 18 %). Replace it by importing Statistics Finland’s figures.',
    formTitle: 'Import population figures',
    csvLabel: 'The CSV file’s content',
    csvHint:
      'Open the file in a text editor and paste all of it here. In Statistics Finland’s PxWeb: Population structure → 11re, choose the region’s municipalities, the year, sex (total) and ages 0–17, and save as a semicolon-separated CSV file. A file of your own: the columns municipality, year, children_0_17 (the municipality’s code or name).',
    preview: 'Preview',
    previewTitle: 'Preview: this is what will be saved',
    previewLead: 'Nothing has been saved yet. Check the figures and confirm.',
    form: {
      statfin_11re: 'Statistics Finland’s table 11re',
      plain_csv: 'CSV file (municipality, year, children)',
    },
    formRead: 'The file was read as: {form}.',
    previewCaption: 'Figures to be saved',
    now: 'Now',
    change: 'Change',
    changes: { new: 'new', replaced: 'replaces the earlier', unchanged: 'unchanged' },
    ignoredTitle: 'Rows skipped (not municipalities)',
    ignoredRow: 'line {line}: {area}',
    missingTitle: 'The region’s municipalities not in the file (their stored figures are kept)',
    missingYear: '{year}: {names}',
    confirm: 'Confirm and save',
    cancel: 'Cancel',
    savedTitle: 'The population figures were saved',
    saved: '{created} new, {replaced} replaced, {unchanged} unchanged (years {years}).',
    problemsTitle: 'The file has {count} problems. Nothing was saved.',
    line: 'Line {line}: {message}',
  },
};

/** Error codes of the area ('population.something') with their messages. */
export const populationErrorsFi = {
  'population.unknown_municipality':
    'Tuntematon kunta: {value}. Anna kunnan koodi (esim. 297 tai KU297) tai nimi.',
  'population.other_region':
    'Kunta {value} kuuluu toiseen hyvinvointialueeseen: sen lukuja ei voi tuoda tälle alueelle.',
  'population.negative_count': 'Lukumäärä ei voi olla negatiivinen: {value}.',
  'population.not_a_number': 'Lukumäärän pitää olla kokonaisluku: {value}.',
  'population.invalid_year': 'Vuosi ei kelpaa: {value}. Anna vuosi väliltä 1990–2100.',
  'population.missing_column': 'Otsikkoriviltä puuttuu sarake: {column}.',
  'population.empty_file': 'Tiedosto on tyhjä: siinä pitää olla otsikkorivi ja vähintään yksi tietorivi.',
  'population.no_municipalities':
    'Tiedostossa ei ole yhtään alueen kunnan riviä (vain koko maa tai maakuntia).',
  'population.unreadable': 'Tiedostoa ei voi lukea CSV-muodossa (tarkista lainausmerkit).',
  'population.duplicate_row': 'Sama tieto on tiedostossa jo rivillä {other}.',
  'population.unknown_sex': 'Tuntematon sukupuoli: {value}. Käytä arvoja yhteensä, miehet tai naiset.',
  'population.unknown_age': 'Tuntematon ikä: {value}. Valitse taulukosta yhden vuoden ikäryhmät 0–17.',
  'population.one_sex_only':
    '{value} {year}: tiedostossa on vain toinen sukupuoli. Valitse sukupuoleksi yhteensä, tai sekä miehet että naiset.',
  'population.incomplete_ages': '{value} {year}: ikävuosia puuttuu ({missing}). Valitse kaikki iät 0–17.',
  'population.empty_paste': 'Liitä CSV-tiedoston sisältö.',
};
export const populationErrorsSv: typeof populationErrorsFi = {
  'population.unknown_municipality':
    'Okänd kommun: {value}. Ange kommunens kod (t.ex. 297 eller KU297) eller namn.',
  'population.other_region':
    'Kommunen {value} hör till ett annat välfärdsområde: dess siffror kan inte importeras till det här området.',
  'population.negative_count': 'Antalet kan inte vara negativt: {value}.',
  'population.not_a_number': 'Antalet ska vara ett heltal: {value}.',
  'population.invalid_year': 'Året duger inte: {value}. Ange ett år mellan 1990 och 2100.',
  'population.missing_column': 'Rubrikraden saknar kolumnen: {column}.',
  'population.empty_file': 'Filen är tom: den ska ha en rubrikrad och minst en rad med uppgifter.',
  'population.no_municipalities':
    'Filen har inga rader för områdets kommuner (endast hela landet eller landskap).',
  'population.unreadable': 'Filen kan inte läsas som CSV (kontrollera citattecknen).',
  'population.duplicate_row': 'Samma uppgift finns redan i filen på rad {other}.',
  'population.unknown_sex': 'Okänt kön: {value}. Använd totalt, män eller kvinnor.',
  'population.unknown_age': 'Okänd ålder: {value}. Välj ettåriga åldersgrupper 0–17 i tabellen.',
  'population.one_sex_only':
    '{value} {year}: filen har bara det ena könet. Välj totalt som kön, eller både män och kvinnor.',
  'population.incomplete_ages': '{value} {year}: åldrar saknas ({missing}). Välj alla åldrar 0–17.',
  'population.empty_paste': 'Klistra in CSV-filens innehåll.',
};
export const populationErrorsEn: typeof populationErrorsFi = {
  'population.unknown_municipality':
    'Unknown municipality: {value}. Give the municipality’s code (e.g. 297 or KU297) or name.',
  'population.other_region':
    'The municipality {value} belongs to another wellbeing services county: its figures cannot be imported into this region.',
  'population.negative_count': 'A count cannot be negative: {value}.',
  'population.not_a_number': 'A count must be a whole number: {value}.',
  'population.invalid_year': 'Not a valid year: {value}. Give a year between 1990 and 2100.',
  'population.missing_column': 'The header row is missing the column: {column}.',
  'population.empty_file': 'The file is empty: it needs a header row and at least one row of figures.',
  'population.no_municipalities':
    'The file has no rows for the region’s municipalities (only the whole country or regions).',
  'population.unreadable': 'The file cannot be read as CSV (check the quotation marks).',
  'population.duplicate_row': 'The same figure is already in the file on line {other}.',
  'population.unknown_sex': 'Unknown sex: {value}. Use total, males or females.',
  'population.unknown_age': 'Unknown age: {value}. Choose the one-year age groups 0–17 in the table.',
  'population.one_sex_only':
    '{value} {year}: the file has only one sex. Choose total as the sex, or both males and females.',
  'population.incomplete_ages': '{value} {year}: ages are missing ({missing}). Choose all ages 0–17.',
  'population.empty_paste': 'Paste the content of the CSV file.',
};
