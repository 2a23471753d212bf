/**
 * The article's WordCount, in TypeScript with Flink's names.
 *
 *   npx sluice package examples/wordcount.ts -o word-count-1.0.jar
 *   curl -X POST -H "Expect:" -F "jarfile=@word-count-1.0.jar" http://localhost:8081/jars/upload
 *   curl -X POST -H "Content-Type: application/json" -d '{"entryClass":"WordCount"}' http://localhost:8081/jars/word-count-1.0.jar/run
 */
import { StreamExecutionEnvironment, type Collector, type FlatMapFunction } from 'sluice';

export class WordCount {
  static async main(args: string[]): Promise<void> {
    const env = StreamExecutionEnvironment.getExecutionEnvironment();

    const text = env.fromElements(...(args.length > 0 ? args : ['Hello World', 'Hello Flink']));

    const counts = text
      .flatMap(new Tokenizer())
      .keyBy((value) => value[0])
      .sum(1);

    counts.print();

    await env.execute('WordCount Example');
  }
}

/** Splits a line into lower-case words, emitting (word, 1) for each. */
export class Tokenizer implements FlatMapFunction<string, [string, number]> {
  flatMap(value: string, out: Collector<[string, number]>): void {
    for (const token of value.toLowerCase().split(/\W+/)) {
      if (token.length > 0) out.collect([token, 1]);
    }
  }
}
