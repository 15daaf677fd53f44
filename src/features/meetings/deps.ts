import type { PlatformDeps } from '../../platform/feature.ts';

/** What the meetings' use cases need of the platform (the tests give the same). */
export type MeetingsDeps = Pick<PlatformDeps, 'db' | 'config' | 'publicUrl' | 'now'>;
