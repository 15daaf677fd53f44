import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration from the environment', () => {
  it('has defaults that run the product on the embedded database with the demo region', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      dataDir: './data',
      seedDemo: true,
      databaseUrl: undefined,
      nodeEnv: 'development',
    });
  });

  it('reads SEED_DEMO=false and DATABASE_URL', () => {
    const c = loadConfig({ SEED_DEMO: 'false', DATABASE_URL: 'postgres://u:p@db:5432/pv', PORT: '8080' });
    expect(c).toMatchObject({ seedDemo: false, databaseUrl: 'postgres://u:p@db:5432/pv', port: 8080 });
  });

  it('names every bad value with what it got', () => {
    try {
      loadConfig({ PORT: 'abc', SEED_DEMO: 'maybe', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('PORT');
      expect(message).toContain('"abc"');
      expect(message).toContain('SEED_DEMO');
      expect(message).toContain('DATABASE_URL');
    }
  });
});

describe('DATABASE_READ_URL, the read replica of the metrics and the DPO log search', () => {
  it('is unset by default: every read goes to the primary', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/pv' }).databaseReadUrl).toBeUndefined();
  });

  it('is read beside DATABASE_URL', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/pv',
      DATABASE_READ_URL: 'postgresql://reader:s@replica:5432/pv',
    });
    expect(c.databaseReadUrl).toBe('postgresql://reader:s@replica:5432/pv');
  });

  it('is refused with the embedded database, saying why', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://reader:s@replica:5432/pv' })).toThrow(
      /DATABASE_READ_URL: only with DATABASE_URL/,
    );
  });

  it('is refused when it is not a PostgreSQL address, its password masked', () => {
    try {
      loadConfig({
        DATABASE_URL: 'postgres://u:p@db:5432/pv',
        DATABASE_READ_URL: 'mysql://reader:secret@replica/pv',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('DATABASE_READ_URL: must start with postgres://');
      expect(message).not.toContain('secret');
    }
  });
});

describe('outgoing mail', () => {
  it('has no mail server and a From of its own by default', () => {
    expect(loadConfig({}).mail).toEqual({
      smtpUrl: undefined,
      from: 'Perheverkko <no-reply@perheverkko.invalid>',
    });
  });

  it('reads SMTP_URL and MAIL_FROM', () => {
    const c = loadConfig({
      SMTP_URL: 'smtps://u:p@smtp.example.fi',
      MAIL_FROM: 'Perhekeskus <ei-vastausta@example.fi>',
    });
    expect(c.mail).toEqual({
      smtpUrl: 'smtps://u:p@smtp.example.fi',
      from: 'Perhekeskus <ei-vastausta@example.fi>',
    });
    expect(loadConfig({ MAIL_FROM: 'no-reply@example.fi' }).mail.from).toBe('no-reply@example.fi');
  });

  it('refuses a mail server that is not smtp:// or smtps://, without showing its password', () => {
    try {
      loadConfig({ SMTP_URL: 'https://user:hunter2@smtp.example.fi', MAIL_FROM: 'nobody' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('SMTP_URL: must start with smtp:// or smtps://');
      expect(message).toContain('"https://user:***@smtp.example.fi"');
      expect(message).not.toContain('hunter2');
      expect(message).toContain('MAIL_FROM');
    }
  });
});

describe('production configuration', () => {
  const complete = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://u:p@db:5432/pv',
    PUBLIC_URL: 'https://perheverkko.example.fi',
    STAFF_OIDC_ISSUER: 'https://login.example.fi',
    STAFF_OIDC_CLIENT_ID: 'perheverkko',
    STAFF_OIDC_CLIENT_SECRET: 'secret',
    CLIENT_OIDC_ISSUER: 'https://tunnistus.suomi.fi/oidc',
    CLIENT_OIDC_CLIENT_ID: 'perheverkko',
    CLIENT_OIDC_CLIENT_SECRET: 'secret',
    PERSONAL_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
    SMTP_URL: 'smtp://perheverkko:secret@smtp.example.fi:587',
    // calendar replies must reach a mailbox the region watches, not an invented address
    MEETING_REPLY_ADDRESS: 'yhdessa-aika@hyvinvointialue.example.fi',
  };

  it('refuses to start without what production needs, naming every missing setting', () => {
    try {
      loadConfig({ NODE_ENV: 'production' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of Object.keys(complete).filter((k) => k !== 'NODE_ENV')) {
        expect(problems).toContain(`${name}: required when NODE_ENV=production`);
      }
    }
  });

  it('refuses a PUBLIC_URL that is not https', () => {
    expect(() => loadConfig({ ...complete, PUBLIC_URL: 'http://perheverkko.example.fi' })).toThrow(
      /PUBLIC_URL: must be https/,
    );
  });

  it('refuses a personal data key that is not 32 bytes', () => {
    expect(() => loadConfig({ ...complete, PERSONAL_DATA_KEY: 'c2hvcnQ=' })).toThrow(/PERSONAL_DATA_KEY/);
  });

  it('runs without demo mode, with secure cookies and both identity providers', () => {
    const c = loadConfig(complete);
    expect(c.inboundMail.replyAddress).toBe('yhdessa-aika@hyvinvointialue.example.fi');
    expect(c).toMatchObject({ demoMode: false, session: { secureCookies: true } });
    expect(c.oidc.staff?.issuer).toBe('https://login.example.fi');
    expect(c.oidc.client?.clientId).toBe('perheverkko');
    expect(c.personalDataKey?.length).toBe(32);
  });
});

describe('the region of each address (REGION_HOSTS, DEFAULT_REGION)', () => {
  it('serves today’s demo region at every address by default', () => {
    expect(loadConfig({}).sites).toEqual({ hosts: {}, defaultRegion: 'pohjois-savo' });
  });

  it('reads host=region pairs, host names lower-cased', () => {
    const c = loadConfig({
      REGION_HOSTS: 'Perheverkko.Pohjois-Savo.fi=pohjois-savo, perheverkko.pirha.fi=pirkanmaa',
      DEFAULT_REGION: 'pirkanmaa',
    });
    expect(c.sites).toEqual({
      hosts: { 'perheverkko.pohjois-savo.fi': 'pohjois-savo', 'perheverkko.pirha.fi': 'pirkanmaa' },
      defaultRegion: 'pirkanmaa',
    });
  });

  it('names a pair that is not host=region, and a host given twice', () => {
    expect(() => loadConfig({ REGION_HOSTS: 'perheverkko.fi' })).toThrow(/REGION_HOSTS/);
    expect(() => loadConfig({ REGION_HOSTS: 'a.fi=pirkanmaa,a.fi=pohjois-savo' })).toThrow(/twice/);
    expect(() => loadConfig({ REGION_HOSTS: 'https://a.fi=pirkanmaa' })).toThrow(/REGION_HOSTS/);
    expect(() => loadConfig({ DEFAULT_REGION: 'Pohjois Savo' })).toThrow(/DEFAULT_REGION/);
  });
});
