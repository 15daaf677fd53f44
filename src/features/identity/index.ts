// What the entry points may use of identity: signing in and out, the client's own page.

import type { ClientActor } from '../../platform/auth/actor.ts';
import { OidcClients } from '../../platform/auth/oidc.ts';
import { personalDataKeys } from '../../platform/auth/personal-data.ts';
import type { Feature, PlatformDeps } from '../../platform/feature.ts';
import type { MyContact } from '../contacts/index.ts';
import { devRoutes, identityRoutes } from './routes.ts';

/** Sign-in (identity providers; demo users in demo mode), sign-out and the client's home. */
export const feature: Feature<
  PlatformDeps & {
    ports: {
      myContacts?: (actor: ClientActor) => Promise<MyContact[]>;
      consentsToConfirm?: (actor: ClientActor) => Promise<number>;
    };
  }
> = {
  name: 'identity',
  async register(app, { db, config, publicUrl, ports }) {
    if (config.demoMode) await app.register(devRoutes, { db, policy: config.session });
    await app.register(identityRoutes, {
      db,
      policy: config.session,
      oidc: new OidcClients(config.oidc ?? {}, {
        publicUrl,
        secureCookies: config.session.secureCookies,
        // plain http only to a development or test provider (127.0.0.1 in the tests)
        allowInsecureHttp: config.nodeEnv !== 'production',
      }),
      demoMode: config.demoMode,
      clientRegion: config.clientRegion ?? 'pohjois-savo',
      personalDataKeys: config.personalDataKey ? personalDataKeys(config.personalDataKey) : undefined,
      publicUrl,
      // the client's own contacts on their page (features/contacts, through the door)
      myContacts: ports.myContacts,
      // how many consents wait for the client's confirmation (features/consent, through the door)
      consentsToConfirm: ports.consentsToConfirm,
    });
  },
};
