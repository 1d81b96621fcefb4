import { createHash } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { readSheet } from 'read-excel-file/node';
import {
  MOVEMENT_FIELDS,
  type Movement,
  type MovementField,
  parseMovement,
} from '../../domain/direct-transfer.ts';
import type { StatementLayout } from './layouts.ts';

/** Statement files larger than this are refused before they are read: a month of a busy shop is far less. */
export const MAX_STATEMENT_BYTES = 10 * 1024 * 1024;

/** A statement file Puente will not read, with what to do about it. Nothing was stored. */
export class StatementFileError extends Error {
  override readonly name = 'StatementFileError';
}

type Cell = string | number | boolean | Date | null;

/**
 * The credits of a statement file (CSV or XLSX, told by the name's extension) laid out as `layout` says.
 * Refuses the whole file, naming the row and column, on anything it cannot read exactly: a size over
 * `MAX_STATEMENT_BYTES`, text that is not in the layout's encoding, a missing column, a spreadsheet
 * formula (its value could change, or run, when opened), a date or amount that does not parse. Rows with no
 * positive amount are debits or blank lines and are skipped.
 */
export async function readStatementFile(
  fileName: string,
  bytes: Uint8Array,
  layout: StatementLayout,
): Promise<Movement[]> {
  if (bytes.length > MAX_STATEMENT_BYTES) {
    throw new StatementFileError(
      `the file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; statement files are limited to ${MAX_STATEMENT_BYTES / 1024 / 1024} MB: export a shorter period`,
    );
  }
  const extension = fileName.toLowerCase().split('.').pop();
  const rows =
    extension === 'csv' || extension === 'txt'
      ? csvRows(bytes, layout)
      : extension === 'xlsx'
        ? await xlsxRows(bytes)
        : null;
  if (!rows) throw new StatementFileError('the file must be a .csv or an .xlsx statement export');
  return movementsOf(rows.slice(layout.skipRows), layout);
}

function csvRows(bytes: Uint8Array, layout: StatementLayout): Cell[][] {
  let text: string;
  try {
    text = new TextDecoder(layout.encoding === 'latin1' ? 'latin1' : 'utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new StatementFileError(
      `the file is not UTF-8 text; save it as "CSV UTF-8", or use a layout that declares its encoding (e.g. --layout cartola-latin1)`,
    );
  }
  try {
    return parseCsv(text.replace(/^\uFEFF/, ''), {
      delimiter: layout.delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (error) {
    throw new StatementFileError(`the CSV could not be read: ${(error as Error).message}`);
  }
}

async function xlsxRows(bytes: Uint8Array): Promise<Cell[][]> {
  let sheets: Record<string, Uint8Array>;
  try {
    sheets = unzipSync(bytes, { filter: (file) => /^xl\/worksheets\/[^/]+\.xml$/.test(file.name) });
  } catch {
    throw new StatementFileError('the file is not a valid .xlsx workbook');
  }
  // A formula's value is whatever the spreadsheet last computed, and may change or run when opened: refused.
  for (const [name, xml] of Object.entries(sheets)) {
    const formula = /<c r="([A-Z]+\d+)"[^>]*>(?:(?!<\/c>).)*?<f[\s>/]/s.exec(new TextDecoder().decode(xml));
    if (formula) {
      throw new StatementFileError(
        `cell ${formula[1]} of ${name.replace('xl/worksheets/', '')} holds a spreadsheet formula; export the statement again with values only`,
      );
    }
  }
  try {
    return (await readSheet(Buffer.from(bytes))) as Cell[][];
  } catch (error) {
    throw new StatementFileError(`the workbook could not be read: ${(error as Error).message}`);
  }
}

const normalise = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .toLowerCase();

/** A CSV cell a spreadsheet would run as a formula (`=`, `@`, or `+`/`-` not followed by a number). */
const FORMULA_TEXT = /^\s*(?:[=@]|[+-](?![\d\s.,]))/;

function movementsOf(rows: Cell[][], layout: StatementLayout): Movement[] {
  const [header, ...body] = rows;
  if (!header) throw new StatementFileError('the file has no header row');
  const names = header.map((cell) => normalise(String(cell ?? '')));
  const indexOf = {} as Record<MovementField, number | null>;
  const missing: string[] = [];
  for (const field of MOVEMENT_FIELDS) {
    const wanted = layout.columns[field];
    const index = wanted === null ? -1 : names.indexOf(normalise(wanted));
    if (wanted !== null && index < 0 && ['id', 'date', 'amount', 'description'].includes(field)) {
      missing.push(`"${wanted}"`);
    }
    indexOf[field] = index < 0 ? null : index;
  }
  if (missing.length > 0) {
    throw new StatementFileError(
      `the file does not have the columns of layout "${layout.name}": missing ${missing.join(', ')} (found ${names.map((name) => `"${name}"`).join(', ')})`,
    );
  }
  const seen = new Map<string, number>();
  const movements: Movement[] = [];
  body.forEach((row, position) => {
    const line = position + layout.skipRows + 2;
    row.forEach((cell, column) => {
      if (typeof cell === 'string' && FORMULA_TEXT.test(cell)) {
        throw new StatementFileError(
          `row ${line}, column ${column + 1} holds a spreadsheet formula ("${cell.slice(0, 20)}"); remove it and import again`,
        );
      }
    });
    const cellOf = (field: MovementField) => {
      const index = indexOf[field];
      const cell = index === null ? null : (row[index] ?? null);
      return cell instanceof Date ? cell.toISOString().slice(0, 10) : cell;
    };
    const amount = cellOf('amount');
    // Debits, blank and total lines have no positive amount: not movements of ours.
    if (amount === null || amount === '' || (typeof amount === 'number' && amount <= 0)) return;
    if (typeof amount === 'string' && /^\s*-/.test(amount)) return;
    const raw: Partial<Record<MovementField, unknown>> = {};
    for (const field of MOVEMENT_FIELDS) raw[field] = cellOf(field);
    if (layout.columns.id === null) raw.id = derivedId(raw, seen);
    const parsed = parseMovement(
      { ...raw, date: raw.date === null ? null : String(raw.date) },
      { statementAmounts: true },
    );
    if ('field' in parsed) {
      throw new StatementFileError(`row ${line}: ${parsed.field} ${parsed.message}`);
    }
    movements.push(parsed.movement);
  });
  return movements;
}

/**
 * An id for a bank that gives none: a hash of the row's fields and how many identical rows came before it
 * in the file, so the same file imported twice yields the same ids (and two equal transfers stay two).
 */
function derivedId(raw: Partial<Record<MovementField, unknown>>, seen: Map<string, number>): string {
  const key = MOVEMENT_FIELDS.map((field) => String(raw[field] ?? '')).join('\u0000');
  const occurrence = (seen.get(key) ?? 0) + 1;
  seen.set(key, occurrence);
  return `row-${createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 24)}`;
}
