import { z } from 'zod';

/**
 * The format of a demo region in data/seed/<region>/: organisations, locations and
 * services written by hand with readable slugs; the loader turns slugs into stable UUIDs.
 * Finnish is always required; Swedish and English where the service is offered in them.
 */
export const localized = z.object({
  fi: z.string().min(1),
  sv: z.string().min(1).optional(),
  en: z.string().min(1).optional(),
});
export type Localized = z.infer<typeof localized>;

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);
const municipalityCode = z.string().regex(/^\d{3}$/);
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const channelCodes = ['visit', 'phone', 'chat', 'video', 'home_visit', 'eservice'] as const;
export const languageCodes = ['fi', 'sv', 'en', 'se', 'ru', 'ar', 'so', 'uk', 'fa', 'et'] as const;

export const seedPhone = z.object({
  number: z.string().min(5),
  description: localized.optional(),
});

export const seedSchedule = z.object({
  /** iCalendar BYDAY list, e.g. "MO,TU,WE,TH,FR" */
  byday: z.string().regex(/^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$/),
  opens: time,
  closes: time,
  description: localized.optional(),
});

export const seedOrganization = z.object({
  slug,
  name: localized,
  description: localized,
  kind: z.enum(['region', 'municipality', 'joint_authority', 'ngo', 'parish', 'company']),
  municipality: municipalityCode.optional(),
  email: z.string().email().optional(),
  website: z.string().url().optional(),
  phone: z.string().optional(),
});

export const seedLocation = z.object({
  slug,
  organization: slug,
  name: localized,
  street: z.string().min(1),
  postalCode: z.string().regex(/^\d{5}$/),
  city: localized,
  municipality: municipalityCode,
  latitude: z.number().min(59).max(71),
  longitude: z.number().min(19).max(32),
  transportation: localized.optional(),
  accessibility: localized.optional(),
});

export const seedService = z.object({
  slug,
  organization: slug,
  name: localized,
  /** one sentence for lists */
  summary: localized,
  description: localized,
  /** codes from ../shared/data/service-types.csv */
  serviceTypes: z.array(z.string()).min(1),
  /** codes from ../shared/data/topics.csv */
  topics: z.array(z.string()).default([]),
  /** the child's or young person's age in years, inclusive; omitted = no limit */
  minAge: z.number().int().min(0).max(30).optional(),
  maxAge: z.number().int().min(0).max(30).optional(),
  channels: z.array(z.enum(channelCodes)).min(1),
  languages: z.array(z.enum(languageCodes)).min(1),
  /** "region": open to residents of every municipality of the region; else a list of codes */
  area: z.union([z.literal('region'), z.array(municipalityCode).min(1)]),
  locations: z.array(slug).default([]),
  phones: z.array(seedPhone).default([]),
  email: z.string().email().optional(),
  url: z.string().url().optional(),
  schedules: z.array(seedSchedule).default([]),
  applicationProcess: localized.optional(),
  fees: localized.optional(),
  eligibility: localized.optional(),
});

export const seedRegion = z.object({
  code: z.string(),
  name: localized,
  /** the facts of the region's notices (features/site-info: regionNoticesSchema) */
  notices: z.record(z.string(), z.unknown()).optional(),
  /** the region's video service: a remote Yhdessä aika's link must be one of its addresses */
  videoServiceUrl: z
    .string()
    .regex(/^https:\/\/[^/?#@]+\//)
    .optional(),
  organizations: z.array(seedOrganization),
  locations: z.array(seedLocation),
  services: z.array(seedService),
});
export type SeedRegion = z.infer<typeof seedRegion>;
export type SeedService = z.infer<typeof seedService>;
