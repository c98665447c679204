import type { DataSource } from 'typeorm';

export function isMysql(dataSource: DataSource): boolean {
  return dataSource.options.type === 'mysql';
}
