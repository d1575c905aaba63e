import { readFileSync, statSync, writeFileSync } from 'node:fs';

/**
 * Damage a file as a bad disk or a stray write would: invert `count` bytes from `at` (default:
 * the middle of the file), keeping its size, so only a checksum can tell.
 */
export function flipBytes(path: string, at?: number, count = 8): void {
  const bytes = readFileSync(path);
  const start = at ?? Math.floor(bytes.length / 2) - Math.floor(count / 2);
  if (start < 0 || start + count > bytes.length) throw new Error(`${path} has ${bytes.length} bytes: cannot flip ${count} at ${start}`);
  for (let i = start; i < start + count; i++) bytes[i] = bytes[i]! ^ 0xff;
  const size = statSync(path).size;
  writeFileSync(path, bytes);
  if (statSync(path).size !== size) throw new Error('size changed');
}
