/** Sinks: print (Flink's format, `N> ` prefix when parallel), a user SinkFunction, discard. */
import type { SinkContext, TaskInfo } from '../api/functions.js';
import { LineBatcher } from './line-batcher.js';
import { formatRecord } from './record-format.js';
import { bindUserFunction, UdfOperator, type StreamOperator } from './stream-operator.js';

/** Where printed lines go (the TaskManager's stdout/stderr; tests may capture). */
export interface PrintTarget {
  write(text: string): void;
}

/** `print()`: lines in Flink's format, written once per batch of records. */
export class PrintSinkOperator implements StreamOperator {
  private prefix = '';
  private readonly lines: LineBatcher;

  constructor(target: PrintTarget, private readonly sinkIdentifier?: string) {
    this.lines = new LineBatcher((text) => target.write(text));
  }

  async open(info: TaskInfo): Promise<void> {
    const parallel = info.getNumberOfParallelSubtasks() > 1;
    const id = this.sinkIdentifier;
    if (id && parallel) this.prefix = `${id}:${info.getIndexOfThisSubtask() + 1}> `;
    else if (id) this.prefix = `${id}> `;
    else if (parallel) this.prefix = `${info.getIndexOfThisSubtask() + 1}> `;
  }

  processElement(record: unknown): void {
    this.lines.add(this.prefix + formatRecord(record));
  }

  finish(): void {
    this.lines.flush();
  }

  async close(): Promise<void> {
    this.lines.flush();
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
    try {
      this.invoke(record, this.context);
    } catch (err) {
      throw this.userError(err);
    }
  }
}

export class DiscardingSinkOperator implements StreamOperator {
  async open(): Promise<void> {}
  processElement(): void {}
  finish(): void {}
  async close(): Promise<void> {}
}
