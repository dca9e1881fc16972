/** The one dialect difference in the migrations: an identity primary key. */
import type { ColumnDefinitionBuilder } from 'kysely';
import type { DialectName } from '../dialect.ts';

export const identity = (dialect: DialectName) => (c: ColumnDefinitionBuilder) =>
  dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();
