import type { DirectTransferStore } from '../../ports/direct-transfer-store.ts';
import type { FunnelDeps } from '../funnel/funnel-deps.ts';

/** The funnel's dependencies (a match ends a payment through `applyStep`), plus the direct-transfer store. */
export interface DirectTransferDeps extends FunnelDeps {
  directTransfers: DirectTransferStore;
  /** A new payment reference (`referenceFrom` random bytes). */
  newReference: () => string;
}
