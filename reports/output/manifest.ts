/**
 * OUT/manifest.json: progeval's claim to an output folder, and the list of every file it
 * wrote there with its SHA-256 and size. progeval replaces only a folder that holds its own
 * manifest (and nothing the manifest does not list), so it never deletes work it did not
 * write. The schema is versioned (`manifest_version`) so that reproduce can rely on it.
 *
 * {
 *   "manifest_version": 1,
 *   "tool": "progeval",
 *   "progeval_version": "0.1.0",
 *   "created_at": "2026-10-01T12:00:00.000Z",     // when the output was completed
 *   "files": [                                      // every file but manifest.json, sorted by path
 *     { "path": "charts/flow.svg", "sha256": "…64 hex…", "bytes": 1234 },
 *     …
 *   ]
 * }
 *
 * Paths are relative to OUT with `/` separators, never absolute, never `..`.
 */
import { z } from 'zod';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_VERSION = 1;

const relativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && p.split('/').every((part) => part !== '' && part !== '.' && part !== '..'), {
    message: 'a relative path inside OUT, with / separators',
  });

export const manifestFileSchema = z.strictObject({
  path: relativePath,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.int().nonnegative(),
});

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * What `progeval run` read, so that `progeval reproduce` can run it again and compare (issue
 * 13): the environment, the plan verbatim, every extract file's SHA-256 (by load batch, oldest
 * first), the seed, and the two inputs a fresh database would lack: the disclosure release
 * register the run was checked against (cells it or earlier runs already published) and the
 * headline figures of earlier runs its trend chart drew (in results.json's `history`).
 * Names only, never an absolute path.
 */
export const manifestRunSchema = z.strictObject({
  node_version: z.string(),
  /** SHA-256 of package-lock.json (the exact dependency tree), null when not installed from it. */
  package_lock_sha256: sha256.nullable(),
  plan: z.strictObject({ sha256, text: z.string() }),
  seed: z.int(),
  inputs: z.array(z.strictObject({ batch_id: z.int().nullable(), extract_sha256: z.string(), files: z.array(z.strictObject({ file: z.string(), sha256: z.string() })) })),
  release: z.strictObject({ id: z.int().nullable(), fresh: z.boolean(), unregistered: z.boolean(), cells: z.array(z.strictObject({ population: z.string(), variant: z.string(), value: z.int() })) }),
});

/**
 * Present only in the folder of `progeval export`: row-level data for approved academic
 * partners, not a report. A report's OUT never holds one, and `run` never replaces one.
 */
export const manifestExportSchema = z.strictObject({
  row_level: z.literal(true),
  notice: z.string(),
});

export const manifestSchema = z.strictObject({
  manifest_version: z.literal(MANIFEST_VERSION),
  tool: z.literal('progeval'),
  progeval_version: z.string(),
  created_at: z.iso.datetime(),
  files: z.array(manifestFileSchema),
  /** Present for outputs of `progeval run` (reports written without a run, e.g. in tests, lack it). */
  run: manifestRunSchema.optional(),
  export: manifestExportSchema.optional(),
});
export type ManifestExport = z.infer<typeof manifestExportSchema>;
export type ManifestRun = z.infer<typeof manifestRunSchema>;

export type ManifestFile = z.infer<typeof manifestFileSchema>;
export type Manifest = z.infer<typeof manifestSchema>;
