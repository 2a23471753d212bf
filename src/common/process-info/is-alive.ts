/**
 * Whether a process with this pid is alive and ours to signal. A pid of another user's process
 * counts as gone: pid files and log-file locks are per user, so such a pid was reused.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
