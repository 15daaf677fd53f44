/**
 * The one contract a feature offers the application (docs/ARCHITECTURE.md, "The feature
 * contract"): its routes and pages, the policies it registered with the door, the outbox
 * templates it renders, the staff navigation entries it adds, and its scheduled jobs. Each feature exports one
 * `feature` object from its `index.ts`; `app.ts` builds the platform and then, for each feature
 * in one list, registers it, collects its templates for the outbox worker and its navigation.
 *
 * The platform knows no feature: this file only describes the shape, keeps the navigation the
 * application hands it, and asks the door whether a user may see an entry.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { type Lang, type Translations, translations } from '../i18n/index.ts';
import {
  type AccessAction,
  type AccessActor,
  type Policy,
  permitted,
  type ResourceRef,
} from './access/door.ts';
import type { Config } from './config.ts';
import type { DB } from './db/types.ts';
import type { EventHub } from './events.ts';
import type { ScheduledJob } from './jobs.ts';
import type { RenderTemplate } from './outbox.ts';

/** The settings the features read (a part of the configuration: the tests give only these). */
export type FeatureConfig = Pick<Config, 'nodeEnv' | 'publicUrl' | 'demoMode' | 'session'> &
  Partial<
    Pick<
      Config,
      'oidc' | 'clientRegion' | 'personalDataKey' | 'sites' | 'accessLogRetentionDays' | 'inboundMail'
    >
  >;

/** What the platform gives every feature's `register`. */
export interface PlatformDeps {
  db: Kysely<DB>;
  /**
   * Reads that may lag behind `db` (DATABASE_READ_URL's replica, read-only sessions; without
   * one, `db` itself): only the shared metrics and the DPO's access-log search use it.
   */
  readDb?: Kysely<DB>;
  config: FeatureConfig;
  logger: Logger;
  /** LISTEN/NOTIFY events (the live queue) */
  hub: EventHub;
  /** the site's address for links (PUBLIC_URL, or this machine's in development) */
  publicUrl: string;
  /** the clock (tests fix it) */
  now?: () => Date;
}

/** What a feature's scheduled jobs are made from (the server's deps, or the CLI's for `run-job`). */
export type JobDeps = Pick<PlatformDeps, 'db' | 'config' | 'logger' | 'publicUrl' | 'now'>;

/** A question the door answers from the actor alone (a factless resource type: `permitted`). */
export interface AccessQuestion {
  action: AccessAction;
  resource: ResourceRef;
}

/** A text of the catalogue by its path ('contactStaff.nav.queue'); the typecheck knows them all. */
export type TextKey = Leaves<Translations>;

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${K}`
    : T[K] extends Record<string, unknown>
      ? Leaves<T[K], `${Prefix}${K}.`>
      : never;
}[keyof T & string];

/** The text at a path of the catalogue, in a language. */
export function textOf(lang: Lang, key: TextKey): string {
  let node: unknown = translations(lang);
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  if (typeof node !== 'string') throw new Error(`no text at ${key}`);
  return node;
}

/** One entry of the staff workspace's navigation, added by the feature whose section it is. */
export interface NavItem {
  /** the section's key: data-qa="nav-<section>", a page's `current` */
  section: string;
  /** where it lives after /:lang ('/staff/queue'); the error page finds a path's section by it */
  path: string;
  labelKey: TextKey;
  /** one line on what the section is for (the workspace home lists the sections with it) */
  textKey?: TextKey;
  /** its place in the navigation (smaller first) */
  order: number;
  /** shown when the door permits the question (or, given several, one of them) */
  visible: AccessQuestion | readonly AccessQuestion[];
}

/** A feature: what it brings to the application. D: what its `register` needs. */
export interface Feature<D = PlatformDeps> {
  name: string;
  /** its routes and pages */
  register(app: FastifyInstance, deps: D): Promise<void>;
  /** the policies it registered with the door (definePolicy), listed for app.ts and the docs */
  policies?: readonly Policy<unknown>[];
  /** the outbox templates it owns and renders */
  templates?: { names: readonly string[]; render: RenderTemplate };
  /** the staff navigation entries it adds */
  nav?: readonly NavItem[];
  /** its scheduled jobs (src/platform/jobs.ts): run once per due time across every process */
  jobs?: (deps: JobDeps) => readonly ScheduledJob[];
}

/** The address of a navigation entry in a language. */
export function navHref(lang: Lang, item: Pick<NavItem, 'path'>): string {
  return `/${lang}${item.path}`;
}

/** Whether the door lets the actor see what the question asks (any of several). */
export function mayAsk(actor: AccessActor, question: AccessQuestion | readonly AccessQuestion[]): boolean {
  const questions: readonly AccessQuestion[] = 'action' in question ? [question] : question;
  return questions.some((q) => permitted(actor, q.action, q.resource));
}

let navigation: readonly NavItem[] = [];

/** The application's staff navigation (app.ts, from its features); sections in their order. */
export function setStaffNavigation(items: readonly NavItem[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.section)) throw new Error(`two navigation entries for the section ${item.section}`);
    seen.add(item.section);
  }
  navigation = [...items].sort((a, b) => a.order - b.order);
}

/** Every entry of the staff navigation, whoever may see it. */
export function staffNavigation(): readonly NavItem[] {
  return navigation;
}

/** The entries the actor sees: those whose question the door permits. */
export function navigationFor(actor: AccessActor): NavItem[] {
  return navigation.filter((item) => mayAsk(actor, item.visible));
}

/**
 * The outbox's renderer: each template by the feature that owns it (a name owned twice is a
 * mistake found at start); an unknown template is an error, as before.
 */
export function outboxRenderer(features: readonly Pick<Feature<never>, 'templates'>[]): RenderTemplate {
  const owners = new Map<string, RenderTemplate>();
  for (const f of features) {
    for (const name of f.templates?.names ?? []) {
      if (owners.has(name)) throw new Error(`two features render the template ${name}`);
      owners.set(name, f.templates?.render as RenderTemplate);
    }
  }
  return (template, language, params) => {
    const render = owners.get(template);
    if (!render) throw new Error(`unknown notification template: ${template}`);
    return render(template, language, params);
  };
}
