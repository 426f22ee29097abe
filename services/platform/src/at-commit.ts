import type pg from "pg";

type Tx = pg.PoolClient;

interface Deferred<State> {
  state: State;
  flush: (state: State) => Promise<void>;
}

/**
 * Work that a transaction's handlers defer to just before its COMMIT, one flush per key however many
 * handlers asked for it. A consumer handles a whole batch of events in one transaction; when each
 * event's effect lands on the same rows (a product's stock) or the same table (the outbox), one
 * set-based statement at the end costs one round trip and one row version where per-event statements
 * cost one each. The flushes run in the order they were first asked for.
 */
const pending = new WeakMap<Tx, Map<symbol, Deferred<unknown>>>();

/**
 * The state this transaction gathers under `key` (made by `init` on the first call), which `flush`
 * writes just before the transaction commits. Gone with the transaction, whether it commits or not.
 */
export function atCommit<State>(tx: Tx, key: symbol, init: () => State, flush: (state: State) => Promise<void>): State {
  let deferred = pending.get(tx);
  if (!deferred) pending.set(tx, (deferred = new Map()));
  let entry = deferred.get(key) as Deferred<State> | undefined;
  if (!entry) deferred.set(key, (entry = { state: init(), flush }) as Deferred<unknown>);
  return entry.state;
}

/** Called by withTransaction before COMMIT. A flush may defer more work; it runs in the same pass. */
export async function runAtCommit(tx: Tx): Promise<void> {
  const deferred = pending.get(tx);
  if (!deferred) return;
  for (const { state, flush } of deferred.values()) await flush(state);
  pending.delete(tx);
}

/** Called by withTransaction when the transaction ends either way: a pooled client starts the next one clean. */
export function forgetAtCommit(tx: Tx): void {
  pending.delete(tx);
}
