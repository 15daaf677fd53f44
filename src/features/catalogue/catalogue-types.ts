/**
 * What the catalogue is asked and offers: the filters of a search and the options a page shows
 * for them (regions, municipalities, topics, service types). Shared by the search's SQL
 * (search-sql.ts) and the rest of the catalogue (catalogue.ts).
 */
import type { LocalizedText } from '../../platform/db/types.ts';

export const CHANNELS = ['visit', 'phone', 'chat', 'video', 'home_visit', 'eservice'] as const;
export type Channel = (typeof CHANNELS)[number];
export const SERVICE_LANGUAGES = ['fi', 'sv', 'en', 'se', 'ru', 'ar', 'so', 'uk', 'fa', 'et'] as const;
export type ServiceLanguage = (typeof SERVICE_LANGUAGES)[number];

/** What a user or API client asks of the catalogue, already checked for shape (schema.ts). */
export interface CatalogueFilters {
  text?: string;
  municipality?: string;
  age?: number;
  topics?: string[];
  serviceTypes?: string[];
  channels?: Channel[];
  language?: ServiceLanguage;
  organizationId?: string;
  /** only the services of this region (the public site: the region of its address) */
  regionId?: string;
  taxonomyTermIds?: string[];
  taxonomyId?: string;
  modifiedAfter?: Date;
}

export interface CatalogueOptions {
  regions: { id: string; code: string; name: LocalizedText }[];
  municipalities: { code: string; regionId: string; name: LocalizedText }[];
  topics: TermOption[];
  serviceTypes: TermOption[];
}
export interface TermOption {
  id: string;
  code: string;
  name: LocalizedText;
  /** a service type reached by a referral (service-types.csv, column referral) */
  referral?: boolean;
}
