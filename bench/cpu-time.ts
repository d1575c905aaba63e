import { readdirSync, readFileSync } from 'node:fs';

// CPU time of processes on this machine (Linux /proc), to say what a request costs where: in the
// web nodes, in the database. Clock ticks are 100 a second on Linux.
const TICK_MS = 10;

function stat(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name is in parentheses and may hold spaces: fields are counted after it
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** User plus system CPU of the processes, in ms (a process gone counts nothing). */
export function cpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const f = stat(pid);
    // after the name: state, ppid, ... utime is field 14 of the line, stime 15 (here 11 and 12)
    if (f) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks * TICK_MS;
}

/** The parent of a process, or undefined. */
export function parentOf(pid: number): number | undefined {
  const f = stat(pid);
  return f ? Number(f[1]) : undefined;
}

/** The processes whose parent is `ppid` (a PostgreSQL server's backends and workers). */
export function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    if (parentOf(Number(name)) === ppid) out.push(Number(name));
  }
  return out;
}
