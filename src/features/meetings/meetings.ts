import type { PlatformDeps } from '../../platform/feature.ts';

/** What the meetings' use cases need from the platform. */
export type MeetingsDeps = Pick<PlatformDeps, 'db' | 'config' | 'publicUrl' | 'now'>;
