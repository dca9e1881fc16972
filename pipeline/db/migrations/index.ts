/**
 * The schema's history, oldest first. A migration, once released, is never edited: change
 * the schema by adding the next one.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { contractV1 } from './0001_contract_v1.ts';
import { disclosureRegister } from './0002_disclosure_register.ts';
import { extractSnapshots } from './0003_extract_snapshots.ts';
import { runRegistry } from './0004_run_registry.ts';

export function migrationProvider(dialect: DialectName): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '0001_contract_v1': contractV1(dialect),
        '0002_disclosure_register': disclosureRegister(dialect),
        '0003_extract_snapshots': extractSnapshots(dialect),
        '0004_run_registry': runRegistry(dialect),
      };
    },
  };
}
