import type { z } from 'zod';
import { AppError } from '../../shared/contract/errors';

/** One sentence listing every problem, each naming its field, so the user can fix them all in one go. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join('.');
      // Field rules carry messages that name the field; zod's generic ones need the path added.
      const generic = issue.code === 'unrecognized_keys' || /^(Invalid|Too |Expected)/.test(issue.message);
      return generic && path !== '' ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

export function validationError(what: string, error: z.ZodError): AppError {
  return new AppError(
    'VALIDATION',
    `${what}: ${describeIssues(error)}.`,
    'Correct the fields named and save again.',
  );
}
