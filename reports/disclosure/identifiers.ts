/**
 * Finding pseudonyms in published output. The ONS / GSS "Disclosure control guidance for
 * tables produced from administrative data" treats any record-level identifier in an output
 * as a disclosure in itself, however anonymised: person, enrolment, group and facilitator ids
 * may be linked back to a person by whoever holds the source. A test searches every output
 * (results.json, report HTML, tables, chart specs) for every id of the input with this.
 *
 * An id is found only as a whole token: `P12` is not found inside `P123` or `XP12`, but is in
 * `"P12"`, `P12,` or `id=P12`. Letters, digits and `_` make up a token (ids of the contract
 * are of those characters, with `-` also allowed inside an id).
 */

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The distinct ids of `ids` that occur in `text` as whole tokens, in the order given. */
export function findIdentifiers(text: string, ids: Iterable<string>): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    if (!id || seen.has(id)) continue;
    seen.add(id);
    if (!text.includes(id)) continue;
    const token = new RegExp(`(?<![A-Za-z0-9_-])${escapeRegExp(id)}(?![A-Za-z0-9_-])`);
    if (token.test(text)) found.push(id);
  }
  return found;
}
