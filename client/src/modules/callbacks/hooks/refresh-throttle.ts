/**
 * Runs `refresh` at once on the first call, then at most once per `everyMs`: calls in between fold into
 * one trailing run. A sweep can hand over thousands of callbacks in a second, each with its own event.
 */
export function refreshThrottle(refresh: () => void, everyMs: number, now: () => number = Date.now) {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    last = now();
    refresh();
  };
  return {
    request(): void {
      if (timer) return;
      timer = setTimeout(run, Math.max(0, last + everyMs - now()));
    },
    cancel(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
