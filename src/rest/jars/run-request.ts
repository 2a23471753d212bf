/**
 * The parameters of `POST /jars/:jarid/run` and `/plan` (Flink's JarRunRequestBody and its query
 * parameters, 1.x and 2.x names). Values may come from the JSON body or the query string; the
 * body wins. Flink clients send `null` for unset fields, so every body field is nullable.
 */
import { ErrorCode, SluiceError } from '../../common/errors.js';
import type { ProgramOptions } from '../../protocol/job-packages.js';
import { ID_SCHEMA } from '../http/schemas.js';
import { splitArgumentList, tokenizeArguments } from './program-args.js';

/** Flink's upper bound for parallelism (its max parallelism limit). */
const MAX_PARALLELISM = 32768;
const PARALLELISM = { type: 'integer', minimum: 1, maximum: MAX_PARALLELISM, description: 'Positive integer value that specifies the desired parallelism for the job.' } as const;
const CLAIM_MODE = { type: ['string', 'null'], enum: ['CLAIM', 'NO_CLAIM', 'LEGACY', null] } as const;

/** JSON body of a jar run or plan request. */
export interface JarRunBody {
  entryClass?: string | null;
  programArgs?: string | null;
  programArgsList?: string[] | null;
  parallelism?: number | null;
  jobId?: string | null;
  flinkConfiguration?: Record<string, string> | null;
  savepointPath?: string | null;
  allowNonRestoredState?: boolean | null;
  restoreMode?: string | null;
  claimMode?: string | null;
}

/** Query parameters of a jar run or plan request. */
export interface JarRunQuery {
  'entry-class'?: string;
  programArg?: string;
  'program-args'?: string;
  parallelism?: number;
  jobId?: string;
  savepointPath?: string;
  allowNonRestoredState?: boolean;
}

/** Path parameters of `/jars/:jarid/...`. */
export interface JarIdParams {
  jarid: string;
}

/** The fields of Flink's JarRequestBody, which run and plan requests share. */
const JAR_REQUEST_FIELDS = {
  entryClass: { type: ['string', 'null'] },
  programArgs: { type: ['string', 'null'], description: 'Deprecated: use programArgsList.' },
  programArgsList: { type: ['array', 'null'], items: { type: 'string' } },
  parallelism: { ...PARALLELISM, type: ['integer', 'null'] },
  jobId: { ...ID_SCHEMA, type: ['string', 'null'] },
  flinkConfiguration: { type: ['object', 'null'], additionalProperties: { type: 'string' } },
} as const;

/** Fastify schemas of the run and plan routes (the plan route takes JAR_PLAN_BODY). */
export const JAR_RUN_SCHEMA = {
  params: {
    type: 'object',
    required: ['jarid'],
    properties: { jarid: { type: 'string', description: "The jar id returned by '/jars/upload' (or the uploaded file name: its newest upload)." } },
  },
  querystring: {
    type: 'object',
    properties: {
      'entry-class': { type: 'string', description: 'Name of the entry point export; overrides the manifest default.' },
      programArg: { type: 'string', description: 'Comma-separated list of program arguments.' },
      'program-args': { type: 'string', description: 'Deprecated: program arguments as one string.' },
      parallelism: PARALLELISM,
      jobId: ID_SCHEMA,
      savepointPath: { type: 'string' },
      allowNonRestoredState: { type: 'boolean' },
    },
  },
  body: {
    title: 'JarRunRequestBody',
    type: 'object',
    // Flink reads request bodies with its strict mapper: an unknown field is a 400.
    additionalProperties: false,
    properties: {
      ...JAR_REQUEST_FIELDS,
      savepointPath: { type: ['string', 'null'] },
      allowNonRestoredState: { type: ['boolean', 'null'] },
      restoreMode: CLAIM_MODE,
      claimMode: CLAIM_MODE,
    },
  },
} as const;

/** Flink's JarPlanRequestBody: no restore settings. */
export const JAR_PLAN_BODY = { ...JAR_RUN_SCHEMA.body, title: 'JarPlanRequestBody', properties: JAR_REQUEST_FIELDS } as const;

const SAVEPOINT_PATH = 'execution.savepoint.path';

/** The claim modes a run may ask for (Flink's RecoveryClaimMode without the deprecated LEGACY). */
const CLAIM_MODES = ['CLAIM', 'NO_CLAIM'];

/** Merges body and query into the options the job package service needs. */
export function programOptions(body: JarRunBody, query: JarRunQuery): ProgramOptions {
  const options: ProgramOptions = { args: programArgs(body, query), config: { ...body.flinkConfiguration } };
  const entryClass = nonEmpty(body.entryClass) ?? nonEmpty(query['entry-class']);
  if (entryClass !== undefined) options.entryClass = entryClass;
  const parallelism = body.parallelism ?? query.parallelism;
  if (parallelism !== undefined) options.parallelism = parallelism;
  const jobId = nonEmpty(body.jobId) ?? nonEmpty(query.jobId);
  if (jobId !== undefined) options.jobId = jobId;
  // Restore settings travel in the job config under Flink's keys, as Flink's client puts them.
  const savepointPath = nonEmpty(body.savepointPath) ?? nonEmpty(query.savepointPath);
  if (savepointPath !== undefined) options.config[SAVEPOINT_PATH] = savepointPath;
  const allowNonRestored = body.allowNonRestoredState ?? query.allowNonRestoredState;
  if (allowNonRestored !== undefined) options.config['execution.savepoint.ignore-unclaimed-state'] = String(allowNonRestored);
  const claimMode = body.claimMode ?? body.restoreMode;
  if (claimMode) {
    if (!CLAIM_MODES.includes(claimMode)) throw SluiceError.user(ErrorCode.BAD_REQUEST, `Restore mode ${claimMode} is not supported: use one of ${CLAIM_MODES.join(', ')}.`);
    options.config['execution.state-recovery.claim-mode'] = claimMode;
  }
  return options;
}

function programArgs(body: JarRunBody, query: JarRunQuery): string[] {
  const legacy = tokenizeArguments(nonEmpty(body.programArgs) ?? nonEmpty(query['program-args']));
  const list = body.programArgsList ?? splitArgumentList(query.programArg);
  if (list.length > 0 && legacy.length > 0) {
    throw SluiceError.user(ErrorCode.BAD_REQUEST, 'Confusing request: programArgs and programArgsList are specified, please, use only programArgsList');
  }
  return list.length > 0 ? list : legacy;
}

/** Flink treats empty strings like absent values. */
function nonEmpty(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : value;
}
