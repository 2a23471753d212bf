/** Response schemas of the jar endpoints, in Flink's field names. */
import { Type } from '@sinclair/typebox';

export const JarUploadResponseBody = Type.Object({
  filename: Type.String({ description: 'Path of the stored package on the JobManager; its last segment is the jar id.' }),
  status: Type.Literal('success'),
});

export const JarListInfo = Type.Object({
  address: Type.String({ description: 'The REST address of the JobManager.' }),
  files: Type.Array(Type.Object({
    id: Type.String(),
    name: Type.String(),
    uploaded: Type.Integer(),
    entry: Type.Array(Type.Object({
      name: Type.String({ description: 'An export of the package that has a static main.' }),
      description: Type.String({ description: "The export's `description`, or empty." }),
    })),
  })),
});

export const JarRunResponseBody = Type.Object({
  jobid: Type.String(),
  applicationId: Type.String({ description: "The job's id: Sluice has no applications, a job is its own." }),
});
