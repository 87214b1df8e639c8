/**
 * What `work` ends with if it ends within `ms`, else null; a failure counts as null. The timer does not keep
 * the process alive, and is cleared as soon as the work ends.
 */
export async function settledWithin<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work.catch(() => null),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), ms);
        timer.unref?.();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
