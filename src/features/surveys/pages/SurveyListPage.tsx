/** The region's surveys, and the form of a new one (a draft). */
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { countCell, shownText } from '../../../platform/suppression.ts';
import { DataTable } from '../../../ui/DataTable.tsx';
import {
  ErrorSummary,
  type FormModel,
  type FormProblem,
  type FormValues,
  summaryItems,
} from '../../../ui/forms.tsx';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import type { SurveyListRow } from '../queries.ts';
import { day, LIST_PATH, Localized, SettingsFields, surveyPath } from './parts.tsx';

export interface SurveyListPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  surveys: SurveyListRow[];
  values: FormValues;
  problems: readonly FormProblem[];
}

export function SurveyListPage(props: SurveyListPageProps) {
  const { lang, surveys, values, problems } = props;
  const t = translations(lang).surveys;
  const tl = t.list;
  const form: FormModel = { lang, id: 'new', values, problems };
  return (
    <StaffLayout {...props} title={tl.title} path={LIST_PATH} current="surveys">
      <h1>{tl.title}</h1>
      <p className="lead-small">{tl.lead}</p>
      {surveys.length === 0 ? (
        <p className="notice" data-qa="surveys-empty">
          {tl.empty}
        </p>
      ) : (
        <DataTable
          qa="surveys"
          caption={format(tl.caption, { count: surveys.length })}
          rows={surveys}
          rowKey={(s) => s.id}
          rowQa={(s) => `survey-${s.id}`}
          columns={[
            {
              header: tl.colTitle,
              rowHeader: true,
              cell: (s) => (
                <a href={`/${lang}${surveyPath(s.id)}`}>
                  <Localized text={s.title} lang={lang} />
                </a>
              ),
            },
            { header: tl.colAudience, cell: (s) => t.audience[s.audience] },
            { header: tl.colState, cell: (s) => t.state[s.state] },
            {
              header: tl.colPeriod,
              cell: (s) => format(tl.period, { from: day(s.opensOn), to: day(s.closesOn) }),
            },
            { header: tl.colResponses, cell: (s) => shownText(countCell(s.responses), String) },
          ]}
        />
      )}
      <h2 id="new-survey">{tl.newTitle}</h2>
      <ErrorSummary title={t.settings.errorTitle} items={summaryItems(form)} focus={problems.length > 0} />
      <form method="post" action={`/${lang}${LIST_PATH}`} noValidate data-qa="new-survey-form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <SettingsFields form={form} />
        <button type="submit" className="button" data-qa="create-survey">
          {t.settings.create}
        </button>
      </form>
    </StaffLayout>
  );
}
