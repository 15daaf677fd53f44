// What a browser posts from a form of a server-rendered page: the HTML is parsed as a browser
// parses it (parse5, the WHATWG algorithm: entities decoded, a textarea's first newline
// dropped) and the entry list is built as the HTML standard says for a form submitted
// without a submit button's name: enabled named controls in tree order, checked boxes only,
// a select's selected options (its first option when none is selected), values sanitised by
// input type, and every line break sent as CRLF.
import { type DefaultTreeAdapterMap, parse } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const isElement = (n: Node): n is Element => 'tagName' in n;
const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;
const has = (e: Element, name: string) => e.attrs.some((a) => a.name === name);

function* walk(n: Node): Generator<Element> {
  if (isElement(n)) yield n;
  const children = 'childNodes' in n ? n.childNodes : [];
  // a <template>'s content is not part of the form
  for (const c of children) yield* walk(c);
}

function textOf(n: Node): string {
  if (n.nodeName === '#text') return (n as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in n ? n.childNodes.map(textOf).join('') : '';
}

const stripNewlines = (v: string) => v.replace(/[\r\n]/g, '');
const stripOuterWhitespace = (v: string) => v.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
const validFloat = /^-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The value an input posts after the standard's value sanitisation for its type. */
function inputValue(type: string, value: string): string {
  switch (type) {
    case 'text':
    case 'search':
    case 'tel':
    case 'password':
      return stripNewlines(value);
    case 'email':
    case 'url':
      return stripOuterWhitespace(stripNewlines(value));
    case 'number':
      return validFloat.test(value) ? value : '';
    default:
      return value;
  }
}

const crlf = (v: string) => v.replace(/\r\n|\r|\n/g, '\r\n');

/**
 * The name–value pairs a browser submits from the form matched by `select` (a function of
 * the form element, e.g. its data-qa), in order, newlines as CRLF.
 */
export function browserFormEntries(html: string, select: (form: Element) => boolean): [string, string][] {
  const form = [...walk(parse(html))].find((e) => e.tagName === 'form' && select(e));
  if (!form) throw new Error('no such form on the page');
  const entries: [string, string][] = [];
  const disabledFieldsets = new Set<Element>();
  const inDisabledFieldset = (e: Element): boolean => {
    for (let p = e.parentNode as Node | null; p && p !== form; p = (p as Element).parentNode as Node | null)
      if (isElement(p) && disabledFieldsets.has(p)) return true;
    return false;
  };
  for (const e of walk(form)) {
    if (e.tagName === 'fieldset' && has(e, 'disabled')) disabledFieldsets.add(e);
    if (!['input', 'select', 'textarea', 'button'].includes(e.tagName)) continue;
    const name = attr(e, 'name');
    if (!name || has(e, 'disabled') || inDisabledFieldset(e)) continue;
    if (e.tagName === 'button') continue; // only a submitter's name is sent; we submit without one
    if (e.tagName === 'textarea') {
      // the API value: the text content with CRLF and CR as LF
      entries.push([name, textOf(e).replace(/\r\n?/g, '\n')]);
      continue;
    }
    if (e.tagName === 'select') {
      const options = [...walk(e)].filter((o) => o.tagName === 'option');
      const optionValue = (o: Element) => attr(o, 'value') ?? textOf(o).replace(/\s+/g, ' ').trim();
      const selected = options.filter((o) => has(o, 'selected'));
      const multiple = has(e, 'multiple');
      const chosen = multiple
        ? selected
        : selected.length > 0
          ? selected.slice(-1)
          : options.filter((o) => !has(o, 'disabled')).slice(0, 1);
      for (const o of chosen) if (!has(o, 'disabled')) entries.push([name, optionValue(o)]);
      continue;
    }
    const type = (attr(e, 'type') ?? 'text').toLowerCase();
    if (['submit', 'image', 'button', 'reset', 'file'].includes(type)) continue;
    if ((type === 'checkbox' || type === 'radio') && !has(e, 'checked')) continue;
    const value = attr(e, 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '');
    entries.push([name, inputValue(type, value)]);
  }
  return entries.map(([n, v]) => [crlf(n), crlf(v)]);
}

/** The entries urlencoded, as the browser sends them (application/x-www-form-urlencoded). */
export function browserFormBody(html: string, select: (form: Element) => boolean): URLSearchParams {
  return new URLSearchParams(browserFormEntries(html, select));
}

/** A form by its data-qa attribute. */
export const formByQa = (qa: string) => (form: Element) => attr(form, 'data-qa') === qa;
