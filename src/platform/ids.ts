import { createHash, randomUUID } from 'node:crypto';

// The namespace of Perheverkko's name-based UUIDs (RFC 9562 version 5).
const NAMESPACE = Buffer.from('6f1c1b8e4a7d5e2f9c3b0a1d2e3f4a5b', 'hex');

/** A UUID that is always the same for the same kind and name: demo and reference rows keep their ids. */
export function stableUuid(kind: string, name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`${kind}:${name}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const newId = (): string => randomUUID();

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
