/**
 * Flink's OpenAPI spec of the Dispatcher REST API (`rest_v1_dispatcher.yml`) as a validator of
 * Sluice's answers: JSON-schema validation with ajv, plus the contract's stronger rule that every
 * property the spec defines is present.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

type Schema = Record<string, unknown>;

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

const HEX_ID = { type: 'string', pattern: '^[0-9a-f]{32}$' };

/**
 * Where Flink's runtime answers differ from its generated spec, the runtime is the contract (it is
 * what Flink's Web UI and clients read). Each entry says why: `schema` replaces a schema,
 * `optional` properties may be absent, `nullable` ones may be null.
 */
const SPEC_ARTIFACTS: Record<string, { why: string; schema?: Schema; optional?: string[]; nullable?: string[] }> = {
  MetricCollectionResponseBody: {
    why: "Flink's MetricCollectionResponseBodySerializer writes a bare array, not {metrics: [...]}",
    schema: { type: 'array', items: { $ref: '#/components/schemas/Metric' } },
  },
  ApplicationID: { why: 'IDs serialize as 32 hex characters; {bytes, lowerPart, upperPart} is the generator looking at the Java bean', schema: HEX_ID },
  SlotSharingGroupId: { why: 'as ApplicationID', schema: HEX_ID },
  JobConfigInfo: {
    why: "Flink's JobConfigInfo.Serializer writes jid, name and execution-config (the spec shows the Java property names)",
    schema: {
      type: 'object',
      properties: { jid: HEX_ID, name: { type: 'string' }, 'execution-config': { $ref: '#/components/schemas/ExecutionConfigInfo' } },
    },
  },
  LatestCheckpoints: { why: 'each is @Nullable: null until there is such a checkpoint', nullable: ['completed', 'savepoint', 'failed', 'restored'] },
  LatestRescales: { why: 'each is @Nullable: null until there is such a rescale', nullable: ['completed', 'failed', 'ignored'] },
  JobRescaleDetails: { why: 'endTimestamp is @Nullable, and a rescale in progress has no terminal state or reason yet', nullable: ['endTimestampInMillis', 'terminalState', 'terminatedReason'] },
  VertexParallelismRescaleInfo: { why: 'postRescaleParallelism is @Nullable (a rescale in progress)', nullable: ['postRescaleParallelism'] },
  SchedulerStateSpan: { why: 'a phase being passed has not left yet; only a phase that ended the rescale with an error has an exception', nullable: ['leaveTimestampInMillis', 'durationInMillis', 'stringifiedException'] },
  JobRescaleConfigInfo: { why: 'schedulerExecutionMode is null unless the job runs in reactive mode (its enum has only REACTIVE)', nullable: ['schedulerExecutionMode'] },
  VertexFlameGraph: { why: 'data is null while flame graphs are disabled (VertexFlameGraph.disabled(), rest.flamegraph.enabled: false)', nullable: ['data'] },
  AggregatedMetricsResponseBody: {
    why: 'Flink writes a bare array of {id, min, max, avg, sum, skew} (the aggregates asked for; ids only without ?get=)',
    schema: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } },
  },
  AsynchronousOperationResult: {
    why: "operation is null while the operation runs (Flink writes the @Nullable field); the spec's oneOf of AsynchronousOperationInfo, CheckpointInfo and SavepointInfo cannot tell them apart (none has a required field), and Sluice's only asynchronous operation is the manual checkpoint",
    schema: {
      type: 'object',
      required: ['status', 'operation'],
      properties: { status: { $ref: '#/components/schemas/QueueStatus' }, operation: { anyOf: [{ $ref: '#/components/schemas/CheckpointInfo' }, { type: 'null' }] } },
    },
  },
  CheckpointInfo: { why: '@JsonInclude(NON_NULL): a completed checkpoint has only checkpointId, a failed one only failureCause', optional: ['checkpointId', 'failureCause'] },
  JobVertexBackPressureInfo: {
    why: "Flink answers only {status: 'deprecated'} when it has no back-pressure measurements (JobVertexBackPressureInfo.deprecated())",
    optional: ['backpressureLevel', 'end-timestamp', 'subtasks'],
  },
  JobResult: {
    why: "Flink's JobResultSerializer writes id, name, application-status, accumulator-results, net-runtime, failure-cause (failed jobs only), application-id, start-time and end-time (the spec shows the Java property names)",
    schema: {
      type: 'object',
      required: ['id', 'application-status', 'accumulator-results', 'net-runtime'],
      properties: {
        id: HEX_ID,
        name: { type: 'string' },
        'application-status': { type: 'string', enum: ['SUCCEEDED', 'FAILED', 'CANCELED', 'UNKNOWN'] },
        'accumulator-results': { type: 'object' },
        'net-runtime': { type: 'integer' },
        'failure-cause': { type: 'object', required: ['class', 'stack-trace', 'serialized-throwable'], properties: { class: { type: 'string' }, 'stack-trace': { type: 'string' }, 'serialized-throwable': { type: 'string' } } },
        'application-id': HEX_ID,
        'start-time': { type: 'integer' },
        'end-time': { type: 'integer' },
      },
    },
  },
};

