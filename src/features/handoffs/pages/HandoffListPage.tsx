/**
 * The handoff lists: the receiving unit's inbox (receiving workers), the sender's own handoffs
 * (counsellors) and the overdue ones (managers), each a section of its own for whoever has the
 * role; most people have one.
 */
import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { StaffLayout } from '../../../ui/StaffLayout.tsx';
import type { HandoffListItem } from '../handoffs.ts';
import { HANDOFFS_CSS_URL, HANDOFFS_PATH, HandoffTable } from './HandoffParts.tsx';

export type ListKind = 'inbox' | 'mine' | 'overdue';

export interface HandoffListPageProps {
  lang: Lang;
  actor: StaffActor;
  organizationName: LocalizedText | null;
  csrf: string;
  flash?: string;
  lists: { kind: ListKind; items: HandoffListItem[] }[];
  topicName: Map<string, string>;
}

export function HandoffListPage(props: HandoffListPageProps) {
  const { lang, lists } = props;
  const tl = translations(lang).handoffs.list;
  const texts = {
    inbox: { title: tl.inbox, lead: tl.inboxLead, empty: tl.inboxEmpty },
    mine: { title: tl.mine, lead: tl.mineLead, empty: tl.mineEmpty },
    overdue: { title: tl.overdue, lead: tl.overdueLead, empty: tl.overdueEmpty },
  };
  return (
    <StaffLayout
      {...props}
      title={tl.title}
      path={HANDOFFS_PATH}
      current="handoffs"
      stylesheets={[HANDOFFS_CSS_URL]}
    >
      <h1>{tl.title}</h1>
      <p className="lead-small">{tl.lead}</p>
      {lists.length > 1 ? (
        <nav aria-label={tl.sections} className="jump">
          <ul>
            {lists.map((l) => (
              <li key={l.kind}>
                <a href={`#${l.kind}`}>
                  {texts[l.kind].title} ({l.items.length})
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {lists.map((l) => (
        <section
          key={l.kind}
          aria-labelledby={l.kind}
          className="handoff-list wide"
          data-qa={`list-${l.kind}`}
        >
          <h2 id={l.kind}>
            {texts[l.kind].title} <span className="count">({l.items.length})</span>
          </h2>
          <p className="meta">{texts[l.kind].lead}</p>
          {l.items.length === 0 ? (
            <p className="notice" data-qa={`empty-${l.kind}`}>
              {texts[l.kind].empty}
            </p>
          ) : (
            <HandoffTable
              lang={lang}
              items={l.items}
              caption={format(tl.caption, { list: texts[l.kind].title, count: l.items.length })}
              topicName={props.topicName}
              showSender={l.kind !== 'mine'}
            />
          )}
        </section>
      ))}
    </StaffLayout>
  );
}
