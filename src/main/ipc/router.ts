import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import {
  channels,
  fail,
  isAppError,
  ok,
  type ChannelName,
  type ChannelOutput,
  type Channels,
  type Result,
} from '../../shared/contract';
import type { CallContext, Logger } from './types';

/** What a handler receives: the input AFTER zod parsing (defaults applied, unknown keys refused). */
export type ParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;

export type Handler<C extends ChannelName> = (
  input: ParsedInput<C>,
  ctx: CallContext,
) => Promise<ChannelOutput<C>>;

/** One handler per channel. A missing key is a compile error in the composition root. */
export type Handlers = { [C in ChannelName]: Handler<C> };

export interface Router {
  dispatch(channelName: unknown, payload: unknown, ctx: CallContext): Promise<Result<unknown>>;
}

const MAX_ISSUES_SHOWN = 3;
const MAX_PART_LENGTH = 120;

const clip = (s: string, max = MAX_PART_LENGTH): string => (s.length > max ? `${s.slice(0, max)}…` : s);

/** Short, readable and bounded: a hostile payload must not be echoed back or into the log. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => {
    const path = issue.path.length === 0 ? '(input)' : issue.path.map((p) => clip(String(p), 40)).join('.');
    return `${clip(path)}: ${clip(issue.message)}`;
  });
  const more = issues.length > MAX_ISSUES_SHOWN ? ` (and ${issues.length - MAX_ISSUES_SHOWN} more)` : '';
  return shown.join('; ') + more;
}

const isChannelName = (name: unknown): name is ChannelName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);

export function createRouter(deps: { handlers: Handlers; logger: Logger }): Router {
  const { handlers, logger } = deps;

  const internal = (channel: string, detail: Record<string, unknown>): Result<never> => {
    const ref = randomBytes(3).toString('hex').toUpperCase();
    logger.error(`IPC ${channel} failed (ref ${ref})`, { ref, channel, ...detail });
    return fail({
      code: 'INTERNAL',
      message: `Something went wrong in the app (ref ${ref}). The details are in the log file.`,
      hint: 'Try again; if it keeps happening, send the log file with this ref to support.',
    });
  };

  async function dispatch(
    channelName: unknown,
    payload: unknown,
    ctx: CallContext,
  ): Promise<Result<unknown>> {
    if (!isChannelName(channelName)) {
      const shown = typeof channelName === 'string' ? `"${clip(channelName, 60)}"` : typeof channelName;
      return fail({
        code: 'VALIDATION',
        message: `Unknown channel ${shown}.`,
        hint: 'The app and its window are out of step; restart the app.',
      });
    }
    const def = channels[channelName];
    const parsed = def.input.safeParse(payload);
    if (!parsed.success) {
      return fail({
        code: 'VALIDATION',
        message: `Invalid input for ${channelName}: ${describeIssues(parsed.error.issues)}`,
      });
    }

    let output: unknown;
    try {
      // The cast is the one place the per-channel types meet the runtime lookup; the mapped type
      // guarantees each entry matches its own channel.
      const handler = handlers[channelName] as (input: unknown, ctx: CallContext) => Promise<unknown>;
      output = await handler(parsed.data, ctx);
    } catch (error) {
      if (isAppError(error)) return fail(error.toData());
      const e = error instanceof Error ? error : new Error(String(error));
      return internal(channelName, { error: e.message, stack: e.stack, sender: ctx.sender });
    }

    const checked = def.output.safeParse(output);
    if (!checked.success) {
      return internal(channelName, {
        error: 'handler returned a value that does not match the contract output schema',
        issues: describeIssues(checked.error.issues),
      });
    }
    return ok(checked.data);
  }

  return { dispatch };
}
