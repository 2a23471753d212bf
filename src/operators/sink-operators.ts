/** Sinks: print (Flink's format, `N> ` prefix when parallel), a user SinkFunction, discard. */
import type { RuntimeContext, SinkContext } from '../api/functions.js';
import { formatRecord } from './record-format.js';
import { bindUserFunction, UdfOperator, type StreamOperator } from './stream-operator.js';

/** Where printed lines go (the TaskManager's stdout/stderr; tests may capture). */
export interface PrintTarget {
  write(text: string): void;
}

/** Lines are gathered and written once per call-batch, not once per record. */
export class PrintSinkOperator implements StreamOperator {
  private prefix = '';
  private pending: string[] = [];
  private scheduled = false;

  constructor(private readonly target: PrintTarget, private readonly sinkIdentifier?: string) {}

  async open(context: RuntimeContext): Promise<void> {
    const parallel = context.getNumberOfParallelSubtasks() > 1;
    const id = this.sinkIdentifier;
    if (id && parallel) this.prefix = `${id}:${context.getIndexOfThisSubtask() + 1}> `;
    else if (id) this.prefix = `${id}> `;
    else if (parallel) this.prefix = `${context.getIndexOfThisSubtask() + 1}> `;
  }

  processElement(record: unknown): void {
    this.pending.push(this.prefix + formatRecord(record));
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  finish(): void {
    this.flush();
  }

  async close(): Promise<void> {
    this.flush();
  }

  private flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    this.target.write(this.pending.join('\n') + '\n');
    this.pending = [];
  }
}

export class FunctionSinkOperator extends UdfOperator {
  private readonly invoke: (v: unknown, c: SinkContext) => void;
  private readonly context: SinkContext = { currentProcessingTime: () => Date.now() };
  constructor(udf: unknown) {
    super(udf, { collect: () => undefined });
    this.invoke = bindUserFunction(udf, 'invoke');
  }
  processElement(record: unknown): void {
    this.invoke(record, this.context);
  }
}

export class DiscardingSinkOperator implements StreamOperator {
  async open(): Promise<void> {}
  processElement(): void {}
  finish(): void {}
  async close(): Promise<void> {}
}
