import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { DataTable } from '../../../ui/DataTable.tsx';
import { Layout } from '../../../ui/Layout.tsx';
import type { DemoUserView } from '../demo.ts';

export interface SignInPageProps {
  lang: Lang;
  actor: Actor;
  csrfToken: string;
  /** which identity providers are configured */
  providers: { staff: boolean; client: boolean };
  /** the demo users (demo mode only), or null */
  demoUsers: DemoUserView[] | null;
  /** where to go after signing in (a local path) */
  next: string | null;
}

/** Sign in with an identity provider, or (demo mode) as one of the demo users. Works without JS. */
export function SignInPage({ lang, actor, csrfToken, providers, demoUsers, next }: SignInPageProps) {
  const t = translations(lang).auth;
  const p = t.signInPage;
  const nextQuery = next ? `&next=${encodeURIComponent(next)}` : '';
  return (
    <Layout lang={lang} title={p.title} path="/sign-in" actor={actor} csrfToken={csrfToken}>
      <h1>{p.title}</h1>
      <p className="lead">{p.intro}</p>
      {providers.staff || providers.client ? (
        <ul className="sign-in-options">
          {providers.staff ? (
            <li>
              <a
                className="button"
                href={`/auth/staff/login?lang=${lang}${nextQuery}`}
                data-qa="sign-in-staff"
              >
                {p.staff}
              </a>
            </li>
          ) : null}
          {providers.client ? (
            <li>
              <a
                className="button"
                href={`/auth/client/login?lang=${lang}${nextQuery}`}
                data-qa="sign-in-client"
              >
                {p.client}
              </a>
            </li>
          ) : null}
        </ul>
      ) : (
        <p className="notice">{p.noProviders}</p>
      )}
      {demoUsers ? (
        <section aria-labelledby="demo-users">
          <h2 id="demo-users">{p.demoTitle}</h2>
          <p>{p.demoIntro}</p>
          <DataTable
            className="demo-users"
            qa="demo-users"
            rows={demoUsers}
            rowKey={(u) => u.username}
            columns={[
              { header: p.demoName, rowHeader: true, cell: (u) => u.name },
              { header: p.demoOrganization, cell: (u) => u.organization ?? '–' },
              {
                header: p.demoRoles,
                cell: (u) => u.roles.map((r) => t.roles[r as keyof typeof t.roles] ?? r).join(', '),
              },
              {
                header: t.signIn,
                labelHidden: true,
                cell: (u) => (
                  <form method="post" action={`/${lang}/sign-in/demo`}>
                    <input type="hidden" name="_csrf" value={csrfToken} />
                    <input type="hidden" name="username" value={u.username} />
                    {next ? <input type="hidden" name="next" value={next} /> : null}
                    <button
                      type="submit"
                      className="button secondary"
                      data-qa={`demo-sign-in-${u.username}`}
                      aria-label={format(p.demoSignInAs, { name: u.name })}
                    >
                      {t.signIn}
                    </button>
                  </form>
                ),
              },
            ]}
          />
        </section>
      ) : null}
    </Layout>
  );
}
