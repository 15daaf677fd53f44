// The privacy notice, the accessibility statement and the cookie note of the site's region.
import type { ReactNode } from 'react';
import { format, formatDate, type Lang, translations } from '../../../i18n/index.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { EmailLink, PhoneLink } from '../../../ui/ContactLinks.tsx';
import {
  Layout,
  NOTICE_PATHS,
  type NoticeKind,
  type PageAccount,
  Paragraphs,
  pick,
} from '../../../ui/Layout.tsx';
import type { NoticeFacts } from '../notices.ts';

/** The names and lifetimes of the cookies the product sets (the cookie note lists exactly these). */
export interface CookieFacts {
  session: string;
  login: string;
  csrf: string;
  loginMinutes: number;
}

export interface NoticePageProps {
  lang: Lang;
  /** the notice pages' own stylesheet */
  stylesheet: string;
  facts: NoticeFacts;
  cookies: CookieFacts;
  account?: PageAccount;
}

function NoticeFrame({
  kind,
  lang,
  stylesheet,
  title,
  account,
  more,
  children,
}: {
  kind: NoticeKind;
  lang: Lang;
  stylesheet: string;
  title: string;
  account?: PageAccount;
  more?: LocalizedText;
  children: ReactNode;
}) {
  const t = translations(lang).notices;
  return (
    <Layout
      lang={lang}
      title={title}
      path=""
      paths={NOTICE_PATHS[kind]}
      head={<link rel="stylesheet" href={stylesheet} />}
      {...account}
    >
      <article className="site-notice" data-qa={`notice-${kind}`}>
        <h1>{title}</h1>
        {children}
        {more ? (
          <section aria-labelledby="notice-more">
            <h2 id="notice-more">{t.more}</h2>
            <Paragraphs text={more} lang={lang} />
          </section>
        ) : null}
      </article>
    </Layout>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

const List = ({ items }: { items: string[] }) => (
  <ul>
    {items.map((item) => (
      <li key={item}>{item}</li>
    ))}
  </ul>
);

/** An e-mail address as a link, or where to find it when the region has not given one. */
function Email({ address, lang }: { address?: string; lang: Lang }) {
  if (!address) return <>{translations(lang).notices.notGiven}</>;
  // the address passed the schema's e-mail rule: no "?", "&" or spaces can reach the mailto
  return <EmailLink address={address} />;
}

export function PrivacyPage({ lang, stylesheet, facts, account }: NoticePageProps) {
  const t = translations(lang).notices;
  const tp = t.privacy;
  const { notices, settings } = facts;
  const controller = pick(facts.controller, lang).value;
  return (
    <NoticeFrame
      kind="privacy"
      lang={lang}
      stylesheet={stylesheet}
      title={tp.title}
      account={account}
      more={notices.more?.privacy}
    >
      <p className="lead">{format(tp.lead, { controller })}</p>
      <Section id="controller" title={tp.controllerTitle}>
        <dl className="facts" data-qa="privacy-controller">
          <dt>{tp.controller}</dt>
          <dd>{controller}</dd>
          <dt>{tp.address}</dt>
          <dd>{notices.address ?? t.notGiven}</dd>
          <dt>{tp.registry}</dt>
          <dd>
            <Email address={notices.registryEmail} lang={lang} />
            {notices.registryPhone ? (
              <>
                {', '}
                <PhoneLink number={notices.registryPhone} />
              </>
            ) : null}
          </dd>
          <dt>{tp.dpo}</dt>
          <dd>
            <Email address={notices.dpoEmail} lang={lang} />
          </dd>
        </dl>
      </Section>
      <Section id="purposes" title={tp.purposesTitle}>
        <List items={tp.purposes} />
      </Section>
      <Section id="data" title={tp.dataTitle}>
        <List items={tp.data} />
      </Section>
      <Section id="basis" title={tp.basisTitle}>
        <List items={tp.basis} />
      </Section>
      <Section id="recipients" title={tp.recipientsTitle}>
        <List items={tp.recipients} />
      </Section>
      <Section id="retention" title={tp.retentionTitle}>
        <List
          items={tp.retention.map((line) =>
            format(line, {
              days: settings.accessLogRetentionDays,
              idle: settings.sessionIdleMinutes,
              hours: settings.sessionAbsoluteHours,
            }),
          )}
        />
      </Section>
      <Section id="rights" title={tp.rightsTitle}>
        <List items={tp.rights} />
        <p>{tp.rightsHow}</p>
      </Section>
    </NoticeFrame>
  );
}

export function AccessibilityPage({ lang, stylesheet, facts, account }: NoticePageProps) {
  const t = translations(lang).notices;
  const ta = t.accessibility;
  const { notices } = facts;
  const controller = pick(facts.controller, lang).value;
  const date = formatDate(new Date(`${notices.accessibilityReviewedOn}T12:00:00Z`), lang);
  return (
    <NoticeFrame
      kind="accessibility"
      lang={lang}
      stylesheet={stylesheet}
      title={ta.title}
      account={account}
      more={notices.more?.accessibility}
    >
      <p className="lead">{format(ta.lead, { controller })}</p>
      <Section id="status" title={ta.statusTitle}>
        <p>{ta.status}</p>
      </Section>
      <Section id="gaps" title={ta.gapsTitle}>
        <List items={ta.gaps} />
      </Section>
      <Section id="assessment" title={ta.assessmentTitle}>
        <p>{ta.assessment}</p>
        <p data-qa="statement-date">{format(ta.dated, { date })}</p>
      </Section>
      <Section id="feedback" title={ta.feedbackTitle}>
        <p>{ta.feedback}</p>
        <p data-qa="accessibility-feedback">
          {ta.feedbackEmail}: <Email address={notices.accessibilityFeedbackEmail} lang={lang} />
        </p>
      </Section>
      <Section id="authority" title={ta.authorityTitle}>
        <p>{ta.authority}</p>
        <p>
          <a href="https://www.saavutettavuusvaatimukset.fi/" hrefLang="fi" lang="fi">
            {ta.authorityLink}
          </a>
        </p>
      </Section>
    </NoticeFrame>
  );
}

export function CookiesPage({ lang, stylesheet, facts, cookies, account }: NoticePageProps) {
  const t = translations(lang).notices;
  const tc = t.cookies;
  const rows = [
    {
      name: cookies.session,
      purpose: tc.session,
      duration: format(tc.sessionDuration, { hours: facts.settings.sessionAbsoluteHours }),
    },
    {
      name: cookies.login,
      purpose: tc.login,
      duration: format(tc.loginDuration, { minutes: cookies.loginMinutes }),
    },
    { name: cookies.csrf, purpose: tc.csrf, duration: tc.csrfDuration },
  ];
  return (
    <NoticeFrame
      kind="cookies"
      lang={lang}
      stylesheet={stylesheet}
      title={tc.title}
      account={account}
      more={facts.notices.more?.cookies}
    >
      <p className="lead">{tc.lead}</p>
      <table className="cookie-table" data-qa="cookie-table">
        <thead>
          <tr>
            <th scope="col">{tc.name}</th>
            <th scope="col">{tc.purpose}</th>
            <th scope="col">{tc.duration}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <th scope="row">
                <code>{r.name}</code>
              </th>
              <td>{r.purpose}</td>
              <td>{r.duration}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{tc.storage}</p>
    </NoticeFrame>
  );
}
