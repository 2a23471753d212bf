import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamExecutionEnvironment, type StreamGraph } from '../api/index.js';
import { createJobGraph } from './index.js';
import { rescaleJobGraph } from './parallelism-overrides.js';

const program = { blobKey: 'b'.repeat(64), packageName: 'count.js', args: [] };
const OVERRIDES = 'pipeline.jobvertex-parallelism-overrides';

/** A source, then keyBy into a map chained with its sink; `forwardMap` adds an unchained map behind the source, fed FORWARD. */
function keyedCount(forwardMap = false): StreamGraph {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const source = env.fromSequence(1, 100);
  const input = forwardMap ? source.map((n) => n).disableChaining() : source;
  input.keyBy((n) => n % 8).map((n) => n).print();
  return env.getStreamGraph('Keyed count');
}

test('a rescaled JobGraph runs its vertices at the new parallelism, and a rebuild with its configuration reaches the same vertices and fingerprint', () => {
  const graph = keyedCount();
  const original = createJobGraph(graph, { jobId: 'a'.repeat(32), program, defaultParallelism: 2 });
  const [source, counter] = original.vertices;
  const rescaled = rescaleJobGraph(original, new Map([[counter!.id, 3]]));
  assert.deepEqual(rescaled.vertices.map((v) => v.parallelism), [2, 3]);
  assert.deepEqual(rescaled.plan.nodes.map((n) => n.parallelism), [2, 3]);
  assert.deepEqual(rescaled.streamGraph.nodes.map((n) => n.parallelism), [2, 3, 3]);
  assert.equal(rescaled.config[OVERRIDES], `${counter!.id}:3`);
  assert.notEqual(rescaled.fingerprint, original.fingerprint);
  const rebuilt = createJobGraph(graph, { jobId: 'a'.repeat(32), program, defaultParallelism: 2, config: rescaled.config });
  assert.deepEqual(rebuilt.vertices, rescaled.vertices);
  assert.equal(rebuilt.fingerprint, rescaled.fingerprint);
  // Overrides add up: a second rescale keeps the first one's.
  const again = rescaleJobGraph(rescaled, new Map([[source!.id, 4]]));
  assert.equal(again.config[OVERRIDES], `${counter!.id}:3,${source!.id}:4`);
  assert.equal(createJobGraph(graph, { jobId: 'a'.repeat(32), program, defaultParallelism: 2, config: again.config }).fingerprint, again.fingerprint);
});

test('overrides that cannot run are refused naming the vertex: above the max parallelism, across a FORWARD edge, malformed', () => {
  const original = createJobGraph(keyedCount(true), { jobId: 'a'.repeat(32), program, defaultParallelism: 2 });
  const [source, forwarded] = original.vertices;
  assert.throws(() => rescaleJobGraph(original, new Map([[source!.id, 129]])), { code: 'INVALID_PROGRAM', message: /The parallelism 129 of job vertex 'Source: Sequence Source' \(.*\) must be between 1 and its max parallelism 128/ });
  assert.throws(() => rescaleJobGraph(original, new Map([[forwarded!.id, 3]])), { code: 'INVALID_PROGRAM', message: /reads 'Source: Sequence Source' \(parallelism 2\) through a FORWARD edge, which needs equal parallelism/ });
  assert.deepEqual(rescaleJobGraph(original, new Map([[source!.id, 3], [forwarded!.id, 3]])).vertices.map((v) => v.parallelism), [3, 3, 2]);
  assert.throws(() => createJobGraph(keyedCount(), { jobId: 'a'.repeat(32), program, defaultParallelism: 2, config: { [OVERRIDES]: 'abc=3' } }), { code: 'INVALID_CONFIG', message: /'pipeline.jobvertex-parallelism-overrides': expected <job vertex id>:<parallelism>/ });
});

test('a non-parallel collection source has max parallelism 1 (Flink\'s forceNonParallel), so a rescale cannot raise it', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromElements(1, 2, 3).map((n) => n).print();
  const original = createJobGraph(env.getStreamGraph('Elements'), { jobId: 'a'.repeat(32), program, defaultParallelism: 2 });
  const [source, map] = original.vertices;
  assert.deepEqual([source!.parallelism, source!.maxParallelism], [1, 1]);
  assert.equal(map!.maxParallelism, 128, 'the operators behind it keep the default');
  assert.throws(() => rescaleJobGraph(original, new Map([[source!.id, 2]])), { code: 'INVALID_PROGRAM', message: /must be between 1 and its max parallelism 1/ });
});
