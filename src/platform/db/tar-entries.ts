/**
 * The entries of a ustar archive as PGlite writes them (dumpDataDir): a header of 512 bytes,
 * then the data padded to 512, until two empty blocks. Enough to check a backup's content and
 * to leave out files of a template (pglite-template.ts); a general tar reader is node-tar.
 */
export interface TarEntry {
  name: string;
  /** the header's offset; the entry (header and padded data) ends at `end` */
  offset: number;
  end: number;
  /** the header's type flag ('0' or '' a file, '5' a folder, 'x' a PAX header for the next) */
  type: string;
}

export function tarEntries(tar: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) break;
    const end = offset + 512 + Math.ceil(size / 512) * 512;
    entries.push({
      name: prefix ? `${prefix}/${field(0, 100)}` : field(0, 100),
      offset,
      end,
      type: field(156, 1),
    });
    offset = end;
  }
  return entries;
}
