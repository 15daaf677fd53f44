import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { StaffLayout, sectionLabel, sectionsFor, sectionText } from '../../../ui/StaffLayout.tsx';

export function StaffHomePage(props: {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
}) {
  const { lang, actor } = props;
  const ta = translations(lang).admin;
  const tools = sectionsFor(actor).filter((s) => s.key !== 'home');
  return (
    <StaffLayout {...props} title={ta.home.title} path="/staff" current="home">
      <h1>{ta.home.title}</h1>
      <p className="lead">{format(ta.home.lead, { name: actor.name })}</p>
      <p>
        {ta.home.yourRoles}: {[...new Set(actor.roles.map((r) => ta.roles[r.role]))].join(', ')}
      </p>
      {tools.length === 0 ? <p className="notice">{ta.home.nothingYet}</p> : null}
      {tools.map((s) => (
        <section key={s.key} className="card" data-qa={`tool-${s.key}`}>
          <h2>
            <a href={`/${lang}${s.href}`}>{sectionLabel(lang, s.key)}</a>
          </h2>
          <p>{sectionText(lang, s.key)}</p>
        </section>
      ))}
    </StaffLayout>
  );
}
