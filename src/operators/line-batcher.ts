/**
 * Text sinks write lines in batches: one write per batch of records (a microtask after the
 * batch that produced them, i.e. once the task's current input batch or source chunk is done),
 * never one write per record.
 */
export class LineBatcher {
  private pending: string[] = [];
  private scheduled = false;
  private readonly scheduledFlush = (): void => {
    this.scheduled = false;
    this.flush();
  };

  /** `write` gets the lines of a batch, each ended by `\n`. */
  constructor(private readonly write: (text: string) => void) {}

  add(line: string): void {
    this.pending.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(this.scheduledFlush);
    }
  }

  /** Writes the pending lines now. */
  flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.join('\n') + '\n';
    this.pending = [];
    this.write(text);
  }
}
