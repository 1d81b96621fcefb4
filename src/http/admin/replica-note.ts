import { type Html, html } from '../html.ts';
import type { AdminText } from './messages.ts';

/**
 * Says, above search results and the dashboard, that they come from a read replica that is behind, so an
 * operator who misses a payment made a moment ago knows why. Nothing when the replica is caught up (under a
 * second) or the reads go to the primary.
 */
export function replicaNote(text: AdminText, lagSeconds: number | null): Html | '' {
  if (lagSeconds === null || lagSeconds < 1) return '';
  const behind = lagSeconds < 90 ? `${text.number(lagSeconds)} s` : `${text.number(lagSeconds / 60, 1)} min`;
  return html`<p class="card flash" role="status" id="replica-lag">${text.t('replica_lag', { behind })}</p>`;
}
