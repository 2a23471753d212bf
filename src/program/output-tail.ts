/** Keeps the last bytes written to a child's stdout/stderr, for error messages, in bounded memory. */
export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = false;

  constructor(private readonly limitBytes: number) {}

  append(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limitBytes) {
      const excess = this.size - this.limitBytes;
      const first = this.chunks[0]!;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
      this.dropped = true;
    }
  }

  /** The kept output as text, marked when older output was dropped. */
  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.dropped ? `[...]${text}` : text;
  }
}
