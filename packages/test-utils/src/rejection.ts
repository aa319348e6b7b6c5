/** What a test looks at on a rejected promise: the `code`, `message` and `cause` of an rmf-sim error. */
export interface Rejection {
  code: string;
  message: string;
  cause?: { code?: string; name?: string; message?: string };
}

/** The error a promise rejects with; fails (throws) when it resolves instead. */
export function rejection(p: Promise<unknown>): Promise<Rejection> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as Rejection,
  );
}
