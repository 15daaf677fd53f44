/**
 * Text that a person wrote (a family's name, a reason, a summary), isolated from the page's
 * own text: a bidi override character in it (U+202E) cannot turn the words around it
 * (issue 10, finding 14). Multi-line texts go through Paragraphs (each paragraph dir="auto").
 */
export function UserText({ children }: { children: string | null | undefined }) {
  return children ? <bdi>{children}</bdi> : null;
}

/**
 * A translated template ("Kirjattu {when}, {author}") with the named parameters that people
 * wrote isolated, each in its own <bdi>.
 */
export function IsolatedFormat({
  template,
  params,
  isolate,
}: {
  template: string;
  params: Record<string, string | number>;
  isolate: readonly string[];
}) {
  const parts = template.split(/(\{[a-zA-Z]+\})/);
  return (
    <>
      {parts.map((part, i) => {
        const name = /^\{([a-zA-Z]+)\}$/.exec(part)?.[1];
        if (name === undefined || !(name in params)) return part;
        const value = String(params[name]);
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one template never move
        return isolate.includes(name) ? <bdi key={i}>{value}</bdi> : value;
      })}
    </>
  );
}
