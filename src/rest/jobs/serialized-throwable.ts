/**
 * An error as Flink's SerializedThrowableSerializer writes it (`class`, `stack-trace`,
 * `serialized-throwable`): the class is the error's code, and the Java-serialized throwable,
 * which no client here could read, is the stack trace again, base64.
 */
import { Type, type Static } from '@sinclair/typebox';

export const SerializedThrowableSchema = Type.Object({
  class: Type.String({ description: "The error's code (Flink: the exception's class name)." }),
  'stack-trace': Type.String({ description: "The error's message and stack, as text." }),
  'serialized-throwable': Type.String({ description: 'Flink: the Java-serialized throwable; here the stack trace again, base64.' }),
});
export type SerializedThrowableJson = Static<typeof SerializedThrowableSchema>;

/** The JSON of an error with code `code` and stack trace (or message) `stackTrace`. */
export function serializedThrowableJson(code: string, stackTrace: string): SerializedThrowableJson {
  return { class: code, 'stack-trace': stackTrace, 'serialized-throwable': Buffer.from(stackTrace).toString('base64') };
}
