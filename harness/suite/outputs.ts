// Writes a suite run's outputs into its directory: suite.json, index.html and junit.xml, each replaced whole (written
// to a temporary file and renamed), so a reader — or a suite killed between runs — never sees half a file.
import { join } from 'node:path';
import { replaceFile } from '../../core/files.ts';
import type { SuiteRecord } from '../../core/suite-record.ts';
import { renderSuiteJunit } from '../../reports/junit/suite.ts';
import { renderSuiteIndex, type SuiteDiff } from '../../reports/suite-index/index.ts';
import { SUITE_RECORD_FILE } from './store.ts';

export function writeSuiteOutputs(dir: string, record: SuiteRecord, diff?: SuiteDiff): void {
  replaceFile(join(dir, SUITE_RECORD_FILE), JSON.stringify(record, null, 2) + '\n');
  replaceFile(join(dir, 'index.html'), renderSuiteIndex({ record, diff }));
  replaceFile(join(dir, 'junit.xml'), renderSuiteJunit(record));
}
