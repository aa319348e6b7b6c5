// Small helpers shared by the scripts under scripts/services/ (not a service itself: scripts/services.mjs runs only
// the files directly in scripts/services/).

/** Whether a process with this pid exists (EPERM: it exists, but belongs to another user). */
export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e?.code === 'EPERM';
  }
}
