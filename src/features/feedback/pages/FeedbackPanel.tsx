/**
 * The feedback part of a closed contact's status page (rendered there through a port that
 * app.ts wires, so the contact point does not import feedback): the form, or the thanks once
 * the contact has answered. A Finnish page links to the plain-language version and back.
 */
import { type Lang, translations } from '../../../i18n/index.ts';
import { emptyFeedback, FeedbackForm, feedbackTexts } from './FeedbackForm.tsx';

export interface FeedbackPanelProps {
  lang: Lang;
  /** the contact has answered */
  given: boolean;
  /** just answered (?feedback=thanks): the thanks is announced */
  thanked: boolean;
  plain: boolean;
  action: string;
  /** the status page, plain-language and standard (for the switch between them) */
  plainHref: string;
  standardHref: string;
  csrf: string;
}

export function FeedbackPanel(props: FeedbackPanelProps) {
  const { lang, plain } = props;
  const t = feedbackTexts(lang, plain);
  const tf = translations(lang).feedback;
  return (
    <section aria-labelledby="feedback-title" id="feedback" className="card" data-qa="status-feedback">
      <h2 id="feedback-title" tabIndex={-1}>
        {t.title}
      </h2>
      {props.given ? (
        <p
          className={props.thanked ? 'notice success' : undefined}
          role={props.thanked ? 'status' : undefined}
          data-qa="feedback-thanks"
        >
          {t.thanks}
        </p>
      ) : (
        <>
          {lang === 'fi' ? (
            <p>
              <a href={plain ? props.standardHref : props.plainHref} data-qa="feedback-plain-switch">
                {plain ? tf.standardLink : tf.plainLink}
              </a>
            </p>
          ) : null}
          <p>{t.intro}</p>
          <FeedbackForm
            lang={lang}
            plain={plain}
            action={props.action}
            csrf={props.csrf}
            values={emptyFeedback}
            problems={[]}
          />
        </>
      )}
    </section>
  );
}
