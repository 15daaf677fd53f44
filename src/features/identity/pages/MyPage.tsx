import { format, formatDate, type Lang, translations } from '../../../i18n/index.ts';
import type { ClientActor } from '../../../platform/auth/actor.ts';
import { formatFinnishDate } from '../../../platform/working-days.ts';
import { type Column, DataTable } from '../../../ui/DataTable.tsx';
import { ASK_PATHS, Layout } from '../../../ui/Layout.tsx';
import { MY_CONTACTS_LIMIT, type MyContact } from '../../contacts/index.ts';

/**
 * A signed-in client's home: their own contacts with where each stands (issue 10, finding 19),
 * and what they can see about themselves.
 */
export function MyPage({
  lang,
  actor,
  contacts,
  toConfirm = 0,
  csrfToken,
}: {
  lang: Lang;
  actor: ClientActor;
  contacts: MyContact[];
  /** how many consents a worker recorded wait for the client's confirmation on My consents */
  toConfirm?: number;
  csrfToken: string;
}) {
  const tr = translations(lang);
  const t = tr.auth.myPage;
  const columns: Column<MyContact>[] = [
    {
      header: t.reference,
      rowHeader: true,
      cell: (c) => (
        <a href={c.statusPaths[lang]} data-qa="my-contact-status">
          <span className="visually-hidden">{t.openStatus} </span>
          {c.reference}
        </a>
      ),
    },
    { header: t.sent, cell: (c) => formatDate(c.receivedAt, lang) },
    { header: t.state, cell: (c) => tr.contacts.state[c.state] },
    {
      header: t.answer,
      cell: (c) =>
        c.state === 'closed'
          ? [
              c.outcome ? tr.contacts.outcome[c.outcome] : '',
              c.closedAt ? format(t.closedOn, { date: formatDate(c.closedAt, lang) }) : '',
            ]
              .filter(Boolean)
              .join(', ')
          : format(t.promised, { date: formatFinnishDate(c.respondBy) }),
    },
  ];
  return (
    <Layout lang={lang} title={t.title} path="/my" actor={actor} csrfToken={csrfToken}>
      <h1>{t.title}</h1>
      <p className="lead" data-qa="my-greeting">
        {format(t.greeting, { name: actor.name })}
      </p>
      <section aria-labelledby="my-contacts-title" data-qa="my-contacts">
        <h2 id="my-contacts-title">{t.contactsTitle}</h2>
        {contacts.length === 0 ? (
          <p data-qa="my-contacts-none">{t.contactsNone}</p>
        ) : (
          <>
            <p>{t.contactsIntro}</p>
            <DataTable
              className="my-contacts"
              columns={columns}
              rows={contacts}
              rowKey={(c) => c.reference}
            />
            {contacts.length >= MY_CONTACTS_LIMIT ? (
              <p className="hint">{format(t.more, { count: MY_CONTACTS_LIMIT })}</p>
            ) : null}
          </>
        )}
        <p>
          <a className="button" href={ASK_PATHS[lang]} data-qa="my-ask">
            {t.askLink}
          </a>
        </p>
      </section>
      <ul>
        <li>
          <a href={`/${lang}/my/consents`} data-qa="my-consents">
            {tr.consentPages.my.title}
          </a>
          <p className="hint">{tr.consentPages.my.linkHelp}</p>
          {toConfirm > 0 ? (
            <p className="notice" data-qa="my-consents-waiting">
              <a href={`/${lang}/my/consents`}>
                {toConfirm === 1
                  ? tr.consentPages.confirm.waitingOne
                  : format(tr.consentPages.confirm.waitingMany, { count: toConfirm })}
              </a>
            </p>
          ) : null}
        </li>
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
