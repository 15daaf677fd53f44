/** The part of fs-native-extensions (OS file locks on a file descriptor) that platform/db uses. */
declare module 'fs-native-extensions' {
  /**
   * Takes an exclusive lock (shared with `{ shared: true }`) on the open file without waiting:
   * true when taken, false when another open file holds it. Linux: an open-file-description
   * lock (fcntl F_OFD_SETLK); macOS: flock; Windows: LockFileEx. The kernel releases it when
   * the file is closed or the process ends, however it ends.
   */
  export function tryLock(fd: number, offset?: number, length?: number, opts?: { shared?: boolean }): boolean;
  export function unlock(fd: number, offset?: number, length?: number): void;
}