/** One spec operation's success answer. */
export interface ExpectedResponse {
  status: number;
  /** The spec's schema name, e.g. "JobDetailsInfo" (undefined for an empty body). */
  schemaName?: string;
  validate?: ValidateFunction;
}

/** Flink's spec, loaded from a file, with a validator per operation. */
export class FlinkSpec {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly schemas: Record<string, Schema>;
  readonly paths: Record<string, Record<string, Operation>>;

  constructor(file: string) {
    const doc = parse(readFileSync(file, 'utf8')) as { paths: FlinkSpec['paths']; components: { schemas: Record<string, Schema> } };
    this.paths = doc.paths;
    this.schemas = doc.components.schemas;
    for (const [name, artifact] of Object.entries(SPEC_ARTIFACTS)) {
      const original = this.schemas[name];
      if (!original) continue;
      if (artifact.schema) this.schemas[name] = artifact.schema;
      const properties = original.properties as Record<string, Schema> | undefined;
      for (const p of artifact.nullable ?? []) if (properties?.[p]) properties[p] = { anyOf: [properties[p], { type: 'null' }] };
    }
    this.ajv.addSchema({ $id: 'flink', components: { schemas: this.schemas } });
  }

  /** The success response of `method path` (path in the spec's `{param}` form), or undefined if the spec lacks it. */
  expected(method: string, path: string): ExpectedResponse | undefined {
    const op = this.paths[path]?.[method.toLowerCase()];
    if (!op?.responses) return undefined;
    const [status, response] = Object.entries(op.responses).find(([s]) => s.startsWith('2')) ?? [];
    if (!status) return undefined;
    const ref = response?.content?.['application/json']?.schema?.$ref as string | undefined;
    const schemaName = ref?.split('/').pop();
    return {
      status: Number(status),
      schemaName,
      validate: schemaName ? this.ajv.getSchema(`flink#/components/schemas/${schemaName}`) : undefined,
    };
  }

  /**
   * Problems of `body` against the expected response: schema violations and properties the spec
   * defines that are missing (at any depth; where a schema lists `required` properties, only
   * those); empty when the body conforms.
   */
  check(expected: ExpectedResponse, body: unknown): string[] {
    if (!expected.validate || !expected.schemaName) return [];
    const problems = expected.validate(body) ? [] : (expected.validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    this.missingProperties(this.schemas[expected.schemaName]!, body, '', problems, expected.schemaName);
    return problems;
  }

  /** The schema behind `$ref`s (and `anyOf` of a nullable property), with the name of the last one. */
  private resolve(schema: Schema, name?: string): { schema: Schema; name?: string } {
    const ref = schema.$ref as string | undefined;
    if (ref) return this.resolve(this.schemas[ref.split('/').pop()!]!, ref.split('/').pop());
    const anyOf = schema.anyOf as Schema[] | undefined;
    return anyOf ? this.resolve(anyOf[0]!, name) : { schema, name };
  }

  private missingProperties(schemaOrRef: Schema, value: unknown, at: string, problems: string[], name?: string): void {
    const { schema, name: resolvedName } = this.resolve(schemaOrRef, name);
    if (value === null || typeof value !== 'object') return;
    const optional = new Set(resolvedName ? SPEC_ARTIFACTS[resolvedName]?.optional : []);
    const required = schema.required as string[] | undefined;
    if (Array.isArray(value)) {
      const items = schema.items as Schema | undefined;
      if (items) value.forEach((v, i) => this.missingProperties(items, v, `${at}/${i}`, problems));
      return;
    }
    const record = value as Record<string, unknown>;
    const properties = schema.properties as Record<string, Schema> | undefined;
    for (const [name, propertySchema] of Object.entries(properties ?? {})) {
      if (!(name in record)) {
        if (!optional.has(name) && (required === undefined || required.includes(name))) problems.push(`${at}/${name} is missing`);
      }
      else this.missingProperties(propertySchema, record[name], `${at}/${name}`, problems);
    }
    const additional = schema.additionalProperties;
    if (additional && typeof additional === 'object') {
      for (const [name, v] of Object.entries(record)) if (!properties?.[name]) this.missingProperties(additional as Schema, v, `${at}/${name}`, problems);
    }
  }

  /** Why an entry of SPEC_ARTIFACTS overrides the spec (for the test's report). */
  static artifacts(): string[] {
    return Object.entries(SPEC_ARTIFACTS).map(([name, { why }]) => `${name}: ${why}`);
  }
}
