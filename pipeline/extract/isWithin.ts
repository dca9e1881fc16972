/**
 * Is a path the folder itself, or inside it? Compared as given, so pass real paths (links and
 * `..` resolved) when a link could lead out. Used to keep extract files inside the extract
 * folder, and the database out of the output folder.
 *
 * @example
 * isWithin('/data/extract', '/data/extract/people.csv'); // true
 * isWithin('/data/extract', '/data/extract-2/people.csv'); // false
 * isWithin('/data/out', '/data/out/..db');                 // true: a name that starts with two dots
 */
import { isAbsolute, relative, sep } from 'node:path';

export function isWithin(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
