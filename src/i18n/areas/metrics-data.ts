// Labels of the metrics' breakdown keys (src/features/metrics/report.ts): what the summary
// tables keep as a code, in words. Wired into ../fi.ts, ../sv.ts, ../en.ts as `metricsData`.

export const metricsDataFi = {
  unknown: 'Ei tiedossa',
  noAge: 'Ikää ei kerrottu',
  ageGroup: '{group} v.',
  noAnswer: 'Ei vastattu',
  noMethod: 'Ei kirjattua menetelmää',
  language: { fi: 'Suomi', sv: 'Ruotsi', en: 'Englanti' } as Record<string, string>,
  gotHelp: { yes: 'Kyllä', partly: 'Osittain', no: 'Ei' } as Record<string, string>,
};

export type MetricsDataTexts = typeof metricsDataFi;

export const metricsDataSv: MetricsDataTexts = {
  unknown: 'Okänd',
  noAge: 'Åldern inte angiven',
  ageGroup: '{group} år',
  noAnswer: 'Inget svar',
  noMethod: 'Ingen registrerad metod',
  language: { fi: 'Finska', sv: 'Svenska', en: 'Engelska' },
  gotHelp: { yes: 'Ja', partly: 'Delvis', no: 'Nej' },
};

export const metricsDataEn: MetricsDataTexts = {
  unknown: 'Not known',
  noAge: 'Age not given',
  ageGroup: '{group} years',
  noAnswer: 'Not answered',
  noMethod: 'No method recorded',
  language: { fi: 'Finnish', sv: 'Swedish', en: 'English' },
  gotHelp: { yes: 'Yes', partly: 'Partly', no: 'No' },
};
