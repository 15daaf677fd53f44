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
