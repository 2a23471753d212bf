/** The entry point of every job (Flink's StreamExecutionEnvironment). */
import { ErrorCode, SluiceError } from '../common/errors.js';
import { CheckpointConfig, type CheckpointingMode } from './checkpoint-config.js';
import { SingleOutputStreamOperator } from './data-stream.js';
import { getContextExecutor, type JobExecutionResult } from './execution-context.js';
import { WatermarkStrategy, type Source } from './source.js';
import { ExecutionConfig } from './execution-config.js';
import { StreamGraphBuilder } from './stream-graph-builder.js';
import type { SourceSpec, StreamGraph } from './stream-graph.js';

/** Flink's default job name. */
const DEFAULT_JOB_NAME = 'Flink Streaming Job';

/**
 * Creates sources, holds job-wide settings, and turns the program into a StreamGraph. Building
 * is deterministic: the same `main` with the same args yields the same graph, which task workers
 * rely on to find their operators' functions.
 */
export class StreamExecutionEnvironment {
  private readonly config = new ExecutionConfig();
  private readonly builder = new StreamGraphBuilder();
  private readonly checkpointConfig = new CheckpointConfig();

  /** A new environment; where `execute()` runs it is decided by the executor the runtime installed. */
  static getExecutionEnvironment(): StreamExecutionEnvironment {
    return new StreamExecutionEnvironment();
  }

  getConfig(): ExecutionConfig {
    return this.config;
  }

  /** Default parallelism of the job's operators (overrides the cluster's `parallelism.default`). */
  setParallelism(parallelism: number): this {
    this.config.setParallelism(parallelism);
    return this;
  }

  /** The parallelism set by the program, or undefined if the cluster default applies. */
  getParallelism(): number | undefined {
    return this.config.getParallelism();
  }

  /** Default max parallelism (number of key groups) of the job's operators. */
  setMaxParallelism(maxParallelism: number): this {
    this.config.setMaxParallelism(maxParallelism);
    return this;
  }

  getMaxParallelism(): number | undefined {
    return this.config.getMaxParallelism();
  }

  /**
   * Checkpoints the job every `interval` ms (at least 10; `execution.checkpointing.interval`),
   * with `mode` (`execution.checkpointing.mode`, EXACTLY_ONCE unless set). The JobMaster snapshots
   * every task's state and source position into `execution.checkpointing.dir`, and a failed job
   * restarts from its latest completed checkpoint (exponential-delay is then the default restart
   * strategy, as in Flink). More settings: getCheckpointConfig().
   */
  enableCheckpointing(interval: number, mode?: CheckpointingMode): this {
    this.checkpointConfig.setCheckpointInterval(interval);
    if (mode !== undefined) this.checkpointConfig.setCheckpointingConsistencyMode(mode);
    return this;
  }

  /** The program's checkpoint settings; what it sets overrides the cluster's `execution.checkpointing.*`. */
  getCheckpointConfig(): CheckpointConfig {
    return this.checkpointConfig;
  }

  /** A bounded, non-parallel source of the given records. */
  fromElements<T>(...elements: T[]): SingleOutputStreamOperator<T> {
    return this.fromCollection(elements);
  }

  /** A bounded, non-parallel source of the collection's records, read once now. */
  fromCollection<T>(collection: Iterable<T>): SingleOutputStreamOperator<T> {
    const elements = Array.from(collection);
    if (elements.length === 0) {
      throw SluiceError.user(ErrorCode.INVALID_PROGRAM, 'A Collection Source needs at least one element.');
    }
    return this.addSource<T>('Collection Source', { type: 'elements', elements });
  }

