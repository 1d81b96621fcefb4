import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';

/** A statement row of the generic layout. */
export interface StatementRow {
  id: string;
  fecha: string;
  monto: number | string;
  descripcion: string;
  rut?: string;
}

const HEADER = ['id', 'fecha', 'monto', 'descripcion', 'rut', 'nombre', 'banco'];

function cells(row: StatementRow): (string | number)[] {
  return [row.id, row.fecha, row.monto, row.descripcion, row.rut ?? '', 'Ana Pérez', 'BancoEstado'];
}

/** A CSV statement in the generic layout (UTF-8). Imports nothing from the test runner. */
export function writeStatementCsv(dir: string, name: string, rows: StatementRow[]): string {
  const quote = (value: string | number) => `"${String(value).replaceAll('"', '""')}"`;
  const text = [HEADER, ...rows.map(cells)].map((line) => line.map(quote).join(',')).join('\n');
  const path = join(dir, name);
  writeFileSync(path, `${text}\n`);
  return path;
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/**
 * A minimal XLSX workbook (one sheet, inline strings, numbers as numbers) in the generic layout, as a bank
 * portal's export would be. `formula` puts `=1+1` (with a cached value) in the first data row's amount cell.
 */
export function writeStatementXlsx(
  dir: string,
  name: string,
  rows: StatementRow[],
  options: { formula?: boolean } = {},
): string {
  const column = (index: number) => String.fromCharCode(65 + index);
  const sheetRows = [HEADER, ...rows.map(cells)].map((line, rowIndex) => {
    const ref = (index: number) => `${column(index)}${rowIndex + 1}`;
    const xmlCells = line.map((value, index) => {
      if (options.formula && rowIndex === 1 && index === 2) {
        return `<c r="${ref(index)}"><f>1+1</f><v>${value}</v></c>`;
      }
      return typeof value === 'number'
        ? `<c r="${ref(index)}"><v>${value}</v></c>`
        : `<c r="${ref(index)}" t="inlineStr"><is><t>${value.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}</t></is></c>`;
    });
    return `<row r="${rowIndex + 1}">${xmlCells.join('')}</row>`;
  });
  const files = {
    '[Content_Types].xml': `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    '_rels/.rels': `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Cartola" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `${XML}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows.join('')}</sheetData></worksheet>`,
  };
  const path = join(dir, name);
  writeFileSync(
    path,
    zipSync(Object.fromEntries(Object.entries(files).map(([file, text]) => [file, strToU8(text)]))),
  );
  return path;
}
