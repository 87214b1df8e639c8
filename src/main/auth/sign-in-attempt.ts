import type { AppError } from '../../shared/contract/errors';

/**
 * One interactive sign-in while the app waits for Microsoft's page. It learns the page's URL when MSAL asks
 * to open it, so an abort (Cancel sign-in, the give-up timeout) can release MSAL's loopback listener at once
 * instead of leaving its port open until the analyst comes back.
 */
export class SignInAttempt {
  readonly startedAt: Date;
  /** rejects with the abort reason; never resolves */
  readonly aborted: Promise<never>;
  private pageUrl: string | null = null;
  private reason: AppError | null = null;
  private rejectAborted: (reason: AppError) => void = () => undefined;

  constructor(
    private readonly release: (pageUrl: string) => Promise<unknown>,
    now: Date = new Date(),
  ) {
    this.startedAt = now;
    this.aborted = new Promise<never>((_, reject) => (this.rejectAborted = reject));
    // Nobody may be racing it yet when an abort comes early; the reason is read from abortReason then.
    this.aborted.catch(() => undefined);
  }

  get abortReason(): AppError | null {
    return this.reason;
  }

  /**
   * MSAL is about to open the page. After an abort it must not open: throwing here makes MSAL close its
   * listener itself (the abort came before the page's address was known).
   */
  pageOpening(url: string): void {
    if (this.reason) throw this.reason;
    this.pageUrl = url;
  }

  async abort(reason: AppError): Promise<void> {
    if (this.reason) return;
    this.reason = reason;
    this.rejectAborted(reason);
    if (this.pageUrl) await this.release(this.pageUrl).catch(() => undefined);
  }
}