  /** A bounded, parallel source of the integers `from`..`to` (both inclusive). */
  fromSequence(from: number, to: number): SingleOutputStreamOperator<number> {
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from > to) {
      throw SluiceError.user(
        ErrorCode.INVALID_PROGRAM,
        `A Sequence Source needs integers with from <= to, got from=${from}, to=${to}.`,
      );
    }
    return this.addSource<number>('Sequence Source', { type: 'sequence', from, to });
  }

  /**
   * A bounded, parallel source of the lines of a UTF-8 text file (without `\n` / `\r\n`). The
   * file is read on the TaskManagers, so `path` must be reachable there (as in Flink); each
   * subtask streams the lines that start in its share of the file's bytes. Named as Flink names it.
   */
  readTextFile(path: string): SingleOutputStreamOperator<string> {
    if (typeof path !== 'string' || path.length === 0) {
      throw SluiceError.user(ErrorCode.INVALID_PROGRAM, 'readTextFile needs a file path.');
    }
    return this.addSource<string>('Custom File Source', { type: 'textFile', path });
  }

  /**
   * A non-parallel, unbounded source of the lines read from a TCP socket (without `delimiter`;
   * with the `\n` delimiter a trailing `\r` is dropped too). The TaskManager running the source
   * connects to `hostname:port`; the source ends when the peer closes the connection.
   */
  socketTextStream(hostname: string, port: number, delimiter = '\n'): SingleOutputStreamOperator<string> {
    if (typeof hostname !== 'string' || hostname.length === 0) {
      throw SluiceError.user(ErrorCode.INVALID_PROGRAM, 'socketTextStream needs a host name.');
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw SluiceError.user(ErrorCode.INVALID_PROGRAM, `socketTextStream needs a port in 1..65535, got ${port}.`);
    }
    if (typeof delimiter !== 'string' || delimiter.length === 0) {
      throw SluiceError.user(ErrorCode.INVALID_PROGRAM, 'socketTextStream needs a non-empty delimiter.');
    }
    return this.addSource<string>('Socket Stream', { type: 'socket', hostname, port, delimiter }).setParallelism(1);
  }

  /**
   * A source of the unified source API, e.g. `new DataGeneratorSource(...)`. Records carry no
   * event time yet, so `watermarkStrategy` is `WatermarkStrategy.noWatermarks()`.
   */
  fromSource<T>(source: Source<T>, watermarkStrategy: WatermarkStrategy<T>, sourceName: string): SingleOutputStreamOperator<T> {
    if (!(watermarkStrategy instanceof WatermarkStrategy)) {
      throw SluiceError.user(ErrorCode.INVALID_PROGRAM, 'fromSource needs a WatermarkStrategy, e.g. WatermarkStrategy.noWatermarks().');
    }
    if (typeof sourceName !== 'string' || sourceName.length === 0) {
      throw SluiceError.user(ErrorCode.INVALID_PROGRAM, 'fromSource needs a source name.');
    }
    return this.addSource<T>(sourceName, source.toSourceSpec());
  }

  /** The program's StreamGraph; throws INVALID_PROGRAM if it has no operators or no sink. */
  getStreamGraph(jobName = DEFAULT_JOB_NAME): StreamGraph {
    return this.builder.build({
      jobName,
      parallelism: this.config.getParallelism(),
      maxParallelism: this.config.getMaxParallelism(),
      checkpointConfig: this.checkpointConfig.toConfiguration(),
    });
  }

  /** Builds the StreamGraph and hands it to the executor the runtime installed (see setContextExecutor). */
  async execute(jobName = DEFAULT_JOB_NAME): Promise<JobExecutionResult> {
    const streamGraph = this.getStreamGraph(jobName);
    const executor = getContextExecutor();
    if (!executor) {
      throw SluiceError.user(
        ErrorCode.NO_EXECUTOR,
        'No executor is installed in this process, so execute() cannot run the job. ' +
          'Package the job (sluice package) and submit it to a cluster (sluice run).',
      );
    }
    return executor.execute(streamGraph);
  }

  private addSource<T>(name: string, source: SourceSpec): SingleOutputStreamOperator<T> {
    return new SingleOutputStreamOperator<T>(this, this.builder, this.builder.addNode(name, { kind: 'source', source }, []));
  }
}
