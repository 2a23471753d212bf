/** Job-wide settings of an environment (Flink's ExecutionConfig). */
import { checkMaxParallelism, checkParallelism } from './parallelism.js';

/**
 * Defaults for every operator of the job plus free-form user parameters. Unset values are
 * `undefined`: the cluster's `parallelism.default` / `pipeline.max-parallelism` then apply.
 */
export class ExecutionConfig {
  private parallelism: number | undefined;
  private maxParallelism: number | undefined;
  private globalJobParameters: Readonly<Record<string, string>> = {};

  setParallelism(parallelism: number): this {
    this.parallelism = checkParallelism(parallelism);
    return this;
  }

  getParallelism(): number | undefined {
    return this.parallelism;
  }

  setMaxParallelism(maxParallelism: number): this {
    this.maxParallelism = checkMaxParallelism(maxParallelism);
    return this;
  }

  getMaxParallelism(): number | undefined {
    return this.maxParallelism;
  }

  /** Parameters user functions can read back (copied, so later edits to `params` do not leak in). */
  setGlobalJobParameters(params: Readonly<Record<string, string>>): this {
    this.globalJobParameters = { ...params };
    return this;
  }

  getGlobalJobParameters(): Readonly<Record<string, string>> {
    return this.globalJobParameters;
  }
}
