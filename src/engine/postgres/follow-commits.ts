import { listenTo } from './pg-pool.js';

const POLL_MS = 1000;
/** After a commit announced on the primary, how often the replica is asked whether it has it yet. */
const CATCH_UP_MS = 100;
/** How long a replica is asked before the poll takes over. */
const CATCH_UP_FOR_MS = 10_000;

/**
 * LISTEN for commits on the primary (a standby cannot LISTEN), and poll as a fallback. With a
 * replica, a commit is served once the replica has replayed it: `swap(generation)` is asked every
 * 100 ms after the announcement until it says it serves it. Returns what stops following.
 */
export async function followCommits(
  url: string,
  channel: string,
  swap: (generation?: string) => Promise<boolean>,
  isClosed: () => boolean,
): Promise<() => Promise<void>> {
  let catchUp: NodeJS.Timeout | undefined;
  const onCommit = (generation: string | undefined) => {
    clearTimeout(catchUp);
    const deadline = Date.now() + CATCH_UP_FOR_MS;
    const tryNow = () => {
      void swap(generation).then(
        (done) => {
          if (!done && !isClosed() && Date.now() < deadline) catchUp = setTimeout(tryNow, CATCH_UP_MS).unref();
        },
        () => undefined,
      );
    };
    tryNow();
  };
  const unlisten = await listenTo(url, channel, onCommit, isClosed);
  const poll = setInterval(() => void swap().catch(() => undefined), POLL_MS);
  poll.unref();
  return async () => {
    clearInterval(poll);
    clearTimeout(catchUp);
    await unlisten();
  };
}
