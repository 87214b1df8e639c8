import { z } from 'zod';

/** A request/response channel: the input the renderer sends and the output main answers with. */
export interface ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  description: string;
}

/** A push event from main to the renderer. */
export interface EventDef<P extends z.ZodType = z.ZodType> {
  payload: P;
  description: string;
}

export const channel = <I extends z.ZodType, O extends z.ZodType>(
  description: string,
  input: I,
  output: O,
): ChannelDef<I, O> => ({ input, output, description });

export const event = <P extends z.ZodType>(description: string, payload: P): EventDef<P> => ({
  payload,
  description,
});

// Input building blocks. Every input object is strict (unknown keys are refused, which also refuses
// "__proto__" and "constructor" keys) and every string and array is bounded, so a hostile or buggy
// renderer cannot make main allocate without limit.
export const input = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape);
export const noInput = z.strictObject({});
export const text = (max = 1_000) => z.string().max(max);
export const id = () => z.string().min(1).max(200);
export const uuid = () => z.uuid();
export const list = <T extends z.ZodType>(item: T, max = 1_000) => z.array(item).max(max);
