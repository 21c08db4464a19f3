/**
 * CPU time of one thread, from Linux's /proc (Node 20 has no per-thread CPU clock). The page budget counts CPU time
 * where it can: on a busy CI machine a thread may get a tenth of a core, and a wall-clock budget would then skip
 * ordinary large pages (it did, on the Graph corpus under load). Elsewhere, the functions answer undefined and the
 * budget falls back to wall-clock time.
 */
import { readFileSync, readlinkSync } from 'node:fs';

// Clock ticks per second of /proc's utime and stime: 100 on every Linux that Node supports (USER_HZ).
const TICKS_PER_SECOND = 100;

/** The calling thread's id (Linux), or undefined. */
export function currentThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** CPU milliseconds (user + system) thread `tid` of this process has used, or undefined when /proc cannot tell. */
export function threadCpuMs(tid: number | undefined): number | undefined {
  if (tid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}
