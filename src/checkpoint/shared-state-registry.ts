/**
 * Reference counts of the files in a job's shared directory (Flink's SharedStateRegistry): an
 * incremental checkpoint names files earlier checkpoints wrote there, so a file outlives the
 * checkpoint that wrote it and is deleted only once no retained checkpoint names it.
 *
 * A file no checkpoint names any more is deleted one completed checkpoint later, not at once: a
 * task may have taken its snapshot for the next checkpoint before it heard that the previous one
 * completed, and then names the files of the one before (whose chain the JobManager just
 * subsumed) again.
 */
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CheckpointMetadata } from './checkpoint-storage.js';

export class SharedStateRegistry {
  private readonly references = new Map<string, number>();
  /** Shared files no retained checkpoint names, deleted at the next `deleteUnreferenced` unless named again. */
  private unreferenced = new Set<string>();

  /** Counts a reference of a retained checkpoint at `location` to each shared file its `metadata` names. */
  register(metadata: CheckpointMetadata, location: string): void {
    for (const path of sharedFiles(metadata, location)) {
      this.references.set(path, (this.references.get(path) ?? 0) + 1);
      this.unreferenced.delete(path);
    }
  }

  /** Drops the references of a checkpoint no longer retained. */
  unregister(metadata: CheckpointMetadata, location: string): void {
    for (const path of sharedFiles(metadata, location)) {
      const count = (this.references.get(path) ?? 1) - 1;
      if (count > 0) this.references.set(path, count);
      else {
        this.references.delete(path);
        this.unreferenced.add(path);
      }
    }
  }

  /**
   * Whether the file at `path` is the registry's: a retained checkpoint names it, or it awaits
   * deletion (a task behind may name it again).
   */
  tracks(path: string): boolean {
    return this.references.has(path) || this.unreferenced.has(path);
  }

  /** Deletes the shared files that were unreferenced before and still are. */
  async deleteUnreferenced(): Promise<void> {
    const paths = [...this.unreferenced];
    this.unreferenced = new Set();
    await Promise.all(paths.map((path) => rm(path, { force: true })));
  }
}

/** The keyed state files of `metadata` (absolute paths) outside its own directory `location`: the shared ones. */
function sharedFiles(metadata: CheckpointMetadata, location: string): string[] {
  const files = metadata.subtasks.flatMap((s) => s.keyedStateFiles ?? []);
  return [...new Set(files.filter((f) => dirname(f.path) !== location).map((f) => f.path))];
}
