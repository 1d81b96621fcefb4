import { type Html, html } from '../html.ts';

/**
 * Says, above search results and the dashboard, that they come from a read replica that is behind, so an
 * operator who misses a payment made a moment ago knows why. Nothing when the replica is caught up (under a
 * second) or the reads go to the primary.
 */
export function replicaNote(lagSeconds: number | null): Html | '' {
  if (lagSeconds === null || lagSeconds < 1) return '';
  const behind = lagSeconds < 90 ? `${Math.round(lagSeconds)} s` : `${(lagSeconds / 60).toFixed(1)} min`;
  return html`<p class="card flash" role="status" id="replica-lag">Datos de la réplica de lectura, con ${behind} de retraso: los pagos más recientes pueden no aparecer todavía.</p>`;
}
