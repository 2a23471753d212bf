/**
 * The builder behind the Testing*Gateway fakes (Flink's TestingJobMasterGatewayBuilder and its
 * kin): every method of the built gateway answers with the function the test set for it, or
 * else with a default that fits a component with nothing to do. A test sets only the calls it
 * looks at, and records them itself if it needs to.
 */
import { SluiceError, ErrorCode } from '../common/errors.js';

export class TestingGatewayBuilder<G extends object> {
  private readonly functions: G;

  constructor(defaults: G) {
    this.functions = { ...defaults };
  }

  /** Answers `method` with `fn`. */
  set<K extends keyof G>(method: K, fn: G[K]): this {
    this.functions[method] = fn;
    return this;
  }

  /** The gateway; a test may still replace its methods later. */
  build(): G {
    return { ...this.functions };
  }
}

/** The default of a call that has no sensible empty answer: it rejects, naming the gateway and method. */
export function notSet(gateway: string, method: string): () => Promise<never> {
  return async () => {
    throw new SluiceError(ErrorCode.INTERNAL, `${gateway}.${method} is not set in this test`);
  };
}
