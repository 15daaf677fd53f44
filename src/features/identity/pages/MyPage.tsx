import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { ClientActor } from '../../../platform/auth/actor.ts';
import { Layout } from '../../../ui/Layout.tsx';

/** A signed-in client's home: what they can see about themselves. */
export function MyPage({ lang, actor, csrfToken }: { lang: Lang; actor: ClientActor; csrfToken: string }) {
  const t = translations(lang).auth.myPage;
  return (
    <Layout lang={lang} title={t.title} path="/my" actor={actor} csrfToken={csrfToken}>
      <h1>{t.title}</h1>
      <p className="lead" data-qa="my-greeting">
        {format(t.greeting, { name: actor.name })}
      </p>
      <ul>
        <li>
          <a href={`/${lang}/my/access-log`} data-qa="my-access-log">
            {t.accessLog}
          </a>
          <p className="hint">{t.accessLogHelp}</p>
        </li>
      </ul>
    </Layout>
  );
}
