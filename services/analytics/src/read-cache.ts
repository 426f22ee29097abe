/**
 * Each read's result, kept for `ttlMs` after it arrives and shared by every request for the same key
 * meanwhile, including the requests that come while it is still being read (single flight): however
 * many ask, ClickHouse runs each (endpoint, minutes) read at most once per `ttlMs` plus its own time.
 * A failed read is not kept; the next request tries again.
 */
export class ReadCache {
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(private readonly ttlMs: number) {}

  get<T>(key: string, read: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached) return cached as Promise<T>;
    const result = read();
    this.entries.set(key, result);
    const forget = () => {
      if (this.entries.get(key) === result) this.entries.delete(key);
    };
    result.then(() => setTimeout(forget, this.ttlMs).unref(), forget);
    return result;
  }
}
