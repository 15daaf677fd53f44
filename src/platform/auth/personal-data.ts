import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The personal identity code (henkilötunnus) is never stored in clear and never logged:
 * an HMAC finds the person again, AES-256-GCM ciphertext lets those allowed see it. Both keys
 * are derived from PERSONAL_DATA_KEY (32 bytes), so one secret is kept and rotated.
 */
export interface PersonalDataKeys {
  hmacKey: Buffer;
  encryptionKey: Buffer;
}

export function personalDataKeys(key: Buffer): PersonalDataKeys {
  if (key.length !== 32) throw new Error('PERSONAL_DATA_KEY must be 32 bytes');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));
  return { hmacKey: derive('perheverkko pic hmac'), encryptionKey: derive('perheverkko pic aes-256-gcm') };
}

/** The same code always gives the same HMAC (upper case, no spaces: how codes are written). */
export function personalCodeHmac(keys: PersonalDataKeys, code: string): string {
  return createHmac('sha256', keys.hmacKey).update(code.trim().toUpperCase()).digest('base64url');
}

/** base64url(iv ‖ ciphertext ‖ tag), with a fresh 96-bit iv each time. */
export function encryptPersonalCode(keys: PersonalDataKeys, code: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.encryptionKey, iv);
  const ciphertext = Buffer.concat([cipher.update(code.trim().toUpperCase(), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64url');
}

export function decryptPersonalCode(keys: PersonalDataKeys, sealed: string): string {
  const bytes = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keys.encryptionKey, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}

/** Associated data of sealed texts: a sealed text never opens as a personal identity code. */
const SEALED_TEXT_AAD = Buffer.from('perheverkko sealed text');

/**
 * Any text that may carry personal data (an identity provider's ID token), sealed with
 * AES-256-GCM: base64url(iv ‖ ciphertext ‖ tag), with a fresh 96-bit iv each time.
 */
export function sealText(keys: PersonalDataKeys, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.encryptionKey, iv);
  cipher.setAAD(SEALED_TEXT_AAD);
  const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64url');
}

/** The text of sealText, or undefined when it does not open with these keys (a rotated key). */
export function openSealedText(keys: PersonalDataKeys, sealed: string): string | undefined {
  try {
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length < 28) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', keys.encryptionKey, bytes.subarray(0, 12));
    decipher.setAAD(SEALED_TEXT_AAD);
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}
