/** A description of the machine and the code a benchmark ran on, for the report. */
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, totalmem } from 'node:os';

export interface Machine {
  date: string;
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  platform: string;
  /** The commit measured, marked when the work tree had uncommitted changes to tracked files. */
  revision: string;
}

export function describeMachine(root: string): Machine {
  return {
    date: new Date().toISOString(),
    cores: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    revision: revision(root),
  };
}

function revision(root: string): string {
  const git = (...args: string[]): string | undefined => {
    const r = spawnSync('git', ['-C', root, ...args], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : undefined;
  };
  const commit = git('rev-parse', '--short', 'HEAD');
  if (!commit) return 'unknown (not a git work tree)';
  return git('status', '--porcelain', '--untracked-files=no') ? `${commit} with uncommitted changes` : commit;
}
