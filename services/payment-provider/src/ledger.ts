import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";

/** What the provider decided for one idempotency key (a merchant's order id). */
export interface Entry {
  key: string;
  status: "authorized" | "declined" | "voided";
  reference: string;
  amountCents: number;
  /** For a voided entry: whether it had been authorized before the void (money held, then released). */
  wasAuthorized?: boolean;
}

/**
 * The provider's book of decisions, by idempotency key. With a file, every change is appended to it
 * and the book is read back at start: a provider keeps its ledger across restarts, and reconciliation
 * (the merchant's and `firebreak verify`'s) depends on that. Without one it lives in memory (tests).
 */
export class Ledger {
  private readonly entries = new Map<string, Entry>();
  /** When the books were opened: nothing before it can be found in them. */
  readonly openedAt: string = new Date().toISOString();

  constructor(private readonly file?: string) {
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    if (!existsSync(file)) appendFileSync(file, `${JSON.stringify({ openedAt: this.openedAt })}\n`);
    const text = readFileSync(file, "utf8");
    // What a crash cut short is ended here, so that the next change starts a line of its own.
    if (!text.endsWith("\n")) appendFileSync(file, "\n");
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        const record = JSON.parse(line) as Entry | { openedAt: string };
        if ("openedAt" in record) this.openedAt = record.openedAt;
        else this.entries.set(record.key, record);
      } catch {
        // A line cut short by a crash mid-append: the change it held was never answered to anyone.
      }
    }
  }

  get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  set(entry: Entry): Entry {
    this.entries.set(entry.key, entry);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    return entry;
  }

  all(): Entry[] {
    return [...this.entries.values()];
  }
}
