// "In an emergency call 112": always one step away (the header of every public page links here).
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { PageAccount } from '../../../ui/Layout.tsx';
import { ASK_PATHS, EMERGENCY_PATHS, Layout } from '../../../ui/Layout.tsx';
import { NUMBERS, QuickExit, telHref, workingDaysText } from './PublicParts.tsx';

export function PublicEmergencyPage({
  lang,
  socialPhone,
  workingDays,
  account,
}: {
  lang: Lang;
  socialPhone: string | null;
  workingDays: number;
  account?: PageAccount;
}) {
  const t = translations(lang).contactPublic;
  const te = t.emergency;
  const call = (number: string, qa: string) => (
    <p>
      <a className="call" href={telHref(number)} data-qa={qa}>
        {format(te.call, { number })}
      </a>
    </p>
  );
  return (
    <Layout lang={lang} title={te.title} path="" paths={EMERGENCY_PATHS} {...account}>
      <QuickExit lang={lang} />
      <h1>{te.title}</h1>
      <p className="lead">{te.lead}</p>

      <section className="emergency-box" aria-labelledby="e-112" data-qa="emergency-112">
        <h2 id="e-112">{te.call112}</h2>
        <p>{te.text112}</p>
        {call(NUMBERS.emergency, 'call-112')}
      </section>

      <section className="card helpline" aria-labelledby="e-social" data-qa="emergency-social">
        <h2 id="e-social">{te.socialTitle}</h2>
        <p>{te.socialText}</p>
        {socialPhone ? call(socialPhone, 'call-social') : <p>{te.socialVia112}</p>}
      </section>

      <section className="card helpline" aria-labelledby="e-nolla" data-qa="emergency-nollalinja">
        <h2 id="e-nolla">{te.nollaTitle}</h2>
        <p>{te.nollaText}</p>
        {call(NUMBERS.nollalinja, 'call-nollalinja')}
      </section>

      <section className="card helpline" aria-labelledby="e-mieli" data-qa="emergency-mieli">
        <h2 id="e-mieli">{te.mieliTitle}</h2>
        <p>{te.mieliText}</p>
        {call(NUMBERS.mieli, 'call-mieli')}
      </section>

      <section className="card helpline" aria-labelledby="e-young" data-qa="emergency-young">
        <h2 id="e-young">{te.youngTitle}</h2>
        <p>{te.youngText}</p>
        {call(NUMBERS.young, 'call-young')}
      </section>

      <section aria-labelledby="e-not-urgent">
        <h2 id="e-not-urgent">{te.notUrgentTitle}</h2>
        <p>{format(te.notUrgentText, { days: workingDaysText(lang, workingDays) })}</p>
        <p>
          <a className="button" href={ASK_PATHS[lang]} data-qa="emergency-ask">
            {t.cta.button}
          </a>
        </p>
      </section>
    </Layout>
  );
}
