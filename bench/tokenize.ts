/**
 * The benchmark's tokenization, shared by the Sluice job and the hand-written loop so both do
 * exactly the same work: lower-case, split on runs of non-word characters. The split leaves an
 * empty token where a line starts or ends with a separator; callers skip empty tokens.
 */
export function tokens(line: string): string[] {
  return line.toLowerCase().split(/\W+/);
}
