import type { MovementField } from '../../domain/direct-transfer.ts';

/**
 * How one bank's statement export (cartola) is laid out: which column holds each field of a movement,
 * by its header text (compared without case, accents or surrounding spaces). Adding a bank is adding an
 * entry here (docs/direct-transfer.md, "Adding a bank's layout").
 */
export interface StatementLayout {
  /** Named by `--layout`. */
  name: string;
  /** Header text of each field's column; `id: null` when the bank gives no movement id (one is derived). */
  columns: Record<Exclude<MovementField, 'id'>, string | null> & { id: string | null };
  /**
   * Text encoding of CSV files: `utf-8` is checked strictly (a file in another encoding is refused, not
   * misread); `latin1` is decoded as ISO-8859-1, as some bank portals still export.
   */
  encoding: 'utf-8' | 'latin1';
  /** CSV field separator. */
  delimiter: ',' | ';';
  /** Lines above the header row (bank name, account, period) to skip. */
  skipRows: number;
}

export const STATEMENT_LAYOUTS: Record<string, StatementLayout> = {
  /** Puente's own layout: what `POST /merchant/movements` takes, as columns. */
  generic: {
    name: 'generic',
    columns: {
      id: 'id',
      date: 'fecha',
      amount: 'monto',
      description: 'descripcion',
      payer_rut: 'rut',
      payer_name: 'nombre',
      payer_bank: 'banco',
    },
    encoding: 'utf-8',
    delimiter: ',',
    skipRows: 0,
  },
  /**
   * A typical Chilean portal export: semicolons, Latin-1, two title lines, no movement id, credits in
   * their own column ("Abonos"); a model for adding a real bank's layout.
   */
  'cartola-latin1': {
    name: 'cartola-latin1',
    columns: {
      id: null,
      date: 'fecha',
      amount: 'abonos',
      description: 'descripción',
      payer_rut: 'rut origen',
      payer_name: 'nombre origen',
      payer_bank: 'banco origen',
    },
    encoding: 'latin1',
    delimiter: ';',
    skipRows: 2,
  },
};
