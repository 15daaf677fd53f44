/** What the contact point's rules need from the application: the database, keys, addresses, the clock. */
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.ts';

export interface ContactsDeps {
  db: Kysely<DB>;
  /** the key status-link tokens are derived from (statusLinkKey) */
  statusKey: Buffer;
  /** e.g. https://perheverkko.example.fi — for links in notifications */
  publicUrl: string;
  /** the region of a contact that names no municipality */
  defaultRegionCode: string;
  now?: () => Date;
}

/** Now, or the clock the tests set. */
export const nowOf = (deps: ContactsDeps) => (deps.now ? deps.now() : new Date());
