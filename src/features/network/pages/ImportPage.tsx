import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import { type ImportProblem, type ImportReport, importProblemText } from '../csv-import.ts';
import { OPTIONAL_COLUMNS, PROFESSIONAL_COLUMNS, UNIT_COLUMNS } from '../schema.ts';
import { IMPORT_PATH, NETWORK_PATH } from './parts.tsx';

export interface ImportPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  values: { units: string; professionals: string };
  /** the import was refused: every problem */
  problems: ImportProblem[];
  /** a problem with the request as a whole (no file given) */
  message?: string;
  report: ImportReport | null;
}

/** CSV import without JavaScript or file upload: the files' contents pasted into text areas. */
export function ImportPage(props: ImportPageProps) {
  const { lang, problems, report } = props;
  const tn = translations(lang).network;
  const ti = tn.import;
  const files = [
    { name: 'units' as const, label: ti.unitsLabel, columns: UNIT_COLUMNS },
    { name: 'professionals' as const, label: ti.professionalsLabel, columns: PROFESSIONAL_COLUMNS },
  ];
  const fileProblems = (file: 'units' | 'professionals') => problems.some((p) => p.file === file);
  return (
    <StaffLayout {...props} title={ti.title} path={IMPORT_PATH} current="network">
      <p>
        <a href={`/${lang}${NETWORK_PATH}`}>{tn.unit.back}</a>
      </p>
      <h1>{ti.title}</h1>
      <p>{ti.lead}</p>
      {report ? (
        <div className="notice success" role="status" data-qa="import-report">
          <h2>{ti.resultTitle}</h2>
          <ul>
            {files.map((f) => (
              <li key={f.name}>{format(ti.result, { file: ti.files[f.name], ...report[f.name] })}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {problems.length > 0 || props.message ? (
        <div className="error-summary" role="alert" data-qa="import-problems">
          <h2>{props.message ?? format(ti.errorsTitle, { count: problems.length })}</h2>
          {problems.length > 0 ? (
            <ul>
              {problems.map((p) => (
                <li key={`${p.file}.${p.row}.${p.column}.${p.code}.${JSON.stringify(p.params ?? {})}`}>
                  <a href={`#${p.file}`}>{importProblemText(lang, p)}</a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <form method="post" action={`/${lang}${IMPORT_PATH}`} noValidate data-qa="import-form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        {files.map((f) => (
          <div className="field" key={f.name}>
            <label htmlFor={f.name}>{f.label}</label>
            <span className="hint" id={`${f.name}-hint`}>
              {format(ti.columns, { columns: [...f.columns, ...OPTIONAL_COLUMNS].join(', ') })}
            </span>
            <textarea
              id={f.name}
              name={f.name}
              rows={10}
              spellCheck={false}
              defaultValue={props.values[f.name]}
              data-qa={`field-${f.name}`}
              aria-describedby={`${f.name}-hint import-lists-hint`}
              aria-invalid={fileProblems(f.name) ? true : undefined}
            />
          </div>
        ))}
        <p className="hint" id="import-lists-hint">
          {ti.listsHint}
        </p>
        <p>
          <button type="submit" className="button" data-qa="import-submit">
            {ti.submit}
          </button>
        </p>
      </form>
    </StaffLayout>
  );
}
